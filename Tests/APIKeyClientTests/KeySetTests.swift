import APIKeyClient
import APIKeyCore
import APIKeyCrypto
import Foundation
import Testing

@Suite("Offline verification (KeySet)")
struct KeySetTests {
  let key = Ed25519PrivateKey()
  var jwks: String { JSONWebKey.set([JSONWebKey(publicKey: key.publicKey)]) }

  func token(_ claims: TokenClaims? = nil, with key: Ed25519PrivateKey? = nil) -> String {
    TokenSigner(key: key ?? self.key).sign(
      claims ?? TokenClaims(keyID: 99, issuedAt: Date(), expiresAt: Date() + 3600))
  }

  @Test("RFC 8037 Appendix A.4's JWS verifies against the A.2 public key")
  func rfc8037() throws {
    let set = try KeySet(
      jwksJSON:
        #"{"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#
    )
    let payload = try set.verifiedPayload(
      of:
        "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
    )
    #expect(String(decoding: payload, as: UTF8.self) == "Example of Ed25519 signing")
  }

  @Test(
    "The original's token verifies against its published key (no kid), with or without expiry checks"
  )
  func originalToken() throws {
    let set = try KeySet(
      jwksJSON:
        #"{"keys": [{"kty": "OKP", "alg": "EdDSA", "crv": "Ed25519", "x": "nZ3GKPXb5dYcDbBVooqAF-iWM65AlWFTcH9FePU9_LQ"}]}"#
    )
    let token =
      "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI4NDcwMDg1Mjk0Mjk0MTg5NjEzIiwiZXhwIjozMjUwMzY0MzI4M30.jei5bnTEt0AgebJEaR8ITYx9Pme8mS5_jieerH1T671FZnM5vGeGEzGoAGl-YPpqPur4fyMwhw0ergz6sEAgDA"
    #expect(try set.verify(token).subject == "8470085294294189613")
  }

  @Test("Tokens signed by PyJWT from a known key verify")
  func pyjwtToken() throws {
    // jwt.encode({"sub": "123", "exp": 32503680000}, <RFC 8032 TEST 1 key as PEM>, algorithm="EdDSA",
    //            headers={"kid": "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"}) with PyJWT 2.15
    let set = try KeySet(
      jwksJSON:
        #"{"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"}]}"#
    )
    let verified = try set.verify(Self.pyjwtToken)
    #expect(verified.subject == "123")
    #expect(verified.kid == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
  }

  static let pyjwtToken =
    "eyJhbGciOiJFZERTQSIsImtpZCI6ImtQcktfcW14VldhWVZBOXd3QkY2SXVvM3ZWeno3VHhIQ1R3WEJ5Z3JTNGsiLCJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxMjMiLCJleHAiOjMyNTAzNjgwMDAwfQ.CNE3l3_nLpo__ErBYGwWGbAg8TOe-cBTJO-8cykEVxMqZjtOBQEaNy16L4FOGG_hMntdtt12EBqhLhTjAkkJCQ"

  struct Bad: Sendable, CustomTestStringConvertible {
    let name: String
    let token: @Sendable (KeySetTests) -> String
    let error: APIKeyVerificationError
    var testDescription: String { name }
  }

  static func replacing(_ token: String, part: Int, with json: String) -> String {
    var parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    parts[part] = Base64URL.encode(Array(json.utf8))
    return parts.joined(separator: ".")
  }

