import APIKeyCore
import APIKeyCrypto
import APIKeyStore
import Foundation
import TestSupport
import Testing

@testable import APIKeyService

/// Renewal that keeps a key's id, through `KeyService` on a real SQLite file.
@Suite("Key service: renewal")
struct KeyServiceRenewalTests: KeyServiceSuite {
  let fixture: KeyServiceFixture

  init() async throws {
    fixture = try await KeyServiceFixture.signing()
  }

  func issue(expiring seconds: Double) async throws -> IssuedToken {
    try await keys.issue(
      IssueRequest(
        contact: ContactDetails(email: "a@example.com", organisation: "Org"),
        expiry: .at(clock.now + seconds)),
      caller: "t")
  }

  @Test(
    "Renewing moves the expiry by the period from the current one (from now once expired) and signs a token with the same sub and the new exp; until sets it; audited as key_renewed"
  )
  func renew() async throws {
    let issued = try await issue(expiring: 86_400)
    let renewed = try await keys.renew(id: issued.record.id, caller: "t")
    let expected = issued.record.expiresAt!.addingTimeInterval(keys.renewalPeriod)
    #expect(renewed.record.id == issued.record.id)
    #expect(renewed.record.expiresAt == expected)
    let claims = try keys.verify(renewed.token).get().claims
    #expect(claims.subject == "\(issued.record.id)" && claims.expiresAt == expected)
    #expect(try await keys.key(id: issued.record.id).expiresAt == expected)

    clock.advance(2 * 366 * 86_400)
    let late = try await keys.renew(id: issued.record.id, caller: "t")
    #expect(late.record.expiresAt! > clock.now + keys.renewalPeriod - 1)
    let until = clock.now + 30 * 86_400
    let set = try await keys.renew(id: issued.record.id, until: until, caller: "t")
    #expect(abs(set.record.expiresAt!.timeIntervalSince(until)) < 0.001)
    let trail = try await keys.store.auditEntries(
      filter: AuditFilter(target: "\(issued.record.id)", action: "key_renewed"), afterSeq: 0,
      limit: 10)
    #expect(trail.count == 3)
  }

  @Test(
    "Renewal is refused for a revoked key, an erased key, a key that never expires, a past until")
  func refusals() async throws {
    let revoked = try await issue(expiring: 86_400).record.id
    _ = try await keys.revoke(id: revoked, caller: "t")
    let erased = try await issue(expiring: 86_400).record.id
    _ = try await keys.erase(id: erased, caller: "t")
    let forever = try await keys.issue(
      IssueRequest(
        contact: ContactDetails(email: "a@example.com", organisation: "Org"), expiry: .never),
      caller: "t"
    ).record.id
    let liveRecord = try await issue(expiring: 86_400).record
    let live = liveRecord.id
    for (id, until) in [(revoked, nil), (erased, nil), (forever, nil), (live, clock.now - 1)] {
      await #expect(throws: APIKeyError.self) {
        try await keys.renew(id: id, until: until, caller: "t")
      }
    }
    #expect(try await keys.key(id: live).expiresAt == liveRecord.expiresAt, "unchanged")
  }
}

/// Renewal by a reminder's link: made by the daemon, checked by its MAC, once.
@Suite("Key service: renewal links")
struct KeyServiceRenewalLinkTests: KeyServiceSuite {
  let fixture: KeyServiceFixture

  init() async throws {
    fixture = try await KeyServiceFixture.signing()
  }

  /// A key expiring in `seconds`, with its reminder at `threshold` and that reminder's link.
  func linked(expiring seconds: Double = 86_400) async throws -> (KeyRecord, String) {
    let record = try await keys.issue(
      IssueRequest(
        contact: ContactDetails(email: "a@example.com", organisation: "Org"),
        expiry: .at(clock.now + seconds)),
      caller: "t"
    ).record
    let reminder = ExpiryReminder(
      keyID: record.id, expiresAt: record.expiresAt!, threshold: 86_400, claimedAt: clock.now)
    return (record, keys.renewalLink(for: reminder, lifetime: 45 * 86_400).value)
  }

  @Test(
    "A link renews its key once, by the period, with the same sub; it shows what it will do first; used again, it is refused and nothing changes"
  )
  func once() async throws {
    let (record, link) = try await linked()
    let (shown, until) = try await keys.renewal(link: link)
    #expect(shown.id == record.id && until == record.expiresAt! + keys.renewalPeriod)
    let (renewed, previous) = try await keys.renew(link: link, caller: "register uid=1")
    #expect(renewed.record.id == record.id && renewed.record.expiresAt == until)
    #expect(previous == record.expiresAt)
    #expect(try keys.verify(renewed.token).get().claims.subject == "\(record.id)")
    do {
      _ = try await keys.renew(link: link, caller: "t")
      Issue.record("a second use renewed again")
    } catch let error as APIKeyError {
      #expect("\(error)".contains("used already"), "\(error)")
    }
    #expect(try await keys.key(id: record.id).expiresAt == until, "unchanged by the second use")
  }

  @Test(
    "Refused, changing nothing: every single changed character, another master key's link, a link past its lifetime, a revoked or an erased key"
  )
  func refusals() async throws {
    let (record, link) = try await linked()
    var bytes = Array(link.utf8)
    for index in bytes.indices {
      let original = bytes[index]
      bytes[index] = original == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
      let changed = String(decoding: bytes, as: UTF8.self)
      await #expect(throws: APIKeyError.self, "character \(index)") {
        try await keys.renew(link: changed, caller: "t")
      }
      bytes[index] = original
    }
    let foreign = RenewalLink(
      keyID: record.id, expiresAt: record.expiresAt!, threshold: 86_400,
      validUntil: clock.now + 86_400
    ).value(key: RenewalLink.key(from: SealingKey()))
    await #expect(throws: APIKeyError.self) { try await keys.renew(link: foreign, caller: "t") }
    await #expect(throws: APIKeyError.self) { try await keys.renew(link: "", caller: "t") }
    #expect(try await keys.key(id: record.id).expiresAt == record.expiresAt)

    clock.advance(46 * 86_400)
    do {
      _ = try await keys.renew(link: link, caller: "t")
      Issue.record("an expired link renewed")
    } catch {
      #expect("\(error)".contains("expired"), "\(error)")
    }
    let (revoked, revokedLink) = try await linked()
    _ = try await keys.revoke(id: revoked.id, caller: "t")
    let (erased, erasedLink) = try await linked()
    _ = try await keys.erase(id: erased.id, caller: "t")
    for value in [revokedLink, erasedLink] {
      await #expect(throws: APIKeyError.self) { try await keys.renewal(link: value) }
      await #expect(throws: APIKeyError.self) { try await keys.renew(link: value, caller: "t") }
    }
    #expect(try await keys.key(id: revoked.id).expiresAt == revoked.expiresAt)
  }
}
