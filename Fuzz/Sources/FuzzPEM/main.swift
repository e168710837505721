import APIKeyCrypto

/// The PKCS#8 PEM and DER readers: any input is refused with an error or read as a key whose
/// own PEM reads back as the same key.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPEM(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
  if let key = try? Ed25519PrivateKey(pem: String(decoding: bytes, as: UTF8.self)) {
    let again = try? Ed25519PrivateKey(pem: key.pemRepresentation)
    precondition(again?.publicKey == key.publicKey, "a key read from PEM does not read back")
  }
  if let key = try? Ed25519PrivateKey(pkcs8DER: bytes) {
    precondition(key.publicKey.rawRepresentation.count == 32)
  }
  return 0
}
