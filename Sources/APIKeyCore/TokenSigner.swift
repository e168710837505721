public import APIKeyCrypto
import Foundation

/// Produces compact JWS tokens: header `{"alg":"EdDSA","kid":…,"typ":"JWT"}`, payload
/// `{"sub":…,"iat":…,"exp":…}` (`exp` only when set), Ed25519 signature.
public struct TokenSigner: Sendable {
  /// The kid written in the header; the RFC 7638 thumbprint of `key`'s public key.
  public let kid: String
  private let key: Ed25519PrivateKey

  /// A signer for `key`.
  public init(key: Ed25519PrivateKey) {
    self.key = key
    self.kid = JSONWebKey(publicKey: key.publicKey).thumbprint
  }

  /// The signed token for `claims`.
  public func sign(_ claims: TokenClaims) -> String {
    let header = #"{"alg":"EdDSA","kid":"\#(kid)","typ":"JWT"}"#
    var payload = #"{"sub":\#(Self.jsonString(claims.subject))"#
    if let issuedAt = claims.issuedAt { payload += #","iat":\#(issuedAt.secondsSince1970)"# }
    if let expiresAt = claims.expiresAt { payload += #","exp":\#(expiresAt.secondsSince1970)"# }
    if let notBefore = claims.notBefore { payload += #","nbf":\#(notBefore.secondsSince1970)"# }
    payload += "}"
    let signingInput =
      Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
    return signingInput + "." + Base64URL.encode(key.signature(for: Array(signingInput.utf8)))
  }

  private static func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
