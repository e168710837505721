import APIKeyCore
import APIKeyCrypto
import Foundation
import Testing

@Suite("Token verification")
struct TokenVerifierTests {
  let now = Date(timeIntervalSince1970: 1_800_000_000)
  let key = Ed25519PrivateKey()

  func keySet(_ keys: Ed25519PrivateKey...) -> PublishedKeySet {
    PublishedKeySet(
      keys: keys.map { SigningKeyInfo(publicKey: $0.publicKey, createdAt: now, notBefore: now) },
      revision: 1, now: now)
  }

  func token(_ claims: TokenClaims? = nil, key: Ed25519PrivateKey? = nil) -> String {
    TokenSigner(key: key ?? self.key).sign(
      claims ?? TokenClaims(keyID: 42, issuedAt: now, expiresAt: now + 3600))
  }

  @Test("A signed token verifies and carries the key id, kid and expiry")
  func roundTrip() throws {
    let verified = try TokenVerifier().verify(token(), keys: keySet(key), now: now)
    #expect(verified.subject == "42")
    #expect(verified.claims.keyID == 42)
    #expect(verified.kid == JSONWebKey(publicKey: key.publicKey).thumbprint)
    #expect(verified.claims.expiresAt == now + 3600)
  }

  @Test(
    "The original's real token verifies against its published key (no kid, tried against every key)"
  )
  func originalToken() throws {
    let original =
      "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI4NDcwMDg1Mjk0Mjk0MTg5NjEzIiwiZXhwIjozMjUwMzY0MzI4M30.jei5bnTEt0AgebJEaR8ITYx9Pme8mS5_jieerH1T671FZnM5vGeGEzGoAGl-YPpqPur4fyMwhw0ergz6sEAgDA"
    let publicKey = try Ed25519PublicKey(
      rawRepresentation: #require(Base64URL.decode("nZ3GKPXb5dYcDbBVooqAF-iWM65AlWFTcH9FePU9_LQ")))
    let set = PublishedKeySet(
      keys: [
        SigningKeyInfo(publicKey: Ed25519PrivateKey().publicKey, createdAt: now, notBefore: now),
        SigningKeyInfo(publicKey: publicKey, createdAt: now, notBefore: now),
      ], revision: 3, now: now)
    let verified = try TokenVerifier().verify(original, keys: set, now: now)
    #expect(verified.subject == "8470085294294189613")
    #expect(verified.kid == JSONWebKey(publicKey: publicKey).thumbprint)
  }

  struct Rejection: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable (TokenVerifierTests) -> String
    let expected: @Sendable (TokenVerificationFailure) -> Bool
    var testDescription: String { name }
  }

  static func swapPart(_ token: String, _ index: Int, with text: String) -> String {
    var parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    parts[index] = Base64URL.encode(Array(text.utf8))
    return parts.joined(separator: ".")
  }

  static func isMalformed(_ failure: TokenVerificationFailure) -> Bool {
    if case .malformed = failure { return true }
    return false
  }

