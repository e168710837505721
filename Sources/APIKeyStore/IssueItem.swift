import APIKeyCore
import Foundation

/// A new API key to store: what `KeyStore.insertKey` is given.
struct IssueItem: Sendable {
  let contact: ContactDetails
  let expiresAt: Date?
  let requestID: String?
  let now: Date
  /// The kid of the key that signs its token.
  let signedBy: String
  let makeID: @Sendable () -> Int64
  let audit: @Sendable (Int64) -> AuditEntry
}
