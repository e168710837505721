import APIKeyCore
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
