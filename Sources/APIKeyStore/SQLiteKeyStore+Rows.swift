import APIKeyCore
import APIKeyCrypto
import Foundation
import GRDB

/// Mapping between rows and domain values.
extension SQLiteKeyStore {
  static let keyColumns = """
    id, email, organisation, contact_name, email_2, contact_name_2, department,
    created_at, modified_at, expires_at, sent, revoked_at, reason, revoked_until, state_mac
    """

  /// The record as the row holds it; read rows through `StateSeal.keyRecord`, which checks the
  /// revocation's MAC.
  static func keyRecord(_ row: Row) -> KeyRecord {
    KeyRecord(
      id: row["id"],
      contact: ContactDetails(
        email: row["email"], organisation: row["organisation"], contactName: row["contact_name"],
        email2: row["email_2"], contactName2: row["contact_name_2"], department: row["department"]),
      createdAt: Date(microsecondsSince1970: row["created_at"]),
      modifiedAt: Date(microsecondsSince1970: row["modified_at"]),
      expiresAt: (row["expires_at"] as Int64?).map(Date.init(microsecondsSince1970:)),
      sent: row["sent"],
      revokedAt: (row["revoked_at"] as Int64?).map(Date.init(microsecondsSince1970:)),
      reason: row["reason"])
  }

  static func revokedKey(_ row: Row) -> RevokedKey {
    RevokedKey(
      id: row["id"], revokedAt: Date(microsecondsSince1970: row["revoked_at"]),
      expiresAt: (row["revoked_until"] as Int64?).map(Date.init(microsecondsSince1970:)))
  }

  static func signingKey(_ row: Row) throws -> StoredSigningKey {
    let publicBytes: Data = row["public_key"]
    let info = SigningKeyInfo(
      publicKey: try Ed25519PublicKey(rawRepresentation: Array(publicBytes)),
      createdAt: Date(microsecondsSince1970: row["created_at"]),
      notBefore: Date(microsecondsSince1970: row["not_before"]),
      retiringAt: (row["retiring_at"] as Int64?).map(Date.init(microsecondsSince1970:)),
      unpublishedAt: (row["retired_at"] as Int64?).map(Date.init(microsecondsSince1970:)))
    let stored: String = row["kid"]
    guard info.kid == stored else {
      throw APIKeyError.internalError("signing key \(stored) does not match its public key")
    }
    let sealed: Data = row["sealed_private_key"]
    return StoredSigningKey(info: info, sealedPrivateKey: Array(sealed))
  }

  /// Inserts an API key record (every column; not revoked, sealed as such).
  func insert(_ record: KeyRecord, requestID: String?, in db: Database) throws {
    let contact = record.contact
    try db.execute(
      sql: """
        INSERT INTO api_keys (id, email, organisation, contact_name, email_2, contact_name_2,
          department, created_at, modified_at, expires_at, sent, reason, request_id, state_mac)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        record.id, contact.email, contact.organisation, contact.contactName, contact.email2,
        contact.contactName2, contact.department, record.createdAt.microsecondsSince1970,
        record.modifiedAt.microsecondsSince1970, record.expiresAt?.microsecondsSince1970,
        record.sent, record.reason, requestID,
        stateSeal.column(apiKey: record.id, revokedAt: nil, revokedUntil: nil),
      ])
  }

  /// Inserts a signing key (every column, its lifecycle sealed).
  func insert(_ key: StoredSigningKey, in db: Database) throws {
    let info = key.info
    try db.execute(
      sql: """
        INSERT INTO signing_keys (kid, public_key, sealed_private_key, created_at, not_before,
          retiring_at, retired_at, state_mac)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        info.kid, Data(info.publicKey.rawRepresentation), Data(key.sealedPrivateKey),
        info.createdAt.microsecondsSince1970, info.notBefore.microsecondsSince1970,
        info.retiringAt?.microsecondsSince1970, info.unpublishedAt?.microsecondsSince1970,
        stateSeal.column(info),
      ])
  }

  static func signingKeyExists(kid: String, in db: Database) throws -> Bool {
    try Bool.fetchOne(db, sql: "SELECT 1 FROM signing_keys WHERE kid = ?", arguments: [kid])
      ?? false
  }

  static func bumpRevision(in db: Database, atLeast floor: UInt64 = 0) throws -> UInt64 {
    try db.execute(
      sql: "UPDATE meta SET value = max(value + 1, ?) WHERE name = 'key_set_revision'",
      arguments: [Int64(clamping: floor)])
    return try revision(in: db)
  }

  static func revision(in db: Database) throws -> UInt64 {
    let value = try Int64.fetchOne(
      db, sql: "SELECT value FROM meta WHERE name = 'key_set_revision'")
    return UInt64(value ?? 0)
  }
}
