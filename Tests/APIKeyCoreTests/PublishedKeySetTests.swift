import APIKeyCore
import APIKeyCrypto
import Foundation
import Testing

@Suite("Published key set")
struct PublishedKeySetTests {
  let t0 = Date(timeIntervalSince1970: 1_800_000_000)

  func info(created: TimeInterval, notBefore: TimeInterval, retired: Bool = false) -> SigningKeyInfo
  {
    SigningKeyInfo(
      publicKey: Ed25519PrivateKey().publicKey, createdAt: t0 + created, notBefore: t0 + notBefore,
      unpublishedAt: retired ? t0 + created + 1 : nil)
  }

  @Test("Retired keys are not published; the newest eligible key signs")
  func signingKey() {
    let old = info(created: 0, notBefore: 0)
    let newer = info(created: 10, notBefore: 10)
    let retired = info(created: 20, notBefore: 20, retired: true)
    let set = PublishedKeySet(keys: [old, retired, newer], revision: 5, now: t0 + 30)
    #expect(set.keys.map(\.kid) == [newer.kid, old.kid])
    #expect(set.signingKey(at: t0 + 30)?.kid == newer.kid)
    #expect(set.signingKey(at: t0 + 5)?.kid == old.kid)
    #expect(set.publicKey(kid: retired.kid) == nil)
    #expect(!set.jwksJSON.contains(retired.kid))
  }

  @Test("A key waiting for not_before is published but does not sign until then")
  func pending() {
    let current = info(created: 0, notBefore: 0)
    let pending = info(created: 10, notBefore: 3600)
    let set = PublishedKeySet(keys: [current, pending], revision: 2, now: t0 + 60)
    #expect(set.jwksJSON.contains(pending.kid))
    #expect(set.signingKey(at: t0 + 60)?.kid == current.kid)
    #expect(set.signingKey(at: t0 + 3600)?.kid == pending.kid)
  }

  @Test("With every key retired nothing signs and the JWKS is empty")
  func empty() {
    let set = PublishedKeySet(
      keys: [info(created: 0, notBefore: 0, retired: true)], revision: 9, now: t0 + 100)
    #expect(set.signingKey(at: t0 + 100) == nil)
    #expect(set.jwksJSON == #"{"keys":[]}"#)
  }

  @Test("A retiring key stays published but never signs; at the end of its grace the set is stale")
  func retiringWithGrace() throws {
    let old = info(created: 0, notBefore: 0)
    var retiring = info(created: 10, notBefore: 10)
    retiring.retiringAt = t0 + 20
    retiring.unpublishedAt = t0 + 80
    let set = PublishedKeySet(keys: [old, retiring], revision: 3, now: t0 + 30)
    #expect(set.publicKey(kid: retiring.kid) != nil)
    #expect(set.signingKey(at: t0 + 30)?.kid == old.kid)
    #expect(retiring.state(at: t0 + 30, signingKid: old.kid) == .retiring)
    #expect(retiring.state(at: t0 + 80, signingKid: old.kid) == .retired)
    #expect(set.nextExpiry(after: t0 + 30) == t0 + 80)
    #expect(!set.isStale(at: t0 + 79))
    #expect(set.isStale(at: t0 + 80))
    let after = PublishedKeySet(keys: [old, retiring], revision: 4, now: t0 + 80)
    #expect(after.publicKey(kid: retiring.kid) == nil)
  }

  @Test(
    "Revoked keys are listed until an hour after their last token expires; the list is a JSON document"
  )
  func revocationList() throws {
    let margin = RevokedKey.listingMargin
    let forever = RevokedKey(id: 7, revokedAt: t0, expiresAt: nil)
    let ending = RevokedKey(id: 42, revokedAt: t0, expiresAt: t0 + 100)
    let gone = RevokedKey(id: 9, revokedAt: t0, expiresAt: t0 + 10 - margin)
    let set = PublishedKeySet(
      keys: [], revoked: [ending, gone, forever], revision: 8, now: t0 + 50)
    #expect(set.revoked.map(\.id) == [7, 42])
    #expect(set.isRevoked(keyID: 42))
    #expect(!set.isRevoked(keyID: 9))
    #expect(set.nextExpiry(after: t0 + 50) == t0 + 100 + margin)
    #expect(!set.isStale(at: t0 + 100))
    #expect(set.isStale(at: t0 + 100 + margin))
    let document =
      try JSONSerialization.jsonObject(with: Data(set.revokedJSON.utf8)) as? [String: Any]
    #expect(document?["revision"] as? Int == 8)
    let entries = try #require(document?["revoked"] as? [[String: Any]])
    #expect(entries.map { $0["sub"] as? String } == ["7", "42"])
    #expect(entries[0]["exp"] is NSNull)
    #expect(entries[1]["exp"] as? Int == Int((t0 + 100).timeIntervalSince1970))
  }
}
