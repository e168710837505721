import APIKeyCore
import Foundation

/// A new API key to store, as the service made it: what `KeyStore.insertKey` is given.
struct IssueItem: Sendable {
  /// The id the service drew for it.
  let id: Int64
  let contact: ContactDetails
  let expiresAt: Date?
  let requestID: String?
  let now: Date
  /// The kid of the key that signs its token.
  let signedBy: String
  /// Its audit entry, as the service composed it.
  let audit: AuditEntry
}
