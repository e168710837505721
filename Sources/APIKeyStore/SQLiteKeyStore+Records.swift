public import APIKeyCore
public import Foundation
import GRDB

/// API key records and the tokens signed for them.
extension SQLiteKeyStore {
  public func insertKey(
    contact: ContactDetails, expiresAt: Date?, requestID: String?, now: Date, signedBy: String,
    makeID: @escaping @Sendable () -> Int64, audit: @escaping @Sendable (Int64) -> AuditEntry
  ) async throws -> IssueOutcome {
    try await issues.write { db in
      if let requestID,
        let row = try Row.fetchOne(
          db, sql: "SELECT \(Self.keyColumns) FROM api_keys WHERE request_id = ?",
          arguments: [requestID])
      {
        let earlier = self.stateSeal.keyRecord(row)
        guard earlier.contact == contact else {
          throw APIKeyError.alreadyExists(
            "request_id \(requestID) was used before for a different key")
        }
        if earlier.revokedAt != nil {
          throw APIKeyError.failedPrecondition(
            "request_id \(requestID) made key \(earlier.id), which is revoked; use a new request_id"
          )
        }
        let first = try Row.fetchOne(
          db,
          sql:
            "SELECT kid, issued_at, expires_at FROM tokens WHERE key_id = ? ORDER BY rowid LIMIT 1",
          arguments: [earlier.id]
        ).map { row in
          RecordedToken(
            kid: row["kid"], issuedAt: Date(microsecondsSince1970: row["issued_at"]),
            expiresAt: (row["expires_at"] as Int64?).map(Date.init(microsecondsSince1970:)))
        }
        return .replayed(earlier, firstToken: first)
      }
      var id = makeID()
      while try Bool.fetchOne(db, sql: "SELECT 1 FROM api_keys WHERE id = ?", arguments: [id])
        ?? false
      {
        id = makeID()
      }
      try self.insert(
        KeyRecord(id: id, contact: contact, createdAt: now, modifiedAt: now, expiresAt: expiresAt),
        requestID: requestID, in: db)
      try self.auditChain.append(audit(id), in: db)
      let record = try self.record(id: id, in: db)
      try Self.recordToken(for: record, kid: signedBy, at: now, in: db)
      return .created(record)
    }
  }

  public func resignKeys(
    ids: [Int64], kid: String, now: Date, audit: @escaping @Sendable (Int64) -> AuditEntry
  ) async throws -> [KeyRecord] {
    try await database.write { db in
      try ids.map { id in
        try self.resign(self.record(id: id, in: db), kid: kid, now: now, audit: audit, in: db)
      }
    }
  }

  public func resignKeys(
    signedBy: String, kid: String, now: Date, audit: @escaping @Sendable (Int64) -> AuditEntry
  ) async throws -> [KeyRecord] {
    try await database.write { db in
      try self.keysSignedOnly(by: signedBy, now: now, in: db).map { record in
        try self.resign(record, kid: kid, now: now, audit: audit, in: db)
      }
    }
  }

  public func revokeKey(id: Int64, at: Date, audit: AuditEntry) async throws -> (KeyRecord, UInt64)
  {
    try await database.write { db in
      var record = try self.record(id: id, in: db)
      if let revoked = record.revokedAt {
        throw APIKeyError.failedPrecondition(
          "key \(id) was revoked already at \(revoked.ISO8601Format())")
      }
      // Listed until the last token it ever got expires; for ever when one never expires.
      let tokenExpiries = try Row.fetchAll(
        db, sql: "SELECT expires_at FROM tokens WHERE key_id = ?", arguments: [id]
      ).map { $0["expires_at"] as Int64? }
      let expiries = tokenExpiries + [record.expiresAt?.microsecondsSince1970]
      let until: Int64? =
        expiries.contains(where: { $0 == nil }) ? nil : expiries.compactMap { $0 }.max()
      let revokedAt = at.microsecondsSince1970
      try db.execute(
        sql: """
          UPDATE api_keys SET revoked_at = ?, revoked_until = ?, modified_at = ?, state_mac = ?
          WHERE id = ?
          """,
        arguments: [
          revokedAt, until, revokedAt,
          self.stateSeal.column(apiKey: id, revokedAt: revokedAt, revokedUntil: until), id,
        ])
      try self.auditChain.append(audit, in: db)
      record = try self.record(id: id, in: db)
      return (record, try Self.bumpRevision(in: db))
    }
  }

