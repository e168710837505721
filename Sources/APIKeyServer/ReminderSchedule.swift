import APIKeyCore
import APIKeyMail
package import APIKeyService
import Foundation
import Logging
package import ServiceLifecycle

/// `--expiry-reminders`: every `interval`, claims the reminders due (`KeyService.claimDueReminders`:
/// one per key and threshold, whatever the number of daemons), then leases the ones ready to go
/// and hands each to sendmail, addressed to the key's contacts, with its renewal link. A failed
/// hand-over is retried with backoff (doubling up to an hour) and shows in
/// `apikeyctl keys expiring`; it never holds up the daemon's other work.
package struct ReminderSchedule: Service {
  let keys: KeyService
  let configuration: ReminderConfiguration
  let mail: ReminderMail
  let sendmail: Sendmail

  package init(keys: KeyService, configuration: ReminderConfiguration) {
    self.keys = keys
    self.configuration = configuration
    self.mail = ReminderMail(siteName: configuration.siteName, from: configuration.mailFrom)
    self.sendmail = Sendmail(path: configuration.sendmailPath)
  }

  /// Reminders leased at a time: sent one after the other.
  static let batch = 4
  /// How long a daemon holds the reminders it leased (another takes them after that): the mail
  /// agent's longest wait for each of a batch, with a minute to spare.
  var lease: Double { Double(Self.batch) * sendmail.timeout + 60 }

  package func run() async throws {
    await cancelWhenGracefulShutdown {
      while !Task.isCancelled {
        await step()
        try? await Task.sleep(for: .milliseconds(Int64(configuration.interval * 1000)))
      }
    }
  }

  /// Claims what is due, then sends what is ready, in batches until none is left.
  func step() async {
    let thresholds = configuration.thresholds.map { Int64($0) }
    do {
      while !Task.isCancelled, try await keys.claimDueReminders(thresholds: thresholds).count == 200
      {}
      while !Task.isCancelled {
        let leased = try await keys.leaseReminders(lease: lease, limit: Self.batch)
        for (reminder, record) in leased where !Task.isCancelled {
          await send(reminder, for: record)
        }
        if leased.count < Self.batch { return }
      }
    } catch {
      keys.logger.error("Expiry reminders failed; retrying", metadata: ["error": "\(error)"])
    }
  }

  /// Hands `reminder` to sendmail and records what came of it.
  private func send(_ reminder: ExpiryReminder, for record: KeyRecord) async {
    let link = configuration.renewalURL.map { base in
      let made = keys.renewalLink(for: reminder, lifetime: configuration.linkLifetime)
      return ReminderMail.Link(
        url: "\(base)/renew/\(made.value)", validUntil: made.validUntil,
        renewedUntil: made.renewedUntil)
    }
    let message = mail.message(
      for: record, expiresAt: reminder.expiresAt, link: link, now: keys.clock())
    let metadata: Logger.Metadata = [
      "key.id": "\(record.id)", "threshold": "\(DurationText.short(Double(reminder.threshold)))",
    ]
    do {
      try await sendmail.send(message, to: ReminderMail.recipients(of: record))
    } catch {
      let wait = configuration.backoff(after: reminder.attempts + 1)
      keys.logger.error(
        "Expiry reminder not sent; retrying",
        metadata: metadata.merging(
          ["error": "\(error)", "retry_in": "\(DurationText.short(wait.rounded(.up)))"]
        ) { $1 })
      try? await keys.reminderFailed(reminder, after: wait, error: "\(error)")
      return
    }
    do {
      try await keys.reminderSent(reminder)
      keys.logger.info("Expiry reminder sent", metadata: metadata)
    } catch {
      // Sent, but not recorded: once the lease ends it goes again (one more message, not none).
      keys.logger.error(
        "Expiry reminder sent but not recorded",
        metadata: metadata.merging(["error": "\(error)"]) { $1 })
    }
  }
}
