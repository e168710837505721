public import APIKeyCore
public import Foundation
import APIKeyCrypto
import GRDB

/// The SQLite store (WAL mode, `synchronous = FULL`: a write is on disk when it returns).
public final class SQLiteKeyStore: KeyStore {
  private let pool: DatabasePool
  private let issues: GroupCommit

  /// Opens (creating if needed) the database at `path` and migrates it to the current schema.
  public init(path: String) throws {
    var configuration = Configuration()
    configuration.busyMode = .timeout(5)
    configuration.prepareDatabase { db in
      try db.execute(sql: "PRAGMA synchronous = FULL")
    }
    pool = try DatabasePool(path: path, configuration: configuration)
    try Schema.migrator.migrate(pool)
    issues = GroupCommit(writer: pool)
  }

  public func signingKeys() async throws -> (keys: [StoredSigningKey], revision: UInt64) {
    try await pool.read { db in
      let keys = try Row.fetchAll(db, sql: "SELECT * FROM signing_keys ORDER BY created_at")
        .map(Self.signingKey)
      return (keys, try Self.revision(in: db))
    }
  }

  public func addSigningKey(_ key: StoredSigningKey, audit: AuditEntry) async throws -> UInt64 {
    try await pool.write { db in
      let exists = try Bool.fetchOne(
        db, sql: "SELECT 1 FROM signing_keys WHERE kid = ?", arguments: [key.info.kid]) ?? false
      guard !exists else {
        throw APIKeyError.alreadyExists("signing key \(key.info.kid) exists already")
      }
      try db.execute(
        sql: """
          INSERT INTO signing_keys (kid, public_key, sealed_private_key, created_at, not_before)
          VALUES (?, ?, ?, ?, ?)
          """,
        arguments: [
          key.info.kid, Data(key.info.publicKey.rawRepresentation), Data(key.sealedPrivateKey),
          key.info.createdAt.microsecondsSince1970, key.info.notBefore.microsecondsSince1970,
        ])
      try Self.append(audit, in: db)
      return try Self.bumpRevision(in: db)
    }
  }

  public func retireSigningKey(kid: String, at: Date, audit: AuditEntry) async throws
    -> (StoredSigningKey, UInt64)
  {
    try await pool.write { db in
      guard
        let row = try Row.fetchOne(db, sql: "SELECT * FROM signing_keys WHERE kid = ?", arguments: [kid])
      else { throw APIKeyError.notFound("no signing key with kid \(kid)") }
      var key = try Self.signingKey(row)
      if let retired = key.info.retiredAt {
        throw APIKeyError.failedPrecondition(
          "signing key \(kid) was retired already at \(retired.ISO8601Format())")
      }
      try db.execute(
        sql: "UPDATE signing_keys SET retired_at = ? WHERE kid = ?",
        arguments: [at.microsecondsSince1970, kid])
      key.info.retiredAt = Date(microsecondsSince1970: at.microsecondsSince1970)
      try Self.append(audit, in: db)
      return (key, try Self.bumpRevision(in: db))
    }
  }

  public func insertKey(
    contact: ContactDetails, expiresAt: Date?, requestID: String?, now: Date,
    makeID: @escaping @Sendable () -> Int64, audit: @escaping @Sendable (Int64) -> AuditEntry
  ) async throws -> IssueOutcome {
    try await issues.write { db in
      if let requestID,
        let row = try Row.fetchOne(
          db, sql: "SELECT \(Self.keyColumns) FROM api_keys WHERE request_id = ?",
          arguments: [requestID])
      {
        let earlier = Self.keyRecord(row)
        guard earlier.contact == contact else {
          throw APIKeyError.alreadyExists(
            "request_id \(requestID) was used before for a different key")
        }
        return .replayed(earlier)
      }
      var id = makeID()
      while try Bool.fetchOne(db, sql: "SELECT 1 FROM api_keys WHERE id = ?", arguments: [id]) ?? false {
        id = makeID()
      }
      let created = now.microsecondsSince1970
      try db.execute(
        sql: """
          INSERT INTO api_keys (id, email, organisation, contact_name, email_2, contact_name_2,
            department, created_at, modified_at, expires_at, sent, request_id)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
          """,
        arguments: [
          id, contact.email, contact.organisation, contact.contactName, contact.email2,
          contact.contactName2, contact.department, created, created,
          expiresAt?.microsecondsSince1970, requestID,
        ])
      try Self.append(audit(id), in: db)
      // '!' is fine: the row was inserted just above in this transaction.
      let row = try Row.fetchOne(
        db, sql: "SELECT \(Self.keyColumns) FROM api_keys WHERE id = ?", arguments: [id])!
      return .created(Self.keyRecord(row))
    }
  }

  public func key(id: Int64) async throws -> KeyRecord? {
    try await pool.read { db in
      try Row.fetchOne(
        db, sql: "SELECT \(Self.keyColumns) FROM api_keys WHERE id = ?", arguments: [id]
      ).map(Self.keyRecord)
    }
  }

  public func keys(after cursor: KeyPageCursor?, limit: Int) async throws -> [KeyRecord] {
    try await pool.read { db in
      if let cursor {
        return try Row.fetchAll(
          db,
          sql: """
            SELECT \(Self.keyColumns) FROM api_keys WHERE (created_at, id) < (?, ?)
            ORDER BY created_at DESC, id DESC LIMIT ?
            """,
          arguments: [cursor.createdAt, cursor.id, limit]
        ).map(Self.keyRecord)
      }
      return try Row.fetchAll(
        db,
        sql: "SELECT \(Self.keyColumns) FROM api_keys ORDER BY created_at DESC, id DESC LIMIT ?",
        arguments: [limit]
      ).map(Self.keyRecord)
    }
  }

  public func appendAudit(_ entry: AuditEntry) async throws {
    try await pool.write { db in try Self.append(entry, in: db) }
  }
}
