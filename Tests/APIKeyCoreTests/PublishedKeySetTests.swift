import APIKeyCore
import APIKeyCrypto
import Foundation
import Testing

@Suite("Published key set")
struct PublishedKeySetTests {
  let t0 = Date(timeIntervalSince1970: 1_800_000_000)

  func info(created: TimeInterval, notBefore: TimeInterval, retired: Bool = false) -> SigningKeyInfo {
    SigningKeyInfo(
      publicKey: Ed25519PrivateKey().publicKey, createdAt: t0 + created, notBefore: t0 + notBefore,
      retiredAt: retired ? t0 + created + 1 : nil)
  }

  @Test("Retired keys are not published; the newest eligible key signs")
  func signingKey() {
    let old = info(created: 0, notBefore: 0)
    let newer = info(created: 10, notBefore: 10)
    let retired = info(created: 20, notBefore: 20, retired: true)
    let set = PublishedKeySet(keys: [old, retired, newer], revision: 5)
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
    let set = PublishedKeySet(keys: [current, pending], revision: 2)
    #expect(set.jwksJSON.contains(pending.kid))
    #expect(set.signingKey(at: t0 + 60)?.kid == current.kid)
    #expect(set.signingKey(at: t0 + 3600)?.kid == pending.kid)
  }

  @Test("With every key retired nothing signs and the JWKS is empty")
  func empty() {
    let set = PublishedKeySet(keys: [info(created: 0, notBefore: 0, retired: true)], revision: 9)
    #expect(set.signingKey(at: t0 + 100) == nil)
    #expect(set.jwksJSON == #"{"keys":[]}"#)
  }
}
