import APIKeyCore
import APIKeyStore
import Foundation

/// The audit trail, read-only.
extension KeyService {
  /// One page of audit entries at or after `since`, oldest first, and the next page token.
  func auditEntries(
    since: Date?, pageSize: Int, pageToken: String
  ) async throws
    -> (entries: [StoredAuditEntry], next: String?)
  {
    let limit = try Self.pageLimit(pageSize)
    var afterSeq: Int64 = 0
    if !pageToken.isEmpty {
      guard let seq = Int64(pageToken), seq >= 0 else {
        throw APIKeyError.invalidArgument(
          field: "page_token", reason: "is not a token from ListAuditEntries")
      }
      afterSeq = seq
    }
    let page = try await store.auditEntries(since: since, afterSeq: afterSeq, limit: limit + 1)
    let entries = Array(page.prefix(limit))
    return (entries, page.count > limit ? entries.last.map { "\($0.seq)" } : nil)
  }

  /// Checks the audit trail's hash chain.
  func verifyAuditTrail() async throws -> AuditVerification {
    try await store.verifyAuditTrail()
  }
}
