public import Foundation

/// An expiry reminder as the store keeps it: claimed once per key, expiry and threshold (so
/// several daemons send one), then sent, or retried with its attempts and last failure.
public struct ExpiryReminder: Sendable, Equatable {
  public var keyID: Int64
  /// The expiry it reminds of; a renewal starts a new series.
  public var expiresAt: Date
  /// Seconds before that expiry (one of `--expiry-reminders`).
  public var threshold: Int64
  public var claimedAt: Date
  /// When sendmail accepted it; nil while not sent.
  public var sentAt: Date?
  /// Hand-overs to sendmail tried so far.
  public var attempts: Int
  /// The next attempt while not sent; nil once sent or given up.
  public var nextAttemptAt: Date?
  /// Why the last attempt failed (no e-mail address in it), or why it was given up.
  public var lastError: String

  public init(
    keyID: Int64, expiresAt: Date, threshold: Int64, claimedAt: Date, sentAt: Date? = nil,
    attempts: Int = 0, nextAttemptAt: Date? = nil, lastError: String = ""
  ) {
    self.keyID = keyID
    self.expiresAt = expiresAt
    self.threshold = threshold
    self.claimedAt = claimedAt
    self.sentAt = sentAt
    self.attempts = attempts
    self.nextAttemptAt = nextAttemptAt
    self.lastError = lastError
  }

  /// Whether it was given up without being sent (the key was revoked, erased, renewed or expired
  /// first).
  public var isAbandoned: Bool { sentAt == nil && nextAttemptAt == nil }
}
