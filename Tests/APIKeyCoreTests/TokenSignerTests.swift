import APIKeyCore
import APIKeyCrypto
import Foundation
import Testing

@Suite("Token signing")
struct TokenSignerTests {
  let now = Date(timeIntervalSince1970: 1_800_000_000)
  let key = Ed25519PrivateKey()

  func token(_ claims: TokenClaims? = nil) -> String {
    TokenSigner(key: key).sign(
      claims ?? TokenClaims(keyID: 42, issuedAt: now, expiresAt: now + 3600))
  }

  @Test("The header is exactly alg EdDSA, kid, typ JWT; the payload holds only sub, iat, exp")
  func layout() throws {
    let parts = token().split(separator: ".")
    let header = String(decoding: try #require(Base64URL.decode(parts[0])), as: UTF8.self)
    let payload = String(decoding: try #require(Base64URL.decode(parts[1])), as: UTF8.self)
    #expect(
      header
        == #"{"alg":"EdDSA","kid":"\#(JSONWebKey(publicKey: key.publicKey).thumbprint)","typ":"JWT"}"#
    )
    #expect(payload == #"{"sub":"42","iat":1800000000,"exp":1800003600}"#)
    let noExpiry = token(TokenClaims(keyID: 7, issuedAt: now, expiresAt: nil)).split(separator: ".")
    #expect(
      String(decoding: try #require(Base64URL.decode(noExpiry[1])), as: UTF8.self)
        == #"{"sub":"7","iat":1800000000}"#)
  }
}
