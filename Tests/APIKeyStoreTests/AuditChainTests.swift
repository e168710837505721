import APIKeyCore
import APIKeyCrypto
import Foundation
import GRDB
import TestSupport
import Testing

@testable import APIKeyService
@testable import APIKeyStore

/// Tampering with the audit trail in the database file, as someone with write access to it would,
/// is found by the hash chain.
@Suite("Audit trail hash chain")
struct AuditChainTests {
  let file: SQLiteFileFixture
  var store: SQLKeyStore { file.store }
  var path: String { file.path }

  init() async throws {
    file = try SQLiteFileFixture("audit.db")
    for index in 1 ... 5 {
      let id = Int64.random(in: 1 ... Int64.max)
      _ = try await store.insertKey(
        id: id, contact: ContactDetails(email: "a\(index)@example.com", organisation: "Org"),
        expiresAt: nil,
        requestID: nil, now: Date(timeIntervalSince1970: 1_800_000_000 + Double(index)),
        signedBy: "kid",
        audit: AuditEntry(
          at: Date(timeIntervalSince1970: 1_800_000_000), action: "issue_key", target: "\(id)",
          caller: "t"))
    }
  }

  @Test("An untouched trail verifies, with the last row's hash as head")
  func intact() async throws {
    let result = try await store.verifyAuditTrail()
    #expect(result.isIntact)
    #expect(result.checked == 5)
    let last = try await store.auditEntries(since: nil, afterSeq: 0, limit: 10).last
    #expect(result.head == last?.hash)
  }

  @Test("An edited field breaks the chain at that row")
  func edited() async throws {
    try file.tamper("UPDATE audit_log SET caller = 'someone else' WHERE seq = 3")
    let result = try await store.verifyAuditTrail()
    #expect(result.firstBroken?.seq == 3)
    #expect(result.firstBroken?.problem.contains("does not match its hash") == true)
  }

  @Test("A deleted row in the middle is found")
  func deletedMiddle() async throws {
    try file.tamper("DELETE FROM audit_log WHERE seq = 2")
    let result = try await store.verifyAuditTrail()
    #expect(result.firstBroken?.seq == 3)
    #expect(result.firstBroken?.problem.contains("missing") == true)
  }

  @Test(
    "Deleting the newest rows is found against the chain's head, also with SQLite's sequence counter lowered"
  )
  func truncated() async throws {
    try file.tamper("DELETE FROM audit_log WHERE seq >= 4")
    var result = try await store.verifyAuditTrail()
    #expect(result.firstBroken?.seq == 4)
    #expect(result.firstBroken?.problem.contains("missing (the trail was cut)") == true)
    try file.tamper("UPDATE sqlite_sequence SET seq = 3 WHERE name = 'audit_log'")
    result = try await store.verifyAuditTrail()
    #expect(!result.isIntact)
    #expect(result.firstBroken?.problem == "rows 4 to 5 are missing (the trail was cut)")
  }

  @Test("The chain's head cannot be lowered, deleted or rewritten without the master key")
  func headTampered() async throws {
    try file.tamper("DELETE FROM audit_log WHERE seq >= 4; UPDATE audit_head SET seq = 3")
    var result = try await store.verifyAuditTrail()
    #expect(result.firstBroken?.problem.contains("does not match its MAC") == true)
    try file.tamper("DELETE FROM audit_head")
    result = try await store.verifyAuditTrail()
    #expect(result.firstBroken?.problem.contains("head record is missing") == true)
  }

  @Test("After a cut, new entries do not hide it: the head moves on from the recorded one")
  func appendAfterCut() async throws {
    let before = try await store.verifyAuditTrail()
    #expect(before.isIntact)
    try file.tamper(
      "DELETE FROM audit_log WHERE seq = 5; UPDATE sqlite_sequence SET seq = 4 WHERE name = 'audit_log'"
    )
    let id = Int64.random(in: 1 ... Int64.max)
    _ = try await store.insertKey(
      id: id, contact: ContactDetails(email: "z@example.com", organisation: "Org"), expiresAt: nil,
      requestID: nil, now: Date(timeIntervalSince1970: 1_800_000_100), signedBy: "kid",
      audit: AuditEntry(
        at: Date(timeIntervalSince1970: 1_800_000_100), action: "issue_key", target: "\(id)",
        caller: "t"))
    let result = try await store.verifyAuditTrail()
    #expect(!result.isIntact)
  }

  @Test("An edit with the whole chain recomputed under another key (no master key) is still found")
  func forgedChain() async throws {
    try file.tamper("UPDATE audit_log SET target = '1' WHERE seq = 4")
    let queue = try DatabaseQueue(path: path)
    try await queue.write { db in
      try AuditChain(key: [UInt8](repeating: 1, count: 32)).seal(in: GRDBTransaction(db: db))
    }
    let result = try await store.verifyAuditTrail()
    #expect(result.firstBroken?.seq == 1)
  }

  @Test("Another audit key (another master key) does not verify the trail")
  func otherKey() async throws {
    let other = try SQLKeyStore(
      path: path,
      keys: StoreKeys(
        audit: [UInt8](repeating: 8, count: 32), state: testStateKey, backup: testStateKey))
    let result = try await other.verifyAuditTrail()
    #expect(result.firstBroken?.seq == 1)
  }
}
