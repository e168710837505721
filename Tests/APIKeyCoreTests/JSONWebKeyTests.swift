import APIKeyCore
import APIKeyCrypto
import Foundation
import Testing

@Suite("JWK, kid and JWKS")
struct JSONWebKeyTests {
  /// RFC 8037 Appendix A.1's key (the same as RFC 8032 TEST 1).
  static let rfc8037X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
  static let rfc8037D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"

  @Test("RFC 8037 A.2/A.3: the public key and its RFC 7638 thumbprint (the kid)")
  func rfc8037Thumbprint() throws {
    let key = try Ed25519PrivateKey(seed: #require(Base64URL.decode(Self.rfc8037D)))
    let jwk = JSONWebKey(publicKey: key.publicKey)
    #expect(jwk.x == Self.rfc8037X)
    #expect(jwk.thumbprint == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
  }

  @Test("RFC 8037 A.4: the example JWS signature verifies with the A.1 key")
  func rfc8037Signature() throws {
    let jws =
      "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
    let parts = jws.split(separator: ".")
    let key = try Ed25519PublicKey(rawRepresentation: #require(Base64URL.decode(Self.rfc8037X)))
    let signature = try #require(Base64URL.decode(parts[2]))
    #expect(key.isValidSignature(signature, for: Array("\(parts[0]).\(parts[1])".utf8)))
    #expect(
      String(decoding: try #require(Base64URL.decode(parts[1])), as: UTF8.self)
        == "Example of Ed25519 signing")
  }

  @Test("The JWKS has the original's members plus kid, alg and use, and parses as JSON")
  func jwksShape() throws {
    let key = Ed25519PrivateKey().publicKey
    let document = JSONWebKey.set([JSONWebKey(publicKey: key)])
    let object = try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any]
    let keys = try #require(object?["keys"] as? [[String: String]])
    #expect(keys.count == 1)
    #expect(keys[0]["kty"] == "OKP")
    #expect(keys[0]["crv"] == "Ed25519")
    #expect(keys[0]["alg"] == "EdDSA")
    #expect(keys[0]["use"] == "sig")
    #expect(keys[0]["x"] == Base64URL.encode(key.rawRepresentation))
    #expect(keys[0]["kid"] == JSONWebKey(publicKey: key).thumbprint)
    #expect(JSONWebKey.set([]) == #"{"keys":[]}"#)
  }

  @Test("base64url round-trips and refuses padding and foreign characters")
  func base64url() {
    for length in 0 ..< 40 {
      let bytes = (0 ..< length).map { UInt8(($0 * 37 + 11) % 256) }
      #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
    }
    #expect(Base64URL.decode("ab+c") == nil)
    #expect(Base64URL.decode("abc=") == nil)
    #expect(Base64URL.decode("a") == nil)
    // Unused bits in the last character make a second spelling of the same bytes: refused.
    #expect(Base64URL.decode("AA") == [0])
    #expect(Base64URL.decode("AB") == nil)
    #expect(Base64URL.decode("AAA") == [0, 0])
    #expect(Base64URL.decode("AAB") == nil)
  }
}
