import APIKeyCore
public import Foundation

/// The audit trail: listing it by page and checking its chain and the sealed state against it.
extension SQLKeyStore {
  public func auditEntries(
    filter: AuditFilter, afterSeq: Int64, limit: Int
  ) async throws
    -> [StoredAuditEntry]
  {
    // Oldest first: after `afterSeq`; newest first: before it (0: from the end).
    var conditions = [filter.newestFirst ? "seq < ?" : "seq > ?", "at >= ?", "at < ?"]
    var arguments: [SQLValue] = [
      .integer(filter.newestFirst && afterSeq == 0 ? Int64.max : afterSeq),
      .integer(filter.since?.microsecondsSince1970 ?? Int64.min),
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
      ORDER BY seq \(filter.newestFirst ? "DESC" : "ASC") LIMIT \(limit)
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
