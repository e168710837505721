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

  public func tokens(of id: Int64) async throws -> [RecordedToken] {
    try await backend.read { tx in
      try tx.rows(
        "SELECT \(Self.tokenColumns) FROM tokens WHERE key_id = ? ORDER BY issued_at, kid", [id]
      ).map(Self.recordedToken)
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
      // The shape the v9 indexes serve (the second one only holds keys with a second address).
      conditions.append(
        "(lower(email) = lower(?) OR (email_2 <> '' AND lower(email_2) = lower(?)))")
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
      let columns = [
        "email", "email_2", "contact_name", "contact_name_2", "organisation", "department", "name",
        "CAST(id AS TEXT)",
      ]
      conditions.append(
        "(" + columns.map(Self.containsCondition).joined(separator: " OR ") + ")")
      arguments += columns.map { _ in Self.containsPattern(search) }
    }
    if let name = filter.nameContains {
      conditions.append(Self.containsCondition("name"))
      arguments += [Self.containsPattern(name)]
    }
    for (key, value) in filter.tags.sorted(by: { $0.key < $1.key }) {
      conditions.append(Self.containsCondition("tags"))
      arguments += [Self.containsPattern(KeyTags.storedPattern(key: key, value: value))]
    }
    if let since = filter.usedSince {
      conditions.append(Self.usedSince(true))
      arguments += Self.usedSinceArguments(since)
    }
    if let since = filter.unusedSince {
      conditions.append(Self.usedSince(false))
      arguments += Self.usedSinceArguments(since)
    }
    if let expired = filter.expired {
      conditions.append(expired ? "expires_at <= ?" : "(expires_at IS NULL OR expires_at > ?)")
      arguments += [now.microsecondsSince1970.sqlValue]
    }
    if let kid = filter.signedBy {
      conditions.append(
        "EXISTS (SELECT 1 FROM tokens t WHERE t.key_id = api_keys.id AND t.kid = ?)")
      arguments += [.text(kid)]
    }
    let order: String
    switch cursor?.order ?? filter.order {
    case .newest:
      order = "created_at DESC, id DESC"
      if let cursor {
        conditions.append("(created_at, id) < (?, ?)")
        arguments += [.integer(cursor.value), .integer(cursor.id)]
      }
    case .expiry:
      // The expiry index holds only keys that expire; so does this order.
      order = "expires_at ASC, id ASC"
      conditions.append("expires_at IS NOT NULL")
      if let cursor {
        conditions.append("(expires_at, id) > (?, ?)")
        arguments += [.integer(cursor.value), .integer(cursor.id)]
      }
    }
    let condition = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    let query = """
      SELECT \(Self.keyColumns) FROM api_keys \(condition)
      ORDER BY \(order) LIMIT \(limit)
      """
    let bound = arguments
    return try await backend.read { tx in
      try tx.rows(query, bound).map(self.stateSeal.keyRecord)
    }
  }

  /// `column` holds a `containsPattern`, ignoring case: lower() on both sides, so that each
  /// backend folds the column and the text the same way.
  static func containsCondition(_ column: String) -> String {
    "lower(\(column)) LIKE lower(?) ESCAPE '\\'"
  }

  /// The LIKE pattern of a substring, its wildcards escaped.
  static func containsPattern(_ text: String) -> SQLValue {
    let escaped = text.replacingOccurrences(of: "\\", with: "\\\\")
      .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    return .text("%\(escaped)%")
  }

  /// Whether (or not) the key has an accepted use at or after a time: its day's row, or a later
  /// one, with an accepted use (`usedSinceArguments`).
  static func usedSince(_ used: Bool) -> String {
    """
    \(used ? "" : "NOT ")EXISTS (SELECT 1 FROM key_usage WHERE key_usage.key_id = api_keys.id
      AND key_usage.day >= ? AND key_usage.last_used_at >= ?)
    """
  }

  static func usedSinceArguments(_ since: Date) -> [SQLValue] {
    [.integer(UsageDay(since).number), .integer(since.microsecondsSince1970)]
  }
}
