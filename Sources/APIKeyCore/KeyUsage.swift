public import Foundation

/// An API key's use as its verifiers reported it.
public struct KeyUsage: Sendable, Equatable {
  /// One verifier that reported the key.
  public struct Sighting: Sendable, Equatable {
    public var verifier: String
    /// The daemon (host name) it reported to.
    public var daemon: String
    public var lastSeenAt: Date

    public init(verifier: String, daemon: String, lastSeenAt: Date) {
      self.verifier = verifier
      self.daemon = daemon
      self.lastSeenAt = lastSeenAt
    }
  }

  /// One UTC day's counts.
  public struct Day: Sendable, Equatable {
    public var day: UsageDay
    public var accepted: Int64
    public var rejected: Int64

    public init(day: UsageDay, accepted: Int64 = 0, rejected: Int64 = 0) {
      self.day = day
      self.accepted = accepted
      self.rejected = rejected
    }
  }

  /// The last accepted use; nil when none was reported.
  public var lastUsedAt: Date?
  /// Accepted uses in the last 7 and 30 UTC days, today included.
  public var accepted7Days: Int64 = 0
  public var accepted30Days: Int64 = 0
  /// Rejected presentations in the last 30 UTC days.
  public var rejected30Days: Int64 = 0
  /// The verifiers that reported it, most recent first.
  public var verifiers: [Sighting] = []
  /// Every day asked for, newest first, zero counts included.
  public var days: [Day] = []

  /// No use reported.
  public init() {}
}
