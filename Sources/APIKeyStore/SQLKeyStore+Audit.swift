import APIKeyCore
public import Foundation

/// The audit trail: listing it by page and checking its chain and the sealed state against it.
extension SQLKeyStore {
  public func auditEntries(
    since: Date?, afterSeq: Int64, limit: Int
  ) async throws
    -> [StoredAuditEntry]
  {
    try await backend.read { tx in
      try tx.rows(
        "SELECT * FROM audit_log WHERE seq > ? AND at >= ? ORDER BY seq LIMIT ?",
        [afterSeq, since?.microsecondsSince1970 ?? Int64.min, limit]
      ).map(StoredAuditEntry.init)
    }
  }

  public func verifyAuditTrail() async throws -> AuditVerification {
    try await backend.read { tx in try self.verifyAuditTrail(in: tx) }
  }

  /// The chain's verification, with every problem of the sealed security state.
  func verifyAuditTrail(in tx: any SQLTransaction) throws -> AuditVerification {
    var result = try auditChain.verify(in: tx)
    result.stateProblems = try stateSeal.problems(in: tx, chain: auditChain)
    return result
  }
}
