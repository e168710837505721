/// Expiry reminders (`--expiry-reminders`): when they go out, how they reach the key's
/// contacts, and the renewal link they hold.
public struct ReminderConfiguration: Sendable, Equatable {
  /// Seconds before expiry, one reminder each (`30d,7d,1d`), largest first.
  public var thresholds: [Double]
  /// The self-service bridge's public address (`https://keys.example.org`): each reminder links
  /// to `/renew/<value>` there. Nil: no link; the reminder says whom to ask.
  public var renewalURL: String?
  /// How long a renewal link works, in seconds.
  public var linkLifetime: Double = 45 * 86_400
  /// The sendmail interface of the host's mail transfer agent.
  public var sendmailPath = "/usr/sbin/sendmail"
  /// The From address, and whom the reminder says to ask; nil: the agent's default.
  public var mailFrom: String?
  /// Who issues the keys, as the reminder names it.
  public var siteName = "API keys"

  /// Reminders at `thresholds` (seconds before expiry).
  public init(thresholds: [Double]) {
    self.thresholds = thresholds.sorted(by: >)
  }

  /// Seconds between checks for reminders due: a tenth of the smallest threshold, at least a
  /// second and at most a minute. A failed hand-over is retried after this, doubling up to an
  /// hour.
  public var interval: Double { min(max((thresholds.min() ?? 600) / 10, 1), 60) }

  /// The wait before attempt `attempts + 1` after `attempts` failed ones.
  public func backoff(after attempts: Int) -> Double {
    min(interval * Double(1 << min(max(attempts - 1, 0), 20)), 3600)
  }
}
