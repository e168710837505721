import APIKeyCore
import APIKeyCrypto
import APIKeyStore
import Foundation
import Logging
import TestSupport
import Testing

@testable import APIKeyService

/// API key records through `KeyService`: revocation and when a revoked key leaves the list,
/// owner updates, MarkSent and the ListKeys filters.
@Suite("Key service: records")
struct KeyServiceRecordTests: KeyServiceSuite {
  let fixture: KeyServiceFixture

  init() async throws {
    fixture = try await KeyServiceFixture()
  }

  @Test(
    "Revoking puts the key on the list (new revision, pushed), VerifyKey says revoked, re-signing is refused"
  )
  func revoke() async throws {
    _ = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let issued = try await keys.issue(
      IssueRequest(
        contact: ContactDetails(email: "a@example.com", organisation: "Org"),
        expiry: .at(clock.now + 3600), requestID: "req-1"),
      caller: "t")
    var watch = keys.ring.watch().makeAsyncIterator()
    let before = try #require(await watch.next())
    let (record, revision) = try await keys.revoke(id: issued.record.id, caller: "t")
    #expect(record.revokedAt == Date(microsecondsSince1970: clock.now.microsecondsSince1970))
    let update = try #require(await watch.next())
    #expect(update.revision == revision)
    #expect(revision > before.revision)
    #expect(update.revoked.map(\.id) == [issued.record.id])
    #expect(update.revokedJSON.contains("\"\(issued.record.id)\""))
    #expect(keys.verify(issued.token) == .failure(.revoked("\(issued.record.id)")))
    let resign = await #expect(throws: APIKeyError.self) {
      _ = try await keys.resign(id: issued.record.id, caller: "t")
    }
    #expect(resign.map(Refusal.init) == .failedPrecondition)
    let revokeAgain = await #expect(throws: APIKeyError.self) {
      _ = try await keys.revoke(id: issued.record.id, caller: "t")
    }
    #expect(revokeAgain.map(Refusal.init) == .failedPrecondition)
    // The same request id does not hand out the revoked key again.
    let replay = await #expect(throws: APIKeyError.self) {
      _ = try await keys.issue(
        IssueRequest(
          contact: ContactDetails(email: "a@example.com", organisation: "Org"),
          expiry: .at(clock.now + 3600), requestID: "req-1"),
        caller: "t")
    }
    #expect(replay.map(Refusal.init) == .failedPrecondition)
    let fresh = try await issue()
    #expect(fresh.record.id != issued.record.id)
  }

  @Test(
    "Revoking an unknown id is not found; re-signing an expired key is refused, recording nothing")
  func revokeAndResignRefusals() async throws {
    _ = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    await #expect(throws: APIKeyError.notFound("no API key with id 12345")) {
      _ = try await keys.revoke(id: 12345, caller: "t")
    }
    let issued = try await keys.issue(
      IssueRequest(
        contact: ContactDetails(email: "a@example.com", organisation: "Org"),
        expiry: .at(clock.now + 100)),
      caller: "t")
    clock.advance(101)
    let before = try await keys.store.auditEntries(since: nil, afterSeq: 0, limit: 100).count
    let expired = await #expect(throws: APIKeyError.self) {
      _ = try await keys.resign(id: issued.record.id, caller: "t")
    }
    #expect(expired.map(Refusal.init) == .failedPrecondition)
    #expect(expired?.message.contains("expired at") == true)
    let after = try await keys.store.auditEntries(since: nil, afterSeq: 0, limit: 100).count
    #expect(after == before)
  }

  @Test(
    "A revoked key leaves the list an hour after its last token expires: a scheduled new revision")
  func revocationExpires() async throws {
    _ = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let issued = try await keys.issue(
      IssueRequest(
        contact: ContactDetails(email: "a@example.com", organisation: "Org"),
        expiry: .at(clock.now + 100)),
      caller: "t")
    let (_, revision) = try await keys.revoke(id: issued.record.id, caller: "t")
    let schedule = SigningSchedule(keys: keys)
    clock.advance(99)
    await schedule.step()
    #expect(keys.ring.snapshot.isRevoked(keyID: issued.record.id))
    // Its token has expired, but a verifier allowing clock skew might still take it: listed on.
    clock.advance(1 + RevokedKey.listingMargin - 1)
    await schedule.step()
    #expect(keys.ring.snapshot.isRevoked(keyID: issued.record.id))
    // A restart in the margin reads it from the database as listed too.
    try await keys.reload()
    #expect(keys.ring.snapshot.isRevoked(keyID: issued.record.id))
    clock.advance(1)
    await schedule.step()
    #expect(!keys.ring.snapshot.isRevoked(keyID: issued.record.id))
    #expect(keys.ring.snapshot.revision > revision)
    #expect(keys.verify(issued.token) == .failure(.expired(clock.now - RevokedKey.listingMargin)))
  }

  @Test(
    "UpdateKey changes only the named fields; a bad value is refused naming it and changes nothing")
  func update() async throws {
    _ = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let issued = try await issue()
    var change = KeyUpdate()
    change.department = "Dept"
    change.expiry = .never
    clock.advance(5)
    let updated = try await keys.update(id: issued.record.id, change, caller: "t")
    #expect(updated.contact.department == "Dept")
    #expect(updated.contact.email == "a@example.com")
    #expect(updated.expiresAt == nil)
    #expect(updated.modifiedAt > issued.record.modifiedAt)
    var bad = KeyUpdate()
    bad.email = "not an address"
    bad.department = "Other"
    await #expect(
      throws: APIKeyError.invalidArgument(field: "email", reason: "is not a valid e-mail address")
    ) {
      _ = try await keys.update(id: issued.record.id, bad, caller: "t")
    }
    #expect(try await keys.key(id: issued.record.id) == updated)
    let empty = await #expect(throws: APIKeyError.self) {
      _ = try await keys.update(id: issued.record.id, KeyUpdate(), caller: "t")
    }
    #expect(empty.map(Refusal.init) == .invalidArgument(field: "update"))
  }

  @Test(
    "MarkSent marks all or nothing; ListKeys filters by organisation, e-mail, expiry, revoked and sent"
  )
  func markSentAndFilters() async throws {
    _ = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let a = try await keys.issue(
      IssueRequest(
        contact: ContactDetails(email: "a@example.com", organisation: "Gemeente"),
        expiry: .at(clock.now + 10 * 86400)),
      caller: "t")
    let b = try await keys.issue(
      IssueRequest(
        contact: ContactDetails(
          email: "b@example.com", organisation: "Provincie", email2: "A@example.com")),
      caller: "t")
    let c = try await issue("gemeente", email: "c@example.com")
    _ = try await keys.revoke(id: c.record.id, caller: "t")
    await #expect(throws: APIKeyError.notFound("no API key with id 12345")) {
      _ = try await keys.markSent(ids: [a.record.id, 12345], caller: "t")
    }
    #expect(try await keys.key(id: a.record.id).sent == false)
    _ = try await keys.markSent(ids: [a.record.id], caller: "t")

    func ids(_ filter: KeyFilter) async throws -> Set<Int64> {
      Set(try await keys.keys(pageSize: 0, pageToken: "", filter: filter).keys.map(\.id))
    }
    #expect(try await ids(KeyFilter(organisation: "GEMEENTE")) == [a.record.id, c.record.id])
    #expect(try await ids(KeyFilter(email: "a@example.com")) == [a.record.id, b.record.id])
    #expect(try await ids(KeyFilter(expiringBefore: clock.now + 30 * 86400)) == [a.record.id])
    #expect(try await ids(KeyFilter(revoked: true)) == [c.record.id])
    #expect(try await ids(KeyFilter(revoked: false, sent: false)) == [b.record.id])
    #expect(try await ids(KeyFilter(sent: true)) == [a.record.id])
    clock.advance(11 * 86400)
    #expect(try await ids(KeyFilter(expiringBefore: clock.now + 30 * 86400)).isEmpty)
  }
}
