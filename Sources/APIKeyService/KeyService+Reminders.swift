package import APIKeyCore
import APIKeyStore
package import Foundation

/// Expiry reminders (`--expiry-reminders`): claimed in the store with their audit entry, so that
/// of several daemons on one database one sends each; then leased, sent and recorded by the
/// daemon's `ReminderSchedule`.
extension KeyService {
  /// Claims, as the daemon, the reminders due at the clock's time for `thresholds` (seconds
  /// before expiry): for each key not revoked or erased that expires within the largest, the
  /// most urgent threshold it has reached, unless a reminder at that threshold or a smaller one
  /// was claimed for its expiry (after downtime that skipped a threshold, only the most urgent
  /// one is sent). Each claim is audited as `reminder_sent` in its write. At most `limit`.
  package func claimDueReminders(
    thresholds: [Int64], limit: Int = 200
  ) async throws -> [ExpiryReminder] {
    let now = clock()
    let caller = Caller.daemon("apikeyserv expiry reminders")
    let bands = zip(thresholds.sorted(), [0] + thresholds.sorted())
    let claimed = try await store.write { store in
      var claimed: [ExpiryReminder] = []
      for (threshold, after) in bands where claimed.count < limit {
        for record in try store.keysToRemind(
          threshold: threshold, after: after, now: now, limit: limit - claimed.count)
        {
          // '!' is fine: keysToRemind returns keys that expire.
          let expiresAt = record.expiresAt!
          guard
            try store.claimReminder(
              keyID: record.id, expiresAt: expiresAt, threshold: threshold, at: now)
          else { continue }
          try store.append(
            AuditEntry(
              at: now, action: "reminder_sent", target: "\(record.id)",
              outcome:
                "\(DurationText.short(Double(threshold))) before expiry \(expiresAt.ISO8601Format())",
              caller: "\(caller)"))
          claimed.append(
            ExpiryReminder(
              keyID: record.id, expiresAt: expiresAt, threshold: threshold, claimedAt: now,
              nextAttemptAt: now))
        }
      }
      return claimed
    }
    metrics?.recordReminder("claimed", count: claimed.count)
    return claimed
  }

  /// Leases up to `limit` reminders due now for `lease` seconds (another daemon takes them only
  /// after that), with their keys; those whose key was revoked, erased, renewed or expired
  /// meanwhile are given up instead.
  package func leaseReminders(
    lease: Double, limit: Int = 20
  ) async throws -> [(ExpiryReminder, KeyRecord)] {
    let now = clock()
    let (leased, abandoned) = try await store.write { store in
      try store.leaseReminders(now: now, leaseUntil: now + lease, limit: limit)
    }
    metrics?.recordReminder("abandoned", count: abandoned)
    return leased
  }

  /// Records that sendmail accepted `reminder`.
  package func reminderSent(_ reminder: ExpiryReminder) async throws {
    let now = clock()
    try await store.write { store in try store.reminderSent(reminder, at: now) }
    metrics?.recordReminder("sent", count: 1)
  }

  /// Records a failed attempt at `reminder`, to be tried again `after` seconds from now.
  package func reminderFailed(_ reminder: ExpiryReminder, after: Double, error: String) async throws
  {
    let next = clock() + after
    try await store.write { store in try store.reminderFailed(reminder, next: next, error: error) }
    metrics?.recordReminder("failed", count: 1)
  }

  /// The reminders claimed for keys `ids` (at most 1,000).
  package func reminders(of ids: [Int64]) async throws -> [ExpiryReminder] {
    guard ids.count <= 1000 else {
      throw APIKeyError.invalidArgument(field: "ids", reason: "must name at most 1000 keys")
    }
    for id in ids { try Self.checkKeyID(id) }
    return try await store.reminders(of: ids)
  }
}
