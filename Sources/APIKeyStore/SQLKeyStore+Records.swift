public import APIKeyCore
public import Foundation

/// API key records and the tokens signed for them.
extension SQLKeyStore {
  public func key(requestID: String) async throws -> KeyRecord? {
    try await backend.read { tx in
      try tx.row(
        "SELECT \(Self.keyColumns) FROM api_keys WHERE request_id = ?", [requestID]
      ).map(self.stateSeal.keyRecord)
    }
  }

  public func key(id: Int64) async throws -> KeyRecord? {
    try await backend.read { tx in
      try tx.row("SELECT \(Self.keyColumns) FROM api_keys WHERE id = ?", [id]).map(
        self.stateSeal.keyRecord)
    }
  }

  public func keys(
    after cursor: KeyPageCursor?, limit: Int, filter: KeyFilter, now: Date
  )
    async throws -> [KeyRecord]
  {
    var conditions: [String] = []
    var arguments: [SQLValue] = []
    if let organisation = filter.organisation {
      conditions.append("lower(organisation) = lower(?)")
      arguments += [.text(organisation)]
    }
    if let email = filter.email {
      conditions.append("(lower(email) = lower(?) OR lower(email_2) = lower(?))")
      arguments += [.text(email), .text(email)]
    }
    if let before = filter.expiringBefore {
      conditions.append("expires_at > ? AND expires_at < ?")
      arguments += [now.microsecondsSince1970.sqlValue, before.microsecondsSince1970.sqlValue]
    }
    if let revoked = filter.revoked {
      conditions.append(revoked ? "revoked_at IS NOT NULL" : "revoked_at IS NULL")
    }
    if let sent = filter.sent {
      conditions.append("sent = ?")
      arguments += [sent.sqlValue]
    }
    if let search = filter.search {
      // A substring, its LIKE wildcards escaped; lower() on both sides, so that each backend
      // folds the column and the text the same way.
      let escaped = search.replacingOccurrences(of: "\\", with: "\\\\")
        .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
      let columns = [
        "email", "email_2", "contact_name", "contact_name_2", "organisation", "department",
        "CAST(id AS TEXT)",
      ]
      conditions.append(
        "(" + columns.map { "lower(\($0)) LIKE lower(?) ESCAPE '\\'" }.joined(separator: " OR ")
          + ")")
      arguments += columns.map { _ in .text("%\(escaped)%") }
    }
    if let cursor {
      conditions.append("(created_at, id) < (?, ?)")
      arguments += [.integer(cursor.createdAt), .integer(cursor.id)]
    }
    let condition = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    let query = """
      SELECT \(Self.keyColumns) FROM api_keys \(condition)
      ORDER BY created_at DESC, id DESC LIMIT \(limit)
      """
    let bound = arguments
    return try await backend.read { tx in
      try tx.rows(query, bound).map(self.stateSeal.keyRecord)
    }
  }
}
