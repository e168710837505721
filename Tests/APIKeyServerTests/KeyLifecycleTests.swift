import APIKeyCore
import APIKeyCrypto
import APIKeyStore
import Foundation
import Logging
import TestSupport
import Testing

@testable import APIKeyServer

/// Rotation, retirement with grace, revocation and owner records, through `KeyService` on a real
/// SQLite file, with a clock the test moves (every timed transition is checked at its time).
@Suite("Key lifecycle")
struct KeyLifecycleTests {
  let directory: TemporaryDirectory
  let clock = TestClock()
  let keys: KeyService

  init() async throws {
    directory = try TemporaryDirectory()
    keys = try await KeyServiceTests.service(directory: directory, master: SealingKey(), clock: clock)
  }

  func issue(_ organisation: String = "Org", email: String = "a@example.com") async throws -> IssuedToken {
    try await keys.issue(
      IssueRequest(contact: ContactDetails(email: email, organisation: organisation)), caller: "t")
  }

  @Test("Rotate publishes the new key at once; the old one signs until 65 minutes later, then the new one")
  func rotate() async throws {
    await #expect(throws: APIKeyError.self) { _ = try await keys.rotateSigningKey(publishAhead: nil, caller: "t") }
    let (first, _) = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let rotated = try await keys.rotateSigningKey(publishAhead: nil, caller: "t")
    #expect(rotated.previousKid == first.kid)
    #expect(rotated.key.notBefore == clock.now + 65 * 60)
    #expect(keys.ring.snapshot.publicKey(kid: rotated.key.kid) != nil)
    #expect(keys.state(of: rotated.key) == .pending)
    #expect(try await issue().kid == first.kid)
    // A second rotation while one is pending is refused and changes nothing.
    await #expect(throws: APIKeyError.self) { _ = try await keys.rotateSigningKey(publishAhead: 60, caller: "t") }
    #expect(try await keys.signingKeys().count == 2)
    clock.advance(65 * 60 - 1)
    #expect(try await issue().kid == first.kid)
    clock.advance(1)
    #expect(try await issue().kid == rotated.key.kid)
    #expect(keys.state(of: rotated.key) == .current)
    #expect(keys.state(of: first) == .active)
  }