  public func updateKey(
    id: Int64, audit: AuditEntry, _ change: @escaping @Sendable (KeyRecord) throws -> KeyRecord
  ) async throws -> KeyRecord {
    try await database.write { db in
      let updated = try change(self.record(id: id, in: db))
      let contact = updated.contact
      try db.execute(
        sql: """
          UPDATE api_keys SET email = ?, organisation = ?, contact_name = ?, email_2 = ?,
            contact_name_2 = ?, department = ?, expires_at = ?, sent = ?, modified_at = ?
          WHERE id = ?
          """,
        arguments: [
          contact.email, contact.organisation, contact.contactName, contact.email2,
          contact.contactName2, contact.department, updated.expiresAt?.microsecondsSince1970,
          updated.sent, updated.modifiedAt.microsecondsSince1970, id,
        ])
      try self.auditChain.append(audit, in: db)
      return try self.record(id: id, in: db)
    }
  }

  public func markSent(
    ids: [Int64], at: Date, audit: @escaping @Sendable (Int64) -> AuditEntry
  )
    async throws -> [KeyRecord]
  {
    try await database.write { db in
      try ids.map { id in
        _ = try self.record(id: id, in: db)
        try db.execute(
          sql: "UPDATE api_keys SET sent = 1, modified_at = ? WHERE id = ?",
          arguments: [at.microsecondsSince1970, id])
        try self.auditChain.append(audit(id), in: db)
        return try self.record(id: id, in: db)
      }
    }
  }

  public func key(id: Int64) async throws -> KeyRecord? {
    try await database.read { db in
      try Row.fetchOne(
        db, sql: "SELECT \(Self.keyColumns) FROM api_keys WHERE id = ?", arguments: [id]
      ).map(self.stateSeal.keyRecord)
    }
  }

  public func keys(
    after cursor: KeyPageCursor?, limit: Int, filter: KeyFilter, now: Date
  )
    async throws -> [KeyRecord]
  {
    var conditions: [String] = []
    var arguments: StatementArguments = []
    if let organisation = filter.organisation {
      conditions.append("organisation = ? COLLATE NOCASE")
      arguments += [organisation]
    }
    if let email = filter.email {
      conditions.append("(email = ? COLLATE NOCASE OR email_2 = ? COLLATE NOCASE)")
      arguments += [email, email]
    }
    if let before = filter.expiringBefore {
      conditions.append("expires_at > ? AND expires_at < ?")
      arguments += [now.microsecondsSince1970, before.microsecondsSince1970]
    }
    if let revoked = filter.revoked {
      conditions.append(revoked ? "revoked_at IS NOT NULL" : "revoked_at IS NULL")
    }
    if let sent = filter.sent {
      conditions.append("sent = ?")
      arguments += [sent]
    }
    if let cursor {
      conditions.append("(created_at, id) < (?, ?)")
      arguments += [cursor.createdAt, cursor.id]
    }
    let condition = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    let query = """
      SELECT \(Self.keyColumns) FROM api_keys \(condition)
      ORDER BY created_at DESC, id DESC LIMIT \(limit)
      """
    let bound = arguments
    return try await database.read { db in
      try Row.fetchAll(db, sql: query, arguments: bound).map(self.stateSeal.keyRecord)
    }
  }

  // MARK: Helpers

  /// The record of key `id`; `notFound` when there is none.
  func record(id: Int64, in db: Database) throws -> KeyRecord {
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT \(Self.keyColumns) FROM api_keys WHERE id = ?", arguments: [id])
    else { throw APIKeyError.notFound("no API key with id \(id)") }
    return stateSeal.keyRecord(row)
  }

  private func resign(
    _ record: KeyRecord, kid: String, now: Date, audit: (Int64) -> AuditEntry, in db: Database
  ) throws -> KeyRecord {
    if let revoked = record.revokedAt {
      throw APIKeyError.failedPrecondition(
        "key \(record.id) was revoked at \(revoked.ISO8601Format()) and cannot be re-signed; issue a new key for its owner"
      )
    }
    if let expiresAt = record.expiresAt, expiresAt <= now {
      throw APIKeyError.failedPrecondition(
        "key \(record.id) expired at \(expiresAt.ISO8601Format()); issue a new key instead")
    }
    try Self.recordToken(for: record, kid: kid, at: now, in: db)
    try self.auditChain.append(audit(record.id), in: db)
    return record
  }

  static func recordToken(
    for record: KeyRecord, kid: String, at now: Date, in db: Database
  )
    throws
  {
    try db.execute(
      sql: "INSERT INTO tokens (key_id, kid, issued_at, expires_at) VALUES (?, ?, ?, ?)",
      arguments: [
        record.id, kid, now.microsecondsSince1970, record.expiresAt?.microsecondsSince1970,
      ])
  }
}
