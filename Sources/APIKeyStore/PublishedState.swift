public import APIKeyCore

/// What the published key set is made of, read in one transaction.
public struct PublishedState: Sendable {
  /// Every signing key, retired ones included.
  public var keys: [StoredSigningKey]
  /// Revoked API keys still listed.
  public var revoked: [RevokedKey]
  /// The key-set revision.
  public var revision: UInt64

  /// A state.
  public init(keys: [StoredSigningKey], revoked: [RevokedKey], revision: UInt64) {
    self.keys = keys
    self.revoked = revoked
    self.revision = revision
  }
}
