public import APIKeyCore
public import Foundation

/// Expiry reminders: row operations for `KeyService`'s reminder schedule. A reminder is claimed
/// (a row per key, expiry and threshold; `ON CONFLICT DO NOTHING`, so of several daemons one
/// claims it), then leased by the daemon that sends it, then marked sent or failed.
extension StoreWrite {
  /// Up to `limit` keys, neither revoked nor erased, that expire after `now` and no later than
  /// `now + threshold` but later than `now + after` (the next smaller threshold), with no
  /// reminder claimed for their expiry at `threshold` or a smaller one.
  public func keysToRemind(
    threshold: Int64, after: Int64, now: Date, limit: Int
  ) throws -> [KeyRecord] {
    let time = now.microsecondsSince1970
    return try tx.rows(
      """
      SELECT \(SQLKeyStore.keyColumns) FROM api_keys WHERE revoked_at IS NULL
        AND erased_at IS NULL AND expires_at > ? AND expires_at <= ?
        AND NOT EXISTS (SELECT 1 FROM expiry_reminders r WHERE r.key_id = api_keys.id
          AND r.expires_at = api_keys.expires_at AND r.threshold <= ?)
      ORDER BY expires_at, id LIMIT \(limit)
      """, [time + after * 1_000_000, time + threshold * 1_000_000, threshold]
    ).map { try store.stateSeal.keyRecord($0) }
  }

  /// Claims the reminder of key `keyID`'s expiry `expiresAt` at `threshold`, due at once: true
  /// when no daemon claimed it before (and this one now has).
  public func claimReminder(
    keyID: Int64, expiresAt: Date, threshold: Int64, at now: Date
  ) throws -> Bool {
    try tx.execute(
      """
      INSERT INTO expiry_reminders (key_id, expires_at, threshold, claimed_at, next_attempt_at)
      VALUES (?, ?, ?, ?, ?) ON CONFLICT (key_id, expires_at, threshold) DO NOTHING
      """,
      [
        keyID, expiresAt.microsecondsSince1970, threshold, now.microsecondsSince1970,
        now.microsecondsSince1970,
      ]) == 1
  }

  /// Up to `limit` reminders due at `now` and not leased, each leased until `leaseUntil` with
  /// its key, oldest first. A reminder whose key was revoked, erased, renewed or expired
  /// meanwhile is given up instead (its reason in `last_error`): counted, not returned.
  public func leaseReminders(
    now: Date, leaseUntil: Date, limit: Int
  ) throws -> (leased: [(ExpiryReminder, KeyRecord)], abandoned: Int) {
    let time = now.microsecondsSince1970
    let due = try tx.rows(
      """
      SELECT \(Self.reminderColumns) FROM expiry_reminders
      WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ? AND lease_until <= ?
      ORDER BY next_attempt_at, key_id LIMIT \(limit)
      """, [time, time]
    ).map(Self.reminder)
    var leased: [(ExpiryReminder, KeyRecord)] = []
    var abandoned = 0
    for reminder in due {
      let record = try self.record(id: reminder.keyID)
      if let reason = Self.abandonment(of: reminder, record: record, now: now) {
        try update(reminder, "next_attempt_at = NULL, lease_until = 0, last_error = ?", [reason])
        abandoned += 1
        continue
      }
      try update(reminder, "lease_until = ?", [leaseUntil.microsecondsSince1970])
      // '!' is fine: abandonment returns a reason when there is no record.
      leased.append((reminder, record!))
    }
    return (leased, abandoned)
  }

  /// Records that sendmail accepted `reminder` at `now`.
  public func reminderSent(_ reminder: ExpiryReminder, at now: Date) throws {
    try update(
      reminder,
      "sent_at = ?, attempts = attempts + 1, next_attempt_at = NULL, lease_until = 0, last_error = ''",
      [now.microsecondsSince1970])
  }

  /// Records a failed attempt at `reminder`: the next at `next`, and why (no e-mail address in
  /// it).
  public func reminderFailed(_ reminder: ExpiryReminder, next: Date, error: String) throws {
    try update(
      reminder, "attempts = attempts + 1, next_attempt_at = ?, lease_until = 0, last_error = ?",
      [next.microsecondsSince1970, String(error.prefix(500))])
  }

  /// Why `reminder` is not sent after all; nil when it still should be.
  static func abandonment(of reminder: ExpiryReminder, record: KeyRecord?, now: Date) -> String? {
    guard let record else { return "the key is gone" }
    if record.erasedAt != nil { return "not sent: the key was erased" }
    if record.revokedAt != nil { return "not sent: the key was revoked" }
    guard let expiresAt = record.expiresAt,
      expiresAt.microsecondsSince1970 == reminder.expiresAt.microsecondsSince1970
    else { return "not sent: the key was renewed" }
    if expiresAt <= now { return "not sent: the key expired first" }
    return nil
  }

  private func update(
    _ reminder: ExpiryReminder, _ assignments: String, _ values: [any SQLValueConvertible]
  ) throws {
    _ = try tx.execute(
      """
      UPDATE expiry_reminders SET \(assignments)
      WHERE key_id = ? AND expires_at = ? AND threshold = ?
      """,
      values + [
        reminder.keyID, reminder.expiresAt.microsecondsSince1970, reminder.threshold,
      ] as [any SQLValueConvertible])
  }

  static let reminderColumns =
    "key_id, expires_at, threshold, claimed_at, sent_at, attempts, next_attempt_at, last_error"

  /// A reminder from a row of `reminderColumns`.
  static func reminder(_ row: SQLRow) throws -> ExpiryReminder {
    ExpiryReminder(
      keyID: try row["key_id"], expiresAt: Date(microsecondsSince1970: try row["expires_at"]),
      threshold: try row["threshold"],
      claimedAt: Date(microsecondsSince1970: try row["claimed_at"]),
      sentAt: (try row["sent_at"] as Int64?).map(Date.init(microsecondsSince1970:)),
      attempts: Int(try row["attempts"] as Int64),
      nextAttemptAt: (try row["next_attempt_at"] as Int64?).map(Date.init(microsecondsSince1970:)),
      lastError: try row["last_error"])
  }
}
