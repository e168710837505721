public import Foundation

/// What a backup holds: written into the backup file (table `backup_manifest`) and sent with it.
public struct BackupManifest: Sendable, Equatable, Codable {
  /// The last schema migration applied, e.g. `v3`.
  public var schemaVersion: String
  /// When the backup was made.
  public var createdAt: Date
  /// API key records, revoked ones included.
  public var apiKeys: Int
  /// Revoked API key records.
  public var revokedKeys: Int
  /// Signing keys, retired ones included.
  public var signingKeys: Int
  /// Every signing key's kid, retired ones included.
  public var kids: [String]
  /// Rows of the audit trail.
  public var auditEntries: Int
  /// The key-set revision at the time of the backup.
  public var keySetRevision: UInt64
  /// SHA-256 (hex) over the schema and every row of every table, in key order (informational:
  /// anyone can recompute it).
  public var contentSHA256: String
  /// HMAC-SHA-256 (hex) of the same bytes, keyed from the master key: any change to the schema or
  /// the data after the backup shows, even with the manifest rewritten, unless whoever changed it
  /// holds the master key.
  public var contentMAC: String

  enum CodingKeys: String, CodingKey {
    case schemaVersion = "schema_version"
    case createdAt = "created_at"
    case apiKeys = "api_keys"
    case revokedKeys = "revoked_keys"
    case signingKeys = "signing_keys"
    case kids
    case auditEntries = "audit_entries"
    case keySetRevision = "key_set_revision"
    case contentSHA256 = "content_sha256"
    case contentMAC = "content_mac"
  }
}
