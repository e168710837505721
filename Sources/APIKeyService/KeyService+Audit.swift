import APIKeyCore
package import APIKeyStore
import Foundation

/// The audit trail, read-only.
extension KeyService {
  /// One page of audit entries at or after `since`, oldest first, and the next page token.
  func auditEntries(
    since: Date?, pageSize: Int, pageToken: String
  ) async throws
    -> (entries: [StoredAuditEntry], next: String?)
  {
    try await auditEntries(
      filter: AuditFilter(since: since), pageSize: pageSize, pageToken: pageToken)
  }

  /// One page of the audit entries `filter` matches, oldest (or newest) first, and the next
  /// page token (a newest-first token starts with `d`, and is valid only in that order).
  package func auditEntries(
    filter: AuditFilter, pageSize: Int, pageToken: String
  ) async throws
    -> (entries: [StoredAuditEntry], next: String?)
  {
    let limit = try Self.pageLimit(pageSize)
    var afterSeq: Int64 = 0
    if !pageToken.isEmpty {
      let marked = pageToken.hasPrefix("d")
      guard marked == filter.newestFirst, let seq = Int64(pageToken.dropFirst(marked ? 1 : 0)),
        seq >= 0
      else {
        throw APIKeyError.invalidArgument(
          field: "page_token", reason: "is not a token from ListAuditEntries")
      }
      afterSeq = seq
    }
    let page = try await store.auditEntries(filter: filter, afterSeq: afterSeq, limit: limit + 1)
    let entries = Array(page.prefix(limit))
    let mark = filter.newestFirst ? "d" : ""
    return (entries, page.count > limit ? entries.last.map { "\(mark)\($0.seq)" } : nil)
  }

  /// Where key `id` came from, as its first audit entry records it.
  package func origin(of id: Int64) async throws -> String {
    let first = try await store.auditEntries(
      filter: AuditFilter(target: "\(id)"), afterSeq: 0, limit: 1
    ).first
    switch first?.entry.action {
    case "issue_key": return "apikeyctl issue (\(first?.entry.caller ?? ""))"
    case "request_key": return "self-service"
    case "import_key": return "import from the original"
    default: return "unknown"
    }
  }

  /// Checks the audit trail's hash chain.
  package func verifyAuditTrail() async throws -> AuditVerification {
    try await store.verifyAuditTrail()
  }
}
