import APIKeyCore
import APIKeyCrypto
import APIKeyStore
import Foundation
import GRDB
import TestSupport
import Testing

@testable import APIKeyService

/// Someone who can write the database file but not read the master key tries to roll back the
/// security state: un-revoke an API key, bring a retired signing key back, publish a key of their
/// own. The store reads every such row in its safer state and names it; `audit verify` reports it.
@Suite("Security state at rest")
struct SecurityStateTests {
  let file: SQLiteFileFixture
  var store: SQLKeyStore { file.store }
  var path: String { file.path }
  let now = Date(timeIntervalSince1970: 1_800_000_000)

  init() throws {
    file = try SQLiteFileFixture("state.db")
  }

  func audit(_ action: String, _ target: String) -> AuditEntry {
    AuditEntry(at: now, action: action, target: target, caller: "test")
  }

  func revokedKey() async throws -> Int64 {
    let outcome = try await store.insertKey(
      id: 4242, contact: ContactDetails(email: "a@example.com", organisation: "Org"),
      expiresAt: now + 100,
      requestID: nil, now: now, signedBy: "kid",
      audit: audit("issue_key", "4242"))
    let id = outcome.record.id
    _ = try await store.revokeKey(id: id, at: now + 1, audit: audit("revoke_key", "\(id)"))
    #expect(try await store.publishedState(at: now + 2).revoked.map(\.id) == [id])
    return id
  }

  func signingKey(retired: Bool = false) async throws -> SigningKeyInfo {
    let info = SigningKeyInfo(
      publicKey: Ed25519PrivateKey().publicKey, createdAt: now, notBefore: now)
    _ = try await store.addSigningKey(
      StoredSigningKey(info: info, sealedPrivateKey: [1, 2, 3]),
      audit: audit("generate_signing_key", info.kid))
    if retired {
      _ = try await store.retireSigningKey(
        kid: info.kid, at: now + 1, leavesAt: now + 1, audit: audit("retire_signing_key", info.kid))
    }
    return info
  }

