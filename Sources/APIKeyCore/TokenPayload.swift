import Foundation

/// The claims of a token's payload as a verifier reads them.
///
/// `read(_:)` takes the form `TokenSigner` writes (`{"sub":"digits","iat":n,"exp":n}`, any of the
/// time claims, integers) in one pass, and leaves everything else (whitespace, escapes, fractions,
/// other claims, repeated names) to `JSONDecoder`, so both paths give the same claims.
struct TokenPayload: Decodable {
  var sub: String
  var iat: Double?
  var exp: Double?
  var nbf: Double?

  /// The payload of `bytes`; nil when it is not a JSON object with a string `sub` and number times.
  static func read(_ bytes: [UInt8], fastPath: Bool = true) -> TokenPayload? {
    if fastPath, let payload = canonical(bytes) { return payload }
    return try? JSONDecoder().decode(TokenPayload.self, from: Data(bytes))
  }

  /// The claims, or why they are not an API key's.
  func claims() throws(TokenVerificationFailure) -> TokenClaims {
    for value in [iat, exp, nbf] {
      if let value, !value.isFinite || abs(value) > 1e15 {
        throw .malformed("a time claim is out of range")
      }
    }
    let claims = TokenClaims(
      subject: sub,
      issuedAt: iat.map(Date.init(timeIntervalSince1970:)),
      expiresAt: exp.map(Date.init(timeIntervalSince1970:)),
      notBefore: nbf.map(Date.init(timeIntervalSince1970:)))
    guard claims.keyID != nil else { throw .malformed("sub is not an API key id") }
    return claims
  }

  /// `{"sub":"DIGITS"` then `,"iat":INT`, `,"exp":INT`, `,"nbf":INT` (each at most once, any
  /// order), then `}` and nothing after; nil for anything else.
  static func canonical(_ bytes: [UInt8]) -> TokenPayload? {
    let prefix = Array(#"{"sub":""#.utf8)
    guard bytes.count > prefix.count + 2, bytes.starts(with: prefix) else { return nil }
    var index = prefix.count
    let digitsStart = index
    while index < bytes.count, (0x30 ... 0x39).contains(bytes[index]) { index += 1 }
    guard index > digitsStart, index - digitsStart <= 19, index < bytes.count,
      bytes[index] == UInt8(ascii: "\"")
    else { return nil }
    var payload = TokenPayload(
      sub: String(decoding: bytes[digitsStart ..< index], as: UTF8.self))
    index += 1
    while index < bytes.count, bytes[index] == UInt8(ascii: ",") {
      // ,"xxx": is seven bytes; then an integer.
      guard index + 7 < bytes.count, bytes[index + 1] == UInt8(ascii: "\""),
        bytes[index + 5] == UInt8(ascii: "\""), bytes[index + 6] == UInt8(ascii: ":")
      else { return nil }
      let name = (bytes[index + 2], bytes[index + 3], bytes[index + 4])
      index += 7
      guard let (value, end) = integer(bytes, from: index) else { return nil }
      index = end
      switch name {
      case (0x69, 0x61, 0x74) where payload.iat == nil: payload.iat = value  // iat
      case (0x65, 0x78, 0x70) where payload.exp == nil: payload.exp = value  // exp
      case (0x6E, 0x62, 0x66) where payload.nbf == nil: payload.nbf = value  // nbf
      default: return nil
      }
    }
    guard index == bytes.count - 1, bytes[index] == UInt8(ascii: "}") else { return nil }
    return payload
  }

  /// An optionally negative integer of 1 to 15 digits without a leading zero (or 0 itself) at
  /// `start`, and the index after it; nil when the number goes on as a fraction or exponent.
  private static func integer(_ bytes: [UInt8], from start: Int) -> (Double, Int)? {
    var index = start
    let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
    if negative { index += 1 }
    let digitsStart = index
    var value: Int64 = 0
    while index < bytes.count, (0x30 ... 0x39).contains(bytes[index]) {
      value = value * 10 + Int64(bytes[index] - 0x30)
      index += 1
      guard index - digitsStart <= 15 else { return nil }
    }
    let digits = index - digitsStart
    guard digits > 0, digits == 1 || bytes[digitsStart] != UInt8(ascii: "0"), index < bytes.count,
      bytes[index] == UInt8(ascii: ",") || bytes[index] == UInt8(ascii: "}")
    else { return nil }
    return (Double(negative ? -value : value), index)
  }
}
