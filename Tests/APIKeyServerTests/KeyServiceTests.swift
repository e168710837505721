import APIKeyCore
import APIKeyCrypto
import APIKeyStore
import Foundation
import GRPCCore
import Logging
import TestSupport
import Testing

@testable import APIKeyService

/// Issuing, re-signing and loading keys through `KeyService` on a real SQLite file.
@Suite("Key service")
struct KeyServiceTests: KeyServiceSuite {
  let fixture: KeyServiceFixture

  init() async throws {
    fixture = try await KeyServiceFixture()
  }

  let request = IssueRequest(contact: ContactDetails(email: "a@example.com", organisation: "Org"))

  @Test("Without a signing key IssueKey fails with a clear precondition and stores nothing")
  func noSigningKey() async throws {
    await #expect(throws: KeyService.noSigningKey) {
      _ = try await keys.issue(request, caller: "t")
    }
    #expect(try await keys.keys(pageSize: 10, pageToken: "").keys.isEmpty)
  }

  @Test("An issued token verifies against the published set and names the stored key")
  func issueAndVerify() async throws {
    _ = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let issued = try await keys.issue(request, caller: "t")
    let verified = try keys.verify(issued.token).get()
    #expect(verified.subject == "\(issued.record.id)")
    #expect(verified.kid == issued.kid)
    #expect(try await keys.key(id: issued.record.id) == issued.record)
    #expect(issued.record.expiresAt == clock.now + KeyExpiry.defaultDuration)
  }

  @Test(
    "A replayed IssueKey returns the identical token and records nothing; after a rotation it records a re-signing"
  )
  func replayIdenticalToken() async throws {
    let (first, _) = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    var idempotent = request
    idempotent.requestID = "req-7"
    let issued = try await keys.issue(idempotent, caller: "t")
    let audited = try await keys.store.auditEntries(since: nil, afterSeq: 0, limit: 100).count
    clock.advance(30)
    let again = try await keys.issue(idempotent, caller: "t")
    #expect(again.replayed)
    #expect(again.token == issued.token)
    #expect(try await keys.store.auditEntries(since: nil, afterSeq: 0, limit: 100).count == audited)
    #expect(
      try await keys.store.keysSignedOnly(by: first.kid, now: clock.now).map(\.id) == [
        issued.record.id
      ])
    // The first key stops signing: a replay can no longer give the same token, so it gets a new
    // one from the current key, recorded and audited.
    let (second, _) = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    _ = try await keys.retireSigningKey(kid: first.kid, grace: 3600, caller: "t")
    let audited2 = try await keys.store.auditEntries(since: nil, afterSeq: 0, limit: 100).count
    let third = try await keys.issue(idempotent, caller: "t")
    #expect(third.replayed && third.kid == second.kid && third.token != issued.token)
    let entries = try await keys.store.auditEntries(since: nil, afterSeq: 0, limit: 100)
    #expect(entries.count == audited2 + 1)
    #expect(entries.last?.entry.action == "resign_key")
    #expect(try keys.verify(third.token).get().claims.keyID == issued.record.id)
  }

  @Test(
    "A drawn id that is taken is drawn again: the new key gets a free id, the key that had it is untouched; ids that are always taken fail as internal, storing nothing"
  )
  func idTaken() async throws {
    _ = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let first = try await keys.issue(request, caller: "t")
    let ids = IDQueue([first.record.id, first.record.id, 9])
    let drawing = KeyService(
      store: keys.store, ring: keys.ring, sealingKey: fixture.master, clock: { clock.now },
      drawID: ids.next, logger: Logger(label: "test"))
    let other = IssueRequest(contact: ContactDetails(email: "b@example.com", organisation: "B"))
    let second = try await drawing.issue(other, caller: "t")
    #expect(second.record.id == 9)
    #expect(try drawing.verify(second.token).get().subject == "9")
    #expect(try await keys.key(id: first.record.id) == first.record)

    let stuck = KeyService(
      store: keys.store, ring: keys.ring, sealingKey: fixture.master, clock: { clock.now },
      drawID: { 9 }, logger: Logger(label: "test"))
    await #expect(throws: APIKeyError.internalError("16 API key ids drawn in a row were all taken"))
    {
      _ = try await stuck.issue(other, caller: "t")
    }
    #expect(try await keys.keys(pageSize: 10, pageToken: "").keys.count == 2)
    #expect(try await keys.store.verifyAuditTrail().checked == 3)
  }

  @Test("The database file holds no private key in plain text")
  func sealedAtRest() async throws {
    let key = Ed25519PrivateKey()
    _ = try await keys.addSigningKey(pem: key.pemRepresentation, notBefore: nil, caller: "t")
    var bytes: [UInt8] = []
    for suffix in ["", "-wal"] {
      if let data = FileManager.default.contents(
        atPath: "\(fixture.directory.path)/keys.db\(suffix)")
      {
        bytes += Array(data)
      }
    }
    #expect(!bytes.isEmpty)
    #expect(!contains(bytes, key.seed))
    #expect(!contains(bytes, Array(key.pemRepresentation.split(separator: "\n")[1].utf8)))
    #expect(contains(bytes, key.publicKey.rawRepresentation))
  }

  @Test(
    "Read-only, the key set still moves on: a new revision at start (at least the floor) and at each scheduled change, in memory, past the stored one; issuing is refused"
  )
  func readOnlyRevisions() async throws {
    _ = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let stored = keys.ring.snapshot.revision
    let readOnly = try await KeyServiceFixture.service(
      directory: fixture.directory, master: fixture.master, clock: clock, readOnly: true)
    let running = BackgroundServices(readOnly.store.services)
    try await readOnly.advance(floor: 0)
    #expect(readOnly.ring.snapshot.revision == stored + 1)
    #expect(readOnly.ring.snapshot.keys.count == 1)
    try await readOnly.advance(floor: stored + 1000)
    #expect(readOnly.ring.snapshot.revision == stored + 1000)
    try await readOnly.advanceScheduled()
    #expect(readOnly.ring.snapshot.revision == stored + 1001)
    #expect(keys.ring.snapshot.revision == stored)
    await #expect(throws: APIKeyError.self) { _ = try await readOnly.issue(request, caller: "t") }
    withExtendedLifetime(running) {}
  }

  @Test("Another master key cannot unseal the signing keys: the daemon refuses to load them")
  func wrongMasterKey() async throws {
    _ = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let error = await #expect(throws: APIKeyError.self) {
      _ = try await KeyServiceFixture.service(
        directory: fixture.directory, master: SealingKey(), clock: clock)
    }
    #expect(error.map(Refusal.init) == .failedPrecondition)
  }

  @Test(
    "A request id used before answers with its key; with other contact details it is refused, storing nothing"
  )
  func requestIDConflict() async throws {
    _ = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let first = try await keys.issue(
      IssueRequest(
        contact: ContactDetails(email: "a@example.com", organisation: "O"), requestID: "r-1"),
      caller: "t")
    let again = try await keys.issue(
      IssueRequest(
        contact: ContactDetails(email: "a@example.com", organisation: "O"), requestID: "r-1"),
      caller: "t")
    #expect(again.replayed && again.record.id == first.record.id && again.token == first.token)
    await #expect(
      throws: APIKeyError.alreadyExists("request_id r-1 was used before for a different key")
    ) {
      _ = try await keys.issue(
        IssueRequest(
          contact: ContactDetails(email: "b@example.com", organisation: "O"), requestID: "r-1"),
        caller: "t")
    }
    #expect(try await keys.keys(pageSize: 0, pageToken: "", filter: KeyFilter()).keys.count == 1)
  }

  @Test("Re-signing gives a fresh token from the current key; unknown ids are not found")
  func resign() async throws {
    let (old, _) = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let issued = try await keys.issue(request, caller: "t")
    let (new, _) = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    _ = try await keys.retireSigningKey(kid: old.kid, caller: "t")
    #expect(keys.verify(issued.token) == .failure(.unknownKid(old.kid)))
    let resigned = try await keys.resign(id: issued.record.id, caller: "t")
    #expect(resigned.kid == new.kid)
    #expect(try keys.verify(resigned.token).get().subject == "\(issued.record.id)")
    await #expect(throws: APIKeyError.notFound("no API key with id 12345")) {
      _ = try await keys.resign(id: 12345, caller: "t")
    }
  }

  private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard haystack.count >= needle.count else { return false }
    return (0 ... (haystack.count - needle.count)).contains {
      haystack[$0 ..< ($0 + needle.count)].elementsEqual(needle)
    }
  }
}