  func expectReported(
    _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation
  ) async throws {
    let verification = try await store.verifyAuditTrail()
    #expect(!verification.isIntact, sourceLocation: sourceLocation)
    #expect(
      verification.stateProblems.contains { $0.contains(fragment) },
      "\(verification.stateProblems)",
      sourceLocation: sourceLocation)
  }

  @Test("An untouched database has no problems")
  func intact() async throws {
    _ = try await revokedKey()
    _ = try await signingKey(retired: true)
    _ = try await signingKey()
    let verification = try await store.verifyAuditTrail()
    #expect(verification.isIntact, "\(verification.stateProblems)")
    #expect(try await store.publishedState(at: now + 2).problems.isEmpty)
  }

  @Test("Clearing revoked_at and revoked_until leaves the key revoked, named as tampered")
  func unrevoke() async throws {
    let id = try await revokedKey()
    try file.tamper(
      "UPDATE api_keys SET revoked_at = NULL, revoked_until = NULL WHERE id = ?", [id])
    let state = try await store.publishedState(at: now + 2)
    #expect(state.revoked.map(\.id) == [id])
    #expect(state.revoked.first?.expiresAt == nil)
    #expect(state.problems.contains { $0.hasPrefix("API key \(id):") }, "\(state.problems)")
    #expect(try await store.key(id: id)?.revokedAt != nil)
    try await expectReported("API key \(id)")
  }

  @Test(
    "A revocation field that is not a time (text where an integer belongs) is refused, not read as NULL: the key set, the record and the audit check all name the column"
  )
  func unreadableField() async throws {
    let outcome = try await store.insertKey(
      id: 4343, contact: ContactDetails(email: "b@example.com", organisation: "Org"),
      expiresAt: now + 100,
      requestID: nil, now: now, signedBy: "kid",
      audit: audit("issue_key", "4343"))
    try file.tamper("UPDATE api_keys SET revoked_at = 'later' WHERE id = ?", [outcome.record.id])
    let refusals = [
      await #expect(throws: (any Error).self) { _ = try await store.publishedState(at: now + 2) },
      await #expect(throws: (any Error).self) { _ = try await store.key(id: outcome.record.id) },
      await #expect(throws: (any Error).self) { _ = try await store.verifyAuditTrail() },
    ]
    for refusal in refusals {
      let message = "\(refusal.map { "\($0)" } ?? "")"
      #expect(message.contains("column revoked_at holds text"), "\(message)")
      #expect(message.contains("changed outside apikeyserv"), "\(message)")
    }
  }

  @Test("Moving revoked_until into the past does not take the key off the list")
  func shortenedListing() async throws {
    let id = try await revokedKey()
    try file.tamper("UPDATE api_keys SET revoked_until = 1 WHERE id = ?", [id])
    #expect(try await store.publishedState(at: now + 2).revoked.map(\.id) == [id])
    try await expectReported("API key \(id)")
  }

  @Test(
    "Rolling the row back to its pre-revocation copy, MAC included, is caught by the audit trail")
  func rolledBackRow() async throws {
    let outcome = try await store.insertKey(
      id: 77, contact: ContactDetails(email: "a@example.com", organisation: "Org"), expiresAt: nil,
      requestID: nil, now: now, signedBy: "kid",
      audit: audit("issue_key", "77"))
    let before = try await DatabaseQueue(path: path).read { db in
      try Data.fetchOne(db, sql: "SELECT state_mac FROM api_keys WHERE id = 77")
    }
    _ = try await store.revokeKey(
      id: outcome.record.id, at: now + 1, audit: audit("revoke_key", "77"))
    try file.tamper(
      "UPDATE api_keys SET revoked_at = NULL, revoked_until = NULL, state_mac = ? WHERE id = 77",
      [before])
    #expect(try await store.publishedState(at: now + 2).revoked.map(\.id) == [77])
    try await expectReported("API key 77")
  }

  @Test("Deleting a revoked key's record keeps its id on the list")
  func deletedRecord() async throws {
    let id = try await revokedKey()
    try file.tamper(
      "DELETE FROM tokens WHERE key_id = ?; DELETE FROM api_keys WHERE id = ?", [id, id])
    #expect(try await store.publishedState(at: now + 2).revoked.map(\.id) == [id])
    try await expectReported("its record is gone")
  }

  @Test("Clearing a retired signing key's retirement does not publish it again")
  func unretire() async throws {
    let key = try await signingKey(retired: true)
    try file.tamper(
      "UPDATE signing_keys SET retiring_at = NULL, retired_at = NULL WHERE kid = ?", [key.kid])
    let state = try await store.publishedState(at: now + 2)
    let read = try #require(state.keys.first { $0.info.kid == key.kid })
    #expect(!read.info.isPublished(at: now + 2))
    #expect(state.problems.contains { $0.contains(key.kid) }, "\(state.problems)")
    try await expectReported("signing key \(key.kid)")
  }

  @Test(
    "Rolling a signing key's row back to before its retirement, MAC included, is caught by the audit trail"
  )
  func unretireWithOldMAC() async throws {
    let key = try await signingKey()
    let before = try await DatabaseQueue(path: path).read { db in
      try Data.fetchOne(
        db, sql: "SELECT state_mac FROM signing_keys WHERE kid = ?", arguments: [key.kid])
    }
    _ = try await store.retireSigningKey(
      kid: key.kid, at: now + 1, leavesAt: now + 1, audit: audit("retire_signing_key", key.kid))
    try file.tamper(
      "UPDATE signing_keys SET retiring_at = NULL, retired_at = NULL, state_mac = ? WHERE kid = ?",
      [before, key.kid])
    let state = try await store.publishedState(at: now + 2)
    #expect(state.keys.first { $0.info.kid == key.kid }?.info.isPublished(at: now + 2) == false)
    try await expectReported("rolled back")
  }

  @Test("A signing key planted in the table (retiring, so never unsealed) is not published")
  func plantedKey() async throws {
    _ = try await signingKey()
    let planted = Ed25519PrivateKey().publicKey
    let kid = JSONWebKey(publicKey: planted).thumbprint
    try file.tamper(
      """
      INSERT INTO signing_keys (kid, public_key, sealed_private_key, created_at, not_before, retiring_at, retired_at)
      VALUES (?, ?, x'00', ?, ?, ?, ?)
      """,
      [
        kid, Data(planted.rawRepresentation), now.microsecondsSince1970, now.microsecondsSince1970,
        now.microsecondsSince1970, (now + 86400 * 365).microsecondsSince1970,
      ])
    let state = try await store.publishedState(at: now + 2)
    let published = state.keys.map(\.info).filter { $0.isPublished(at: now + 2) }.map(\.kid)
    #expect(!published.contains(kid))
    #expect(published.count == 1)
    try await expectReported("signing key \(kid)")
  }

  @Test(
    "Another master key is refused at open, naming it, instead of reading every row as tampered")
  func otherKey() async throws {
    _ = try await revokedKey()
    let error = #expect(throws: APIKeyError.self) {
      _ = try SQLKeyStore(
        path: path,
        keys: StoreKeys(
          audit: testAuditKey, state: [UInt8](repeating: 1, count: 32), backup: testStateKey))
    }
    #expect(error.map(Refusal.init) == .failedPrecondition)
    #expect(error?.message.contains("another master key") == true)
  }
}
