public import APIKeyCore

/// What the published key set is made of, read in one transaction.
public struct PublishedState: Sendable {
  /// Every signing key, retired ones included.
  public var keys: [StoredSigningKey]
  /// Revoked API keys still listed.
  public var revoked: [RevokedKey]
  /// The key-set revision.
  public var revision: UInt64
  /// Rows whose security state did not match its MAC or the audit trail, each naming the row:
  /// they are in `keys` and `revoked` in their safer state (retired, revoked).
  public var problems: [String]
  /// Set when the audit trail's record of revocations and retirements was changed outside
  /// apikeyserv: the rows cannot be trusted to show every one of them (see `AuditHead`).
  public var securityRecordProblem: String?

  /// The state as read in one transaction; `problems` are the rows whose seal failed.
  public init(
    keys: [StoredSigningKey], revoked: [RevokedKey], revision: UInt64, problems: [String] = []
  ) {
    self.keys = keys
    self.revoked = revoked
    self.revision = revision
    self.problems = problems
  }
}
