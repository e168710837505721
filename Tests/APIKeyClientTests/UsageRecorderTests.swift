import APIKeyClient
import APIKeyCore
import APIKeyCrypto
import Foundation
import Testing

@Suite("Usage counts of a verifier (UsageRecorder)")
struct UsageRecorderTests {
  let key = Ed25519PrivateKey()

  func keySet(revoked: Set<Int64> = []) throws -> KeySet {
    let set = try KeySet(jwksJSON: JSONWebKey.set([JSONWebKey(publicKey: key.publicKey)]))
    set.replace(set.keys.revoking(revoked).at(revision: 7))
    return set
  }

  func token(_ id: Int64, expires: Date = Date() + 3600) -> String {
    TokenSigner(key: key).sign(TokenClaims(keyID: id, issuedAt: Date(), expiresAt: expires))
  }

  @Test(
    "KeySet.verify counts accepted, revoked and expired keys by id and kid; a bad signature and a malformed token name no key; draining starts a new window"
  )
  func counting() throws {
    let set = try keySet(revoked: [2])
    let recorder = UsageRecorder()
    set.usageRecorder = recorder
    for _ in 0 ..< 3 { _ = try set.verify(token(1)) }
    _ = try? set.verify(token(2))
    _ = try? set.verify(token(3, expires: Date() - 60))
    _ = try? set.verify(
      TokenSigner(key: Ed25519PrivateKey()).sign(
        TokenClaims(keyID: 4, issuedAt: nil, expiresAt: nil)))
    _ = try? set.verify("not a token")
    let window = recorder.drain()
    let kid = JSONWebKey(publicKey: key.publicKey).thumbprint
    let counted = Set(
      window.entries.map { "\($0.keyID) \($0.kid == kid) \($0.outcome) \($0.count)" })
    #expect(counted == ["1 true accepted 3", "2 true revoked 1", "3 true expired 1"])
    #expect(window.entries.allSatisfy { $0.firstSeen <= $0.lastSeen })
    #expect(recorder.drain().entries.isEmpty)
    #expect(set.keys.revision == 7)
  }

  @Test("Past the cap on distinct keys, verifications of further keys count as overflow only")
  func cap() throws {
    let set = try keySet()
    let recorder = UsageRecorder(maximumKeys: 2)
    set.usageRecorder = recorder
    for id in Int64(1) ... 5 { _ = try set.verify(token(id)) }
    _ = try set.verify(token(1))
    let window = recorder.drain()
    #expect(Set(window.entries.map(\.keyID)) == [1, 2])
    #expect(window.entries.first { $0.keyID == 1 }?.count == 2)
    #expect(window.overflow == 3)
  }
}