  static let rejections: [Rejection] = [
    Rejection(
      name: "tampered payload",
      make: { swapPart($0.token(), 1, with: #"{"sub":"43","iat":1800000000,"exp":1800003600}"#) },
      expected: { $0 == .badSignature }),
    Rejection(
      name: "tampered signature",
      make: { t in
        // Change a character in the middle of the signature (every bit of it counts).
        var characters = Array(t.token())
        let index = characters.count - 20
        characters[index] = characters[index] == "A" ? "B" : "A"
        return String(characters)
      }, expected: { $0 == .badSignature }),
    Rejection(
      name: "signature re-spelled with unused bits set",
      make: { t in
        var characters = Array(t.token())
        let last = characters.count - 1
        // The last of 86 characters carries 2 bits and 4 unused ones: set one unused bit.
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let value = alphabet.firstIndex(of: characters[last])!
        characters[last] = alphabet[value | 1]
        return String(characters)
      }, expected: isMalformed),
    Rejection(
      name: "alg none",
      make: { swapPart($0.token(), 0, with: #"{"alg":"none","typ":"JWT"}"#) }, expected: isMalformed
    ),
    Rejection(
      name: "alg HS256",
      make: { swapPart($0.token(), 0, with: #"{"alg":"HS256","typ":"JWT"}"#) },
      expected: isMalformed),
    Rejection(name: "two segments", make: { _ in "abc.def" }, expected: isMalformed),
    Rejection(name: "four segments", make: { $0.token() + ".x" }, expected: isMalformed),
    Rejection(name: "not base64url", make: { _ in "a*b.c$d.e!f" }, expected: isMalformed),
    Rejection(name: "empty", make: { _ in "" }, expected: isMalformed),
    Rejection(
      name: "huge", make: { _ in String(repeating: "a", count: 100_000) }, expected: isMalformed),
    Rejection(
      name: "sub not a key id",
      make: { $0.token(TokenClaims(subject: "admin", issuedAt: nil, expiresAt: nil)) },
      expected: isMalformed),
    Rejection(
      name: "unknown kid", make: { $0.token(key: Ed25519PrivateKey()) },
      expected: { if case .unknownKid = $0 { true } else { false } }),
    Rejection(
      name: "expired",
      make: { $0.token(TokenClaims(keyID: 1, issuedAt: nil, expiresAt: $0.now - 1)) },
      expected: { $0 == .expired(Date(timeIntervalSince1970: 1_799_999_999)) }),
    Rejection(
      name: "not yet valid",
      make: {
        $0.token(TokenClaims(subject: "1", issuedAt: nil, expiresAt: nil, notBefore: $0.now + 60))
      },
      expected: { if case .notYetValid = $0 { true } else { false } }),
  ]

  @Test("Bad tokens are refused with their reason", arguments: rejections)
  func rejects(_ rejection: Rejection) {
    let error = #expect(throws: TokenVerificationFailure.self) {
      _ = try TokenVerifier().verify(rejection.make(self), keys: keySet(key), now: now)
    }
    #expect(error.map(rejection.expected) == true, "got \(String(describing: error))")
  }

  @Test("Expiry checking can be turned off, as the original's client does")
  func expiryOff() throws {
    let expired = token(TokenClaims(keyID: 1, issuedAt: nil, expiresAt: now - 10))
    let verified = try TokenVerifier(checksExpiry: false).verify(
      expired, keys: keySet(key), now: now)
    #expect(verified.claims.keyID == 1)
  }

  @Test("A token without kid signed by an unpublished key is a bad signature")
  func noKidUnknownKey() throws {
    let other = Ed25519PrivateKey()
    let signed = token(key: other)
    var parts = signed.split(separator: ".").map(String.init)
    parts[0] = Base64URL.encode(Array(#"{"alg":"EdDSA","typ":"JWT"}"#.utf8))
    let input = parts[0] + "." + parts[1]
    parts[2] = Base64URL.encode(other.signature(for: Array(input.utf8)))
    #expect(throws: TokenVerificationFailure.badSignature) {
      try TokenVerifier().verify(parts.joined(separator: "."), keys: keySet(key), now: now)
    }
  }

  @Test("A validly signed token of a revoked key fails as revoked; other keys still verify")
  func revoked() throws {
    let info = SigningKeyInfo(publicKey: key.publicKey, createdAt: now, notBefore: now)
    let set = PublishedKeySet(
      keys: [info], revoked: [RevokedKey(id: 42, revokedAt: now, expiresAt: now + 3600)],
      revision: 2, now: now)
    #expect(throws: TokenVerificationFailure.revoked("42")) {
      try TokenVerifier().verify(token(), keys: set, now: now)
    }
    let other = token(TokenClaims(keyID: 43, issuedAt: now, expiresAt: now + 3600))
    #expect(try TokenVerifier().verify(other, keys: set, now: now).claims.keyID == 43)
  }

  @Test(
    "Leeway is capped below the revocation listing margin: a revoked key's expired token is never accepted again"
  )
  func leewayCapped() throws {
    let verifier = TokenVerifier(leeway: 24 * 3600)
    #expect(verifier.leeway == RevokedKey.maximumLeeway)
    #expect(RevokedKey.maximumLeeway < RevokedKey.listingMargin)
    let info = SigningKeyInfo(
      publicKey: key.publicKey, createdAt: now - 7200, notBefore: now - 7200)
    let expired = token(TokenClaims(keyID: 42, issuedAt: now - 7200, expiresAt: now - 600))
    // The key was revoked; its token expired 10 minutes ago, so it is still listed...
    let listed = PublishedKeySet(
      keys: [info], revoked: [RevokedKey(id: 42, revokedAt: now - 3600, expiresAt: now - 600)],
      revision: 3, now: now)
    #expect(throws: TokenVerificationFailure.revoked("42")) {
      try verifier.verify(expired, keys: listed, now: now)
    }
    // ...and once it leaves the list, the capped leeway no longer covers the token.
    let later = now + RevokedKey.listingMargin
    let unlisted = PublishedKeySet(
      keys: [info], revoked: [RevokedKey(id: 42, revokedAt: now - 3600, expiresAt: now - 600)],
      revision: 4, now: later)
    #expect(!unlisted.isRevoked(keyID: 42))
    #expect(throws: TokenVerificationFailure.expired(now - 600)) {
      try verifier.verify(expired, keys: unlisted, now: later)
    }
  }
}
