import APIKeyCore
import APIKeyCrypto
import Foundation

/// One fixed key set (two keys, one revoked id), built once.
let key = try! Ed25519PrivateKey(seed: [UInt8](repeating: 7, count: 32))
let other = try! Ed25519PrivateKey(seed: [UInt8](repeating: 9, count: 32))
let now = Date(timeIntervalSince1970: 1_800_000_000)
let keys = PublishedKeySet(
  keys: [
    SigningKeyInfo(publicKey: key.publicKey, createdAt: now - 100, notBefore: now - 100),
    SigningKeyInfo(publicKey: other.publicKey, createdAt: now - 50, notBefore: now - 50),
  ],
  revoked: [RevokedKey(id: 42, revokedAt: now - 10, expiresAt: nil)], revision: 1, now: now)

/// Token parsing and verification: any bytes as a token must give a verdict, never a crash; a
/// token that verifies must name a key of the set and a positive key id.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzToken(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = UnsafeRawBufferPointer(start: start, count: count)
  let token = String(decoding: bytes, as: UTF8.self)
  for verifier in [TokenVerifier(), TokenVerifier(checksExpiry: false, leeway: 60)] {
    if let verified = try? verifier.verify(token, keys: keys, now: now) {
      precondition(keys.publicKey(kid: verified.kid) != nil, "verified by a key not in the set")
      precondition((verified.claims.keyID ?? 0) > 0, "verified without a key id")
    }
  }
  // Also as a signed token: re-signed payload bytes must verify (the signing side's codec).
  if count <= 512, let text = String(validating: bytes, as: UTF8.self) {
    let signed = TokenSigner(key: key).sign(
      TokenClaims(subject: text.isEmpty ? "1" : text, issuedAt: now, expiresAt: nil))
    _ = try? TokenVerifier().verifiedPayload(of: signed, keys: keys)
  }
  return 0
}
