public import Foundation

/// Presentations of one API key with one outcome, as a verifier counted them in a window: the
/// key's id, never its token.
public struct UsageEntry: Sendable, Hashable {
  /// The key's id (the token's `sub`).
  public var keyID: Int64
  /// The kid the token named.
  public var kid: String
  public var outcome: UsageOutcome
  /// How many times; at least 1.
  public var count: Int64
  public var firstSeen: Date
  public var lastSeen: Date

  /// An entry as counted.
  public init(
    keyID: Int64, kid: String, outcome: UsageOutcome, count: Int64, firstSeen: Date,
    lastSeen: Date
  ) {
    self.keyID = keyID
    self.kid = kid
    self.outcome = outcome
    self.count = count
    self.firstSeen = firstSeen
    self.lastSeen = lastSeen
  }
}