  static let bad: [Bad] = [
    Bad(
      name: "tampered header",
      token: {
        replacing($0.token(), part: 0, with: #"{"alg":"EdDSA","kid":"x","typ":"JWT","a":1}"#)
      }, error: .unknownKey),
    Bad(
      name: "tampered payload", token: { replacing($0.token(), part: 1, with: #"{"sub":"100"}"#) },
      error: .badSignature),
    Bad(
      name: "tampered signature",
      token: { t in
        let token = t.token()
        return String(token.dropLast(4)) + (token.hasSuffix("AAAA") ? "BBBB" : "AAAA")
      }, error: .badSignature),
    Bad(
      name: "alg none", token: { replacing($0.token(), part: 0, with: #"{"alg":"none"}"#) },
      error: .malformed),
    Bad(
      name: "alg HS256", token: { replacing($0.token(), part: 0, with: #"{"alg":"HS256"}"#) },
      error: .malformed),
    Bad(
      name: "alg RS256", token: { replacing($0.token(), part: 0, with: #"{"alg":"RS256"}"#) },
      error: .malformed),
    Bad(name: "missing segment", token: { _ in "eyJhbGciOiJFZERTQSJ9.e30" }, error: .malformed),
    Bad(name: "extra segment", token: { $0.token() + ".e30" }, error: .malformed),
    Bad(name: "bad base64url", token: { _ in "e$$.e30.AAAA" }, error: .malformed),
    Bad(
      name: "huge input", token: { _ in String(repeating: "eyJ", count: 1_000_000) },
      error: .malformed),
    Bad(name: "unknown kid", token: { $0.token(with: Ed25519PrivateKey()) }, error: .unknownKey),
    Bad(
      name: "expired",
      token: { $0.token(TokenClaims(keyID: 1, issuedAt: nil, expiresAt: Date() - 60)) },
      error: .expired),
    Bad(
      name: "not yet valid",
      token: {
        $0.token(TokenClaims(subject: "1", issuedAt: nil, expiresAt: nil, notBefore: Date() + 600))
      }, error: .notYetValid),
  ]

  @Test("Every kind of bad token gets its error", arguments: bad)
  func rejects(_ bad: Bad) throws {
    let set = try KeySet(jwksJSON: jwks)
    #expect(throws: bad.error) { try set.verify(bad.token(self)) }
  }

  @Test("Expiry checks can be turned off for compatibility with the original's client")
  func expiryOff() throws {
    let set = try KeySet(jwksJSON: jwks, options: .init(checksExpiry: false))
    let expired = token(TokenClaims(keyID: 5, issuedAt: nil, expiresAt: Date() - 60))
    #expect(try set.verify(expired).subject == "5")
  }

  @Test("No keys: noKeys; keys of other types are skipped; broken key sets are refused")
  func keySets() throws {
    #expect(throws: APIKeyVerificationError.noKeys) { try KeySet().verify(token()) }
    let mixed = try KeySnapshot(
      jwksJSON:
        #"{"keys":[{"kty":"RSA","n":"x","e":"AQAB"},{"kty":"OKP","crv":"X25519","x":"abc"},\#(JSONWebKey(publicKey: key.publicKey).json)]}"#
    )
    #expect(mixed.count == 1)
    #expect(throws: APIKeyVerificationError.self) { try KeySnapshot(jwksJSON: "[]") }
    #expect(throws: APIKeyVerificationError.self) {
      try KeySnapshot(jwksJSON: #"{"keys":[{"kty":"OKP","crv":"Ed25519","x":"short"}]}"#)
    }
  }

  @Test("An unknown kid asks the provider for a refresh; replacing the keys takes effect at once")
  func unknownKidAndReplace() throws {
    let set = KeySet()
    let asked = Counter()
    set.onUnknownKey { asked.increment() }
    set.replace(try KeySnapshot(jwksJSON: jwks))
    let other = Ed25519PrivateKey()
    #expect(throws: APIKeyVerificationError.unknownKey) { try set.verify(token(with: other)) }
    #expect(asked.value == 1)
    set.replace(try KeySnapshot(jwksJSON: JSONWebKey.set([JSONWebKey(publicKey: other.publicKey)])))
    #expect(try set.verify(token(with: other)).subject == "99")
    #expect(throws: APIKeyVerificationError.unknownKey) { try set.verify(token()) }
  }

  @Test("A revoked key's token fails as revoked; the revocation list document is read by sub")
  func revoked() throws {
    let list = try RevocationList(
      json: Array(
        #"{"revision":4,"revoked":[{"sub":"99","exp":null,"revoked_at":1},{"sub":"7","exp":2}]}"#
          .utf8))
    #expect(list.ids == [99, 7])
    #expect(list.revision == 4)
    let set = KeySet(keys: try KeySnapshot(jwksJSON: jwks).revoking(list.ids))
    #expect(throws: APIKeyVerificationError.revoked) { try set.verify(token()) }
    #expect(
      try set.verify(token(TokenClaims(keyID: 100, issuedAt: nil, expiresAt: nil))).subject == "100"
    )
    set.replace(set.keys.revoking([]))
    #expect(try set.verify(token()).subject == "99")
    #expect(throws: APIKeyVerificationError.self) {
      try RevocationList(json: Array(#"{"revoked":[{"sub":"not-an-id"}]}"#.utf8))
    }
    #expect(throws: APIKeyVerificationError.self) { try RevocationList(json: Array("[]".utf8)) }
  }

  @Test("Many tasks verify at once while the keys are replaced")
  func concurrent() async throws {
    let set = try KeySet(jwksJSON: jwks)
    let good = token()
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0 ..< 8 {
        group.addTask { for _ in 0 ..< 200 { _ = try set.verify(good) } }
      }
      group.addTask { for _ in 0 ..< 200 { set.replace(try KeySnapshot(jwksJSON: jwks)) } }
      try await group.waitForAll()
    }
  }
}

final class Counter: @unchecked Sendable {
  private var count = 0
  private let lock = NSLock()
  func increment() { lock.withLock { count += 1 } }
  var value: Int { lock.withLock { count } }
}
