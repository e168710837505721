import APIKeyCore
import Foundation

/// A new API key as the service made it, waiting for its group commit (`KeyService.issuance`).
struct PendingKey: Sendable {
  /// The id the service drew for it.
  let id: Int64
  let contact: ContactDetails
  let expiresAt: Date?
  let requestID: String?
  var name = ""
  var tags = KeyTags()
  let now: Date
  /// The kid of the key that signs its token.
  let signedBy: String
  /// Its audit entry.
  let audit: AuditEntry

  /// The record it is stored as (times in whole microseconds, as a later read gives them back).
  var record: KeyRecord {
    let stored = Date(microsecondsSince1970: now.microsecondsSince1970)
    return KeyRecord(
      id: id, contact: contact, createdAt: stored, modifiedAt: stored,
      expiresAt: expiresAt.map { Date(microsecondsSince1970: $0.microsecondsSince1970) },
      name: name, tags: tags)
  }
}