  @Test("A negative publish-ahead is refused naming the field")
  func rotateBadDuration() async throws {
    _ = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    await #expect(throws: APIKeyError.invalidArgument(field: "publish_ahead", reason: "must be between 0 and 366 days")) {
      _ = try await keys.rotateSigningKey(publishAhead: -1, caller: "t")
    }
  }

  @Test("Retire with grace: stops signing at once, published until the grace ends, then a new revision without it")
  func retireWithGrace() async throws {
    let (old, _) = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let issued = try await issue()
    clock.advance(1)
    let (new, _) = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let retired = try await keys.retireSigningKey(kid: old.kid, grace: 600, caller: "t")
    #expect(retired.impact.affectedKeys == 1)
    #expect(keys.state(of: retired.key) == .retiring)
    #expect(try keys.verify(issued.token).get().kid == old.kid)
    #expect(try await issue().kid == new.kid)
    var watch = keys.ring.watch().makeAsyncIterator()
    #expect(await watch.next()?.revision == retired.revision)
    let schedule = SigningSchedule(keys: keys)
    clock.advance(599)
    await schedule.step()
    #expect(keys.ring.snapshot.revision == retired.revision)
    clock.advance(1)
    await schedule.step()
    let update = try #require(await watch.next())
    #expect(update.revision > retired.revision)
    #expect(update.publicKey(kid: old.kid) == nil)
    #expect(keys.verify(issued.token) == .failure(.unknownKid(old.kid)))
    #expect(keys.state(of: retired.key) == .retired)
    await #expect(throws: APIKeyError.self) { _ = try await keys.retireSigningKey(kid: old.kid, caller: "t") }
  }

  @Test("The impact counts keys whose valid tokens are all from the key; a dry run changes nothing; re-signing clears it")
  func impactAndResign() async throws {
    let (old, _) = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let a = try await issue("A")
    _ = try await issue("A", email: "b@example.com")
    let c = try await issue("B")
    _ = try await keys.revoke(id: c.record.id, caller: "t")
    clock.advance(1)
    let (new, _) = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    _ = try await keys.resign(id: a.record.id, caller: "t")
    let dry = try await keys.retireSigningKey(kid: old.kid, dryRun: true, caller: "t")
    #expect(dry.impact.affectedKeys == 1)  // a has a token from the new key; c is revoked
    #expect(dry.impact.organisations.map(\.organisation) == ["A"])
    #expect(keys.state(of: dry.key) == .active)
    #expect(keys.ring.snapshot.publicKey(kid: old.kid) != nil)
    let resigned = try await keys.resign(signedBy: old.kid, caller: "t")
    #expect(resigned.count == 1)
    #expect(resigned.allSatisfy { $0.kid == new.kid })
    #expect(try keys.verify(resigned[0].token).get().kid == new.kid)
    let after = try await keys.retireSigningKey(kid: old.kid, dryRun: true, caller: "t")
    #expect(after.impact.affectedKeys == 0)
    await #expect(throws: APIKeyError.self) { _ = try await keys.resign(signedBy: new.kid, caller: "t") }
    await #expect(throws: APIKeyError.notFound("no signing key with kid nope")) {
      _ = try await keys.resign(signedBy: "nope", caller: "t")
    }
  }

  @Test("Revoking puts the key on the list (new revision, pushed), VerifyKey says revoked, re-signing is refused")
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
    await #expect(throws: APIKeyError.self) { _ = try await keys.resign(id: issued.record.id, caller: "t") }
    await #expect(throws: APIKeyError.self) { _ = try await keys.revoke(id: issued.record.id, caller: "t") }
    // The same request id does not hand out the revoked key again.
    await #expect(throws: APIKeyError.self) {
      _ = try await keys.issue(
        IssueRequest(
          contact: ContactDetails(email: "a@example.com", organisation: "Org"),
          expiry: .at(clock.now + 3600), requestID: "req-1"),
        caller: "t")
    }
    let fresh = try await issue()
    #expect(fresh.record.id != issued.record.id)
  }

  @Test("A revoked key leaves the list an hour after its last token expires: a scheduled new revision")
  func revocationExpires() async throws {
    _ = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let issued = try await keys.issue(
      IssueRequest(
        contact: ContactDetails(email: "a@example.com", organisation: "Org"), expiry: .at(clock.now + 100)),
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

  @Test("UpdateKey changes only the named fields; a bad value is refused naming it and changes nothing")
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
    await #expect(throws: APIKeyError.invalidArgument(field: "email", reason: "is not a valid e-mail address")) {
      _ = try await keys.update(id: issued.record.id, bad, caller: "t")
    }
    #expect(try await keys.key(id: issued.record.id) == updated)
    await #expect(throws: APIKeyError.self) { _ = try await keys.update(id: issued.record.id, KeyUpdate(), caller: "t") }
  }

  @Test("MarkSent marks all or nothing; ListKeys filters by organisation, e-mail, expiry, revoked and sent")
  func markSentAndFilters() async throws {
    _ = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let a = try await keys.issue(
      IssueRequest(contact: ContactDetails(email: "a@example.com", organisation: "Gemeente"), expiry: .at(clock.now + 10 * 86400)),
      caller: "t")
    let b = try await keys.issue(
      IssueRequest(contact: ContactDetails(email: "b@example.com", organisation: "Provincie", email2: "A@example.com")),
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

  @Test("Every change writes a chained audit row with ids and kids only, never contact data or tokens")
  func auditTrail() async throws {
    let (key, _) = try await keys.generateSigningKey(notBefore: nil, caller: "admin-socket user=alice")
    let issued = try await issue("Geheime Organisatie", email: "secret@example.com")
    _ = try await keys.resign(id: issued.record.id, caller: "t")
    var change = KeyUpdate()
    change.contactName = "Jan Geheim"
    _ = try await keys.update(id: issued.record.id, change, caller: "t")
    _ = try await keys.markSent(ids: [issued.record.id], caller: "t")
    _ = try await keys.revoke(id: issued.record.id, caller: "t")
    _ = try await keys.retireSigningKey(kid: key.kid, caller: "t")
    let page = try await keys.auditEntries(since: nil, pageSize: 0, pageToken: "")
    #expect(page.entries.map(\.entry.action) == [
      "generate_signing_key", "issue_key", "resign_key", "update_key", "mark_sent", "revoke_key",
      "retire_signing_key",
    ])
    #expect(page.entries.map(\.seq) == Array(1...7))
    #expect(page.entries[0].entry.caller == "admin-socket user=alice")
    for stored in page.entries {
      let text = "\(stored.entry)"
      for secret in ["secret@example.com", "Geheime", "Jan Geheim", issued.token] {
        #expect(!text.contains(secret))
      }
    }
    let verification = try await keys.verifyAuditTrail()
    #expect(verification.isIntact)
    #expect(verification.checked == 7)
    #expect(verification.head == page.entries.last?.hash)
    let second = try await keys.auditEntries(since: nil, pageSize: 3, pageToken: "3")
    #expect(second.entries.map(\.seq) == [4, 5, 6])
    #expect(second.next == "6")
  }
}
