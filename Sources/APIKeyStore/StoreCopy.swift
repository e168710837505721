import APIKeyCore

/// Copies every row of one store into another, empty one, whatever their backends (SQLite to
/// PostgreSQL and back; a PostgreSQL store into a SQLite backup file). The source is read in one
/// snapshot and the target written in one transaction: it holds all of the source or nothing.
public enum StoreCopy {
  /// A data table: its columns, and the columns that order its rows (unique together).
  struct Table {
    let name: String
    let columns: [String]
    let order: [String]
    /// A row the schema creates itself (the revision, the chain's head, the key check): replaced,
    /// not added.
    var replaces = false
  }

  /// The tables, referenced ones first.
  static let tables = [
    Table(
      name: "signing_keys",
      columns: [
        "kid", "public_key", "sealed_private_key", "created_at", "not_before", "retiring_at",
        "retired_at", "state_mac",
      ], order: ["kid"]),
    Table(
      name: "api_keys",
      columns: [
        "id", "email", "organisation", "contact_name", "email_2", "contact_name_2", "department",
        "created_at", "modified_at", "expires_at", "sent", "revoked_at", "request_id",
        "revoked_until", "reason", "state_mac", "name", "tags", "erased_at",
      ], order: ["id"]),
    Table(
      name: "tokens", columns: ["key_id", "kid", "issued_at", "expires_at"],
      order: ["key_id", "issued_at", "kid"]),
    Table(
      name: "audit_log",
      columns: ["seq", "at", "action", "target", "outcome", "caller", "hash"], order: ["seq"]),
    Table(name: "meta", columns: ["name", "value"], order: ["name"], replaces: true),
    Table(
      name: "audit_head",
      columns: ["id", "seq", "hash", "mac", "security_count", "security_hash"], order: ["id"],
      replaces: true),
    Table(name: "key_check", columns: ["id", "mac"], order: ["id"], replaces: true),
    Table(
      name: "key_usage", columns: ["key_id", "day", "accepted", "rejected", "last_used_at"],
      order: ["key_id", "day"]),
    Table(
      name: "key_verifiers", columns: ["key_id", "verifier", "daemon", "last_seen_at"],
      order: ["key_id", "verifier", "daemon"]),
    Table(
      name: "verifiers",
      columns: ["name", "daemon", "peer", "revision", "first_seen_at", "last_report_at"],
      order: ["name", "daemon"]),
    Table(
      name: "usage_batches", columns: ["verifier", "batch_id", "received_at"],
      order: ["verifier", "batch_id"]),
    Table(
      name: "expiry_reminders",
      columns: [
        "key_id", "expires_at", "threshold", "claimed_at", "sent_at", "attempts",
        "next_attempt_at", "lease_until", "last_error",
      ], order: ["key_id", "expires_at", "threshold"]),
  ]

  /// What a store holds, to compare a copy with its source.
  public struct Summary: Sendable, Equatable, CustomStringConvertible {
    public var apiKeys = 0
    public var revokedKeys = 0
    public var tokens = 0
    /// The signing keys' kids, sorted.
    public var kids: [String] = []
    public var auditEntries = 0
    public var revision: UInt64 = 0

    public var description: String {
      "\(apiKeys) API keys (\(revokedKeys) revoked), \(tokens) tokens, \(kids.count) signing keys, \(auditEntries) audit entries, key-set revision \(revision)"
    }
  }

  /// Copies every row of `source` into `target`, which must hold no API key, signing key, token
  /// or audit entry (`failedPrecondition` otherwise, and nothing changes). Returns the target's
  /// summary, read after the copy committed.
  @discardableResult
  public static func copy(
    from source: SQLKeyStore, to target: SQLKeyStore
  ) async throws
    -> Summary
  {
    let rows = try await source.backend.read { tx in
      try tables.map { table in try self.rows(of: table, in: tx) }
    }
    try await target.backend.write { tx in
      let present = try summary(in: tx)
      guard present.apiKeys + present.kids.count + present.tokens + present.auditEntries == 0
      else {
        throw APIKeyError.failedPrecondition(
          "the target is not empty (it holds \(present)): copy only into a new, empty database")
      }
      for (table, rows) in zip(tables, rows) {
        if table.replaces { try tx.execute("DELETE FROM \(table.name)") }
        try tx.insertRows(
          into: table.name, columns: table.columns,
          rows.map { row in table.columns.map(row.value) })
      }
    }
    return try await summary(of: target)
  }

  /// What `store` holds now.
  public static func summary(of store: SQLKeyStore) async throws -> Summary {
    try await store.backend.read { tx in try summary(in: tx) }
  }

  static func summary(in tx: any SQLTransaction) throws -> Summary {
    func count(_ sql: String) throws -> Int { try tx.value(sql, as: Int.self) ?? 0 }
    return Summary(
      apiKeys: try count("SELECT count(*) FROM api_keys"),
      revokedKeys: try count("SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL"),
      tokens: try count("SELECT count(*) FROM tokens"),
      kids: try tx.column("SELECT kid FROM signing_keys ORDER BY kid", as: String.self),
      auditEntries: try count("SELECT count(*) FROM audit_log"),
      revision: try SQLKeyStore.revision(in: tx))
  }

  /// Rows read per query.
  private static let page = 5000

  /// Every row of `table`, in order, a page at a time.
  private static func rows(of table: Table, in tx: any SQLTransaction) throws -> [SQLRow] {
    let columns = table.columns.joined(separator: ", ")
    let order = table.order.joined(separator: ", ")
    let marks = Array(repeating: "?", count: table.order.count).joined(separator: ", ")
    var all: [SQLRow] = []
    var last: [SQLValue]?
    while true {
      let after = last.map { _ in "WHERE (\(order)) > (\(marks))" } ?? ""
      let rows = try tx.rows(
        "SELECT \(columns) FROM \(table.name) \(after) ORDER BY \(order) LIMIT \(page)",
        last ?? [])
      all += rows
      guard rows.count == page, let final = rows.last else { return all }
      last = table.order.map(final.value)
    }
  }
}
