import APIKeyCore
import APIKeyStore
import Foundation
import TestSupport
import Testing

@testable import APIKeyService

/// Expiry reminders through `KeyService` on a real SQLite file, with a clock the test moves.
@Suite("Key service: expiry reminders")
struct KeyServiceRemindersTests: KeyServiceSuite {
  let fixture: KeyServiceFixture
  let thresholds: [Int64] = [30 * 86_400, 7 * 86_400, 86_400]

  init() async throws {
    fixture = try await KeyServiceFixture.signing()
  }

  func issue(expiring seconds: Double) async throws -> KeyRecord {
    try await keys.issue(
      IssueRequest(
        contact: ContactDetails(email: "a@example.com", organisation: "Org"),
        expiry: .at(clock.now + seconds)),
      caller: "t"
    ).record
  }

  /// Claims what is due and marks every leased one sent; the (key, threshold) pairs claimed.
  func sendDue() async throws -> [[Int64]] {
    let claimed = try await keys.claimDueReminders(thresholds: thresholds)
    for (reminder, _) in try await keys.leaseReminders(lease: 60) {
      try await keys.reminderSent(reminder)
    }
    return claimed.map { [$0.keyID, $0.threshold] }
  }

  @Test(
    "Each threshold once per key as time passes; none twice; after downtime only the most urgent; none for a key that never expires; audited reminder_sent"
  )
  func thresholdsOnce() async throws {
    let key = try await issue(expiring: 40 * 86_400)
    let late = try await issue(expiring: 3 * 86_400)
    _ = try await keys.issue(
      IssueRequest(
        contact: ContactDetails(email: "a@example.com", organisation: "Org"), expiry: .never),
      caller: "t")
    // The late key is already past 30d and 7d: only 7d, its most urgent due, goes.
    #expect(try await sendDue() == [[late.id, 7 * 86_400]])
    #expect(try await sendDue() == [])
    clock.advance(2 * 86_400 + 1)  // the late key's last day
    #expect(try await sendDue() == [[late.id, 86_400]])
    clock.advance(8 * 86_400)  // 30d before the first key's expiry
    #expect(try await sendDue() == [[key.id, 30 * 86_400]])
    #expect(try await sendDue() == [])
    clock.advance(29 * 86_400)  // down for 29 days: the first key skipped 7d, 1d is due
    #expect(try await sendDue() == [[key.id, 86_400]])
    clock.advance(2 * 86_400)
    #expect(try await sendDue() == [], "expired keys get none")
    let reminders = try await keys.reminders(of: [key.id, late.id])
    #expect(reminders.count == 4 && reminders.allSatisfy { $0.sentAt != nil && $0.attempts == 1 })
    let audited = try await keys.store.auditEntries(
      filter: AuditFilter(action: "reminder_sent"), afterSeq: 0, limit: 10)
    #expect(audited.count == 4)
    #expect(try await keys.store.verifyAuditTrail().isIntact)
  }

  @Test(
    "A claimed reminder is not sent for a key revoked, erased or renewed meanwhile; a renewed key starts a new series"
  )
  func abandoned() async throws {
    let revoked = try await issue(expiring: 10 * 86_400)
    let erased = try await issue(expiring: 10 * 86_400)
    let renewed = try await issue(expiring: 10 * 86_400)
    #expect(try await keys.claimDueReminders(thresholds: thresholds).count == 3)
    _ = try await keys.revoke(id: revoked.id, caller: "t")
    _ = try await keys.erase(id: erased.id, caller: "t")
    _ = try await keys.renew(id: renewed.id, caller: "t")
    #expect(try await keys.leaseReminders(lease: 60).isEmpty)
    let states = try await keys.reminders(of: [revoked.id, erased.id, renewed.id])
    #expect(
      states.map(\.lastError).sorted() == [
        "not sent: the key was erased", "not sent: the key was renewed",
        "not sent: the key was revoked",
      ])
    #expect(states.allSatisfy { $0.isAbandoned })
    // The renewed key expires in 375 days: its 30d reminder comes 345 days from now.
    clock.advance(345 * 86_400 + 1)
    #expect(try await sendDue() == [[renewed.id, 30 * 86_400]])
  }

  @Test(
    "A failed hand-over keeps the reminder, due again after the backoff, with the reason; a leased one is not leased twice"
  )
  func failures() async throws {
    let key = try await issue(expiring: 2 * 86_400)
    _ = try await keys.claimDueReminders(thresholds: thresholds)
    let (reminder, _) = try #require(try await keys.leaseReminders(lease: 60).first)
    #expect(try await keys.leaseReminders(lease: 60).isEmpty, "leased: not handed out again")
    try await keys.reminderFailed(reminder, after: 120, error: "exit status 75: no route")
    var state = try #require(try await keys.reminders(of: [key.id]).first)
    #expect(state.attempts == 1 && state.sentAt == nil && state.lastError.contains("no route"))
    #expect(state.nextAttemptAt == clock.now + 120)
    #expect(try await keys.leaseReminders(lease: 60).isEmpty, "not before the backoff")
    clock.advance(121)
    let (again, _) = try #require(try await keys.leaseReminders(lease: 60).first)
    try await keys.reminderSent(again)
    state = try #require(try await keys.reminders(of: [key.id]).first)
    #expect(state.attempts == 2 && state.sentAt != nil && state.lastError.isEmpty)
    #expect(ReminderConfiguration(thresholds: [86_400]).backoff(after: 1) == 60)
    #expect(ReminderConfiguration(thresholds: [86_400]).backoff(after: 12) == 3600)
  }

  @Test("Two services on one database: each reminder is claimed once")
  func twoServices() async throws {
    for _ in 0 ..< 20 { _ = try await issue(expiring: 5 * 86_400) }
    let other = try await KeyServiceFixture.service(
      directory: fixture.directory, master: fixture.master, clock: clock)
    let running = BackgroundServices(other.store.services)
    defer { _ = running }
    async let first = keys.claimDueReminders(thresholds: thresholds)
    async let second = other.claimDueReminders(thresholds: thresholds)
    let (a, b) = try await (first, second)
    #expect(a.count + b.count == 20)
    #expect(Set(a.map(\.keyID)).isDisjoint(with: b.map(\.keyID)))
  }
}
