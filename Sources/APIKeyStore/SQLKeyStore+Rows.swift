import APIKeyCore
import APIKeyCrypto
import Foundation

/// Mapping between rows and domain values.
extension SQLKeyStore {
  static let keyColumns = """
    id, email, organisation, contact_name, email_2, contact_name_2, department,
    created_at, modified_at, expires_at, sent, revoked_at, reason, revoked_until, state_mac,
    name, tags, erased_at
    """

  /// The record as the row holds it; read rows through `StateSeal.keyRecord`, which checks the
  /// revocation's MAC.
  static func keyRecord(_ row: SQLRow) throws -> KeyRecord {
    KeyRecord(
      id: try row["id"],
      contact: ContactDetails(
        email: try row["email"], organisation: try row["organisation"],
        contactName: try row["contact_name"], email2: try row["email_2"],
        contactName2: try row["contact_name_2"], department: try row["department"]),
      createdAt: Date(microsecondsSince1970: try row["created_at"]),
      modifiedAt: Date(microsecondsSince1970: try row["modified_at"]),
      expiresAt: try date(row, "expires_at"),
      sent: try row["sent"],
      revokedAt: try date(row, "revoked_at"),
      reason: try row["reason"], name: try row["name"], tags: KeyTags(stored: try row["tags"]),
      erasedAt: try date(row, "erased_at"))
  }

  static func revokedKey(_ row: SQLRow) throws -> RevokedKey {
    RevokedKey(
      id: try row["id"], revokedAt: Date(microsecondsSince1970: try row["revoked_at"]),
      expiresAt: try date(row, "revoked_until"))
  }

  static func signingKey(_ row: SQLRow) throws -> StoredSigningKey {
    let publicKey: [UInt8] = try row["public_key"]
    let info = SigningKeyInfo(
      publicKey: try Ed25519PublicKey(rawRepresentation: publicKey),
      createdAt: Date(microsecondsSince1970: try row["created_at"]),
      notBefore: Date(microsecondsSince1970: try row["not_before"]),
      retiringAt: try date(row, "retiring_at"),
      unpublishedAt: try date(row, "retired_at"))
    let stored: String = try row["kid"]
    guard info.kid == stored else {
      throw APIKeyError.internalError("signing key \(stored) does not match its public key")
    }
    return StoredSigningKey(info: info, sealedPrivateKey: try row["sealed_private_key"])
  }

  /// The time in microseconds since 1970 that `column` holds, if any.
  /// A `tokens` row (`tokenColumns`).
  static func recordedToken(_ row: SQLRow) throws -> RecordedToken {
    RecordedToken(
      kid: try row["kid"], issuedAt: Date(microsecondsSince1970: try row["issued_at"]),
      expiresAt: try date(row, "expires_at"))
  }

  /// The columns `recordedToken` reads.
  static let tokenColumns = "kid, issued_at, expires_at"

  static func date(_ row: SQLRow, _ column: String) throws -> Date? {
    let micros: Int64? = try row[column]
    return micros.map(Date.init(microsecondsSince1970:))
  }

  /// Inserts a signing key (every column, its lifecycle sealed).
  func insert(_ key: StoredSigningKey, in tx: any SQLTransaction) throws {
    let info = key.info
    try tx.execute(
      """
      INSERT INTO signing_keys (kid, public_key, sealed_private_key, created_at, not_before,
        retiring_at, retired_at, state_mac)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        info.kid, info.publicKey.rawRepresentation, key.sealedPrivateKey,
        info.createdAt.microsecondsSince1970, info.notBefore.microsecondsSince1970,
        info.retiringAt?.microsecondsSince1970, info.unpublishedAt?.microsecondsSince1970,
        stateSeal.mac(info),
      ])
  }

  /// Those of `kids` that no longer sign (retiring or retired), as the write sees them.
  static func stoppedSigning(
    _ kids: Set<String>, in tx: any SQLTransaction
  ) throws -> Set<String> {
    guard !kids.isEmpty else { return [] }
    let marks = Array(repeating: "?", count: kids.count).joined(separator: ", ")
    return Set(
      try tx.column(
        "SELECT kid FROM signing_keys WHERE retiring_at IS NOT NULL AND kid IN (\(marks))",
        kids.map(\.sqlValue), as: String.self))
  }

  static func signingKeyExists(kid: String, in tx: any SQLTransaction) throws -> Bool {
    try tx.row("SELECT 1 FROM signing_keys WHERE kid = ?", [kid]) != nil
  }

  static func bumpRevision(in tx: any SQLTransaction, atLeast floor: UInt64 = 0) throws -> UInt64 {
    let floor = Int64(clamping: floor)
    try tx.execute(
      """
      UPDATE meta SET value = CASE WHEN value + 1 > ? THEN value + 1 ELSE ? END
      WHERE name = 'key_set_revision'
      """,
      [floor, floor])
    return try revision(in: tx)
  }

  static func revision(in tx: any SQLTransaction) throws -> UInt64 {
    let value = try tx.value(
      "SELECT value FROM meta WHERE name = 'key_set_revision'", as: Int64.self)
    return UInt64(value ?? 0)
  }
}
