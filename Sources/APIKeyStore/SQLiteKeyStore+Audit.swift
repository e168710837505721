import APIKeyCore
public import Foundation
import GRDB

/// The audit trail: listing it by page and checking its chain and the sealed state against it.
extension SQLiteKeyStore {
  public func auditEntries(
    since: Date?, afterSeq: Int64, limit: Int
  ) async throws
    -> [StoredAuditEntry]
  {
    try await database.read { db in
      try Row.fetchAll(
        db,
        sql: "SELECT * FROM audit_log WHERE seq > ? AND at >= ? ORDER BY seq LIMIT ?",
        arguments: [afterSeq, since?.microsecondsSince1970 ?? Int64.min, limit]
      ).map(StoredAuditEntry.init)
    }
  }

  public func verifyAuditTrail() async throws -> AuditVerification {
    try await database.read { db in try self.verifyAuditTrail(in: db) }
  }

  /// The chain's verification, with every problem of the sealed security state.
  func verifyAuditTrail(in db: Database) throws -> AuditVerification {
    var result = try auditChain.verify(in: db)
    result.stateProblems = try stateSeal.problems(in: db)
    return result
  }
}
