import APIKeyCore

/// The strict base64url decoder: whatever it accepts must encode back to the same text (one
/// encoding per byte string), and encoding any bytes must decode back to them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBase64URL(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
  let text = String(decoding: bytes, as: UTF8.self)
  if let decoded = Base64URL.decode(text) {
    precondition(Base64URL.encode(decoded) == text, "accepted a non-canonical encoding")
  }
  precondition(Base64URL.decode(Base64URL.encode(bytes)) == bytes, "round trip lost bytes")
  return 0
}
