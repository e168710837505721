public import Foundation

/// What a backup holds: written into the backup file (table `backup_manifest`) and sent with it.
public struct BackupManifest: Sendable, Equatable, Codable {
  /// The last schema migration applied, e.g. `v3`.
  public var schemaVersion: String
  public var createdAt: Date
  public var apiKeys: Int
  public var revokedKeys: Int
  public var signingKeys: Int
  /// Every signing key's kid, retired ones included.
  public var kids: [String]
  public var auditEntries: Int
  public var keySetRevision: UInt64
  /// SHA-256 (hex) over every row of every table, in key order: any change to the data after the
  /// backup shows.
  public var contentSHA256: String

  enum CodingKeys: String, CodingKey {
    case schemaVersion = "schema_version", createdAt = "created_at", apiKeys = "api_keys"
    case revokedKeys = "revoked_keys", signingKeys = "signing_keys", kids
    case auditEntries = "audit_entries", keySetRevision = "key_set_revision"
    case contentSHA256 = "content_sha256"
  }
}
