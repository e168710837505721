import APIKeyCore
@testable import APIKeyStore
import Foundation
import GRDB
import TestSupport
import Testing

/// Tampering with the audit trail in the database file, as someone with write access to it would,
/// is found by the hash chain.
@Suite("Audit trail hash chain")
struct AuditChainTests {
  let directory: TemporaryDirectory
  let store: SQLiteKeyStore
  let path: String

  init() async throws {
    directory = try TemporaryDirectory()
    path = "\(directory.path)/audit.db"
    store = try SQLiteKeyStore(path: path, auditKey: testAuditKey)
    for index in 1...5 {
      _ = try await store.insertKey(
        contact: ContactDetails(email: "a\(index)@example.com", organisation: "Org"), expiresAt: nil,
        requestID: nil, now: Date(timeIntervalSince1970: 1_800_000_000 + Double(index)), signedBy: "kid",
        makeID: { Int64.random(in: 1...Int64.max) },
        audit: { AuditEntry(at: Date(timeIntervalSince1970: 1_800_000_000), action: "issue_key", target: "\($0)", caller: "t") })
    }
  }

  /// Runs `sql` on the file through a separate connection, as an intruder would.
  func tamper(_ sql: String) throws {
    let queue = try DatabaseQueue(path: path)
    try queue.write { try $0.execute(sql: sql) }
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
    try tamper("UPDATE audit_log SET caller = 'someone else' WHERE seq = 3")
    let result = try await store.verifyAuditTrail()
    #expect(result.firstBroken?.seq == 3)
    #expect(result.firstBroken?.problem.contains("does not match its hash") == true)
  }

  @Test("A deleted row in the middle is found")
  func deletedMiddle() async throws {
    try tamper("DELETE FROM audit_log WHERE seq = 2")
    let result = try await store.verifyAuditTrail()
    #expect(result.firstBroken?.seq == 3)
    #expect(result.firstBroken?.problem.contains("missing") == true)
  }

  @Test("Deleting the newest rows is found against SQLite's sequence counter")
  func truncated() async throws {
    try tamper("DELETE FROM audit_log WHERE seq >= 4")
    let result = try await store.verifyAuditTrail()
    #expect(result.firstBroken?.seq == 4)
    #expect(result.firstBroken?.problem.contains("truncated") == true)
  }

  @Test("An edit with the whole chain recomputed under another key (no master key) is still found")
  func forgedChain() async throws {
    try tamper("UPDATE audit_log SET target = '1' WHERE seq = 4")
    let queue = try DatabaseQueue(path: path)
    try await queue.write { db in try AuditChain(key: [UInt8](repeating: 1, count: 32)).seal(in: db) }
    let result = try await store.verifyAuditTrail()
    #expect(result.firstBroken?.seq == 1)
  }

  @Test("Another audit key (another master key) does not verify the trail")
  func otherKey() async throws {
    let other = try SQLiteKeyStore(path: path, auditKey: [UInt8](repeating: 8, count: 32))
    let result = try await other.verifyAuditTrail()
    #expect(result.firstBroken?.seq == 1)
  }
}

/// The audit key of the store tests.
let testAuditKey = [UInt8](repeating: 7, count: 32)

@Suite("Schema migration")
struct SchemaMigrationTests {
  @Test("A version 1 database moves to version 2: its audit rows get chained, its keys keep their state")
  func fromVersion1() async throws {
    let directory = try TemporaryDirectory()
    let path = "\(directory.path)/v1.db"
    let queue = try DatabaseQueue(path: path)
    try Schema.migrator(audit: AuditChain(key: testAuditKey)).migrate(queue, upTo: "v1")
    try await queue.write { db in
      try db.execute(
        sql: """
          INSERT INTO audit_log (at, action, target, outcome, caller) VALUES
            (1, 'generate_signing_key', 'k', 'ok', 'x'), (2, 'issue_key', '5', 'ok', 'x');
          INSERT INTO signing_keys (kid, public_key, sealed_private_key, created_at, not_before, retired_at)
            VALUES ('k', zeroblob(32), x'00', 1, 1, 3);
          """)
    }
    try queue.close()
    let store = try SQLiteKeyStore(path: path, auditKey: testAuditKey)
    let verification = try await store.verifyAuditTrail()
    #expect(verification.isIntact)
    #expect(verification.checked == 2)
    let row = try await DatabaseQueue(path: path).read { db in
      try Row.fetchOne(db, sql: "SELECT retiring_at, retired_at FROM signing_keys")
    }
    #expect(row?["retiring_at"] as Int64? == 3)
  }
}
