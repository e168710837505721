import APIKeyCore
import APIKeyStore
import Foundation
import TestSupport
import Testing

@testable import APIKeyService

/// Erasing owners' details through `KeyService` on a real SQLite file.
@Suite("Key service: erasure")
struct KeyServiceErasureTests: KeyServiceSuite {
  let fixture: KeyServiceFixture

  init() async throws {
    fixture = try await KeyServiceFixture.signing()
  }

  @Test(
    "Erasing revokes the key (a new revision, the token refused), blanks its details, name and tags, keeps id and dates; a second erasure and an update are refused; the audit trail verifies"
  )
  func erase() async throws {
    let issued = try await keys.issue(
      IssueRequest(
        contact: ContactDetails(
          email: "ann@example.com", organisation: "Org", contactName: "Ann", department: "Data"),
        name: "Dashboard", tags: KeyTags(["env": "prod"])),
      caller: "t")
    let before = keys.ring.snapshot.revision
    let (record, revision) = try await keys.erase(id: issued.record.id, caller: "t")
    #expect(revision > before)
    #expect(record.erasedAt != nil && record.revokedAt != nil)
    #expect(record.contact == ContactDetails(email: "", organisation: ""))
    #expect(record.name.isEmpty && record.tags.isEmpty)
    #expect(record.createdAt == issued.record.createdAt && record.id == issued.record.id)
    #expect(keys.verify(issued.token) == .failure(.revoked("\(issued.record.id)")))
    await #expect(throws: APIKeyError.self) {
      try await keys.erase(id: issued.record.id, caller: "t")
    }
    var update = KeyUpdate()
    update.name = "again"
    await #expect(throws: APIKeyError.self) {
      try await keys.update(id: issued.record.id, update, caller: "t")
    }
    let trail = try await keys.store.auditEntries(
      filter: AuditFilter(target: "\(issued.record.id)"), afterSeq: 0, limit: 10)
    #expect(trail.map(\.entry.action) == ["issue_key", "revoke_key", "erase_key"])
    #expect(try await keys.store.verifyAuditTrail().isIntact)
  }

  @Test(
    "On schedule: keys expired or revoked longer ago than the limit are erased once, as the daemon; others are kept"
  )
  func schedule() async throws {
    func issue(expiring seconds: Double) async throws -> Int64 {
      try await keys.issue(
        IssueRequest(
          contact: ContactDetails(email: "a@example.com", organisation: "Org"),
          expiry: .at(clock.now + seconds)),
        caller: "t"
      ).record.id
    }
    let expiring = try await issue(expiring: 60)
    let kept = try await issue(expiring: 86_400)
    let revoked = try await issue(expiring: 86_400)
    _ = try await keys.revoke(id: revoked, caller: "t")
    clock.advance(30)
    #expect(try await keys.eraseExpired(after: 60).isEmpty)
    clock.advance(100)
    let erased = try await keys.eraseExpired(after: 60)
    #expect(Set(erased.map(\.id)) == [expiring, revoked])
    #expect(try await keys.key(id: kept).erasedAt == nil)
    #expect(try await keys.eraseExpired(after: 60).isEmpty, "once")
    let trail = try await keys.store.auditEntries(
      filter: AuditFilter(target: "\(expiring)"), afterSeq: 0, limit: 10)
    #expect(trail.last?.entry.caller == "apikeyserv erasure schedule")
  }
}
