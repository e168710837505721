import APIKeyCore
public import Foundation

/// The audit trail: listing it by page and checking its chain and the sealed state against it.
extension SQLKeyStore {
  public func auditEntries(
    filter: AuditFilter, afterSeq: Int64, limit: Int
  ) async throws
    -> [StoredAuditEntry]
  {
    var conditions = ["seq > ?", "at >= ?", "at < ?"]
    var arguments: [SQLValue] = [
      .integer(afterSeq), .integer(filter.since?.microsecondsSince1970 ?? Int64.min),
      .integer(filter.until?.microsecondsSince1970 ?? Int64.max),
    ]
    if let target = filter.target {
      conditions.append("target = ?")
      arguments.append(.text(target))
    }
    if let action = filter.action {
      conditions.append("action = ?")
      arguments.append(.text(action))
    }
    let query = """
      SELECT * FROM audit_log WHERE \(conditions.joined(separator: " AND "))
      ORDER BY seq LIMIT \(limit)
      """
    let bound = arguments
    return try await backend.read { tx in
      try tx.rows(query, bound).map(StoredAuditEntry.init)
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
