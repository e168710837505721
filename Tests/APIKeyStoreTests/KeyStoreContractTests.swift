import APIKeyCore
import APIKeyCrypto
import APIKeyStore
import Foundation
import TestSupport
import Testing

@testable import APIKeyService

/// What every `KeyStore` backend must do, run against each: SQLite in a file and in memory.
@Suite("Key store contract")
struct KeyStoreContractTests {
  @Test(
    "A stored key reads back with every field and microsecond timestamps",
    arguments: Backend.allCases)
  func roundTrip(backend: Backend) async throws {
    let fixture = try await StoreFixture.make(backend)
    let outcome = try await fixture.insert(ids: [Int64.max])
    guard case .created(let record) = outcome else {
      Issue.record("not created")
      return
    }
    let read = try #require(try await fixture.store.key(id: Int64.max))
    #expect(read == record)
    #expect(read.contact == fixture.contact)
    #expect(read.createdAt.microsecondsSince1970 == fixture.now.microsecondsSince1970)
    #expect(read.expiresAt?.microsecondsSince1970 == (fixture.now + 100).microsecondsSince1970)
    #expect(read.sent == false)
  }

  @Test(
    "An id that is taken is refused as taken, with nothing stored; another id is stored",
    arguments: Backend.allCases)
  func idCollision(backend: Backend) async throws {
    let fixture = try await StoreFixture.make(backend)
    let first = try await fixture.insert(ids: [5])
    let trail = try await fixture.store.verifyAuditTrail()
    await #expect(throws: IDTaken(id: 5)) {
      try await fixture.store.insertKey(
        id: 5, contact: ContactDetails(email: "b@example.com", organisation: "Other"),
        expiresAt: nil, requestID: "second", now: fixture.now, signedBy: "kid",
        audit: fixture.audit("issue_key"))
    }
    #expect(try await fixture.store.key(id: 5) == first.record)
    #expect(try await fixture.store.key(requestID: "second") == nil)
    #expect(try await fixture.store.verifyAuditTrail() == trail)
    let second = try await fixture.insert(ids: [5, 5, 9])
    #expect(second.record.id == 9)
  }

  @Test(
    "The same request id returns the first key; with other contact data it is refused",
    arguments: Backend.allCases)
  func idempotency(backend: Backend) async throws {
    let fixture = try await StoreFixture.make(backend)
    let first = try await fixture.insert(requestID: "req-1")
    let again = try await fixture.insert(requestID: "req-1")
    guard case .replayed(let record, let token) = again else {
      Issue.record("not replayed: \(again)")
      return
    }
    #expect(record == first.record)
    #expect(token?.kid == "kid")
    #expect(token?.issuedAt.microsecondsSince1970 == fixture.now.microsecondsSince1970)
    // Other contact details with the same id: the store answers with the key it made and
    // stores nothing; whether that replay stands is the service's call (it refuses it).
    let other = try await fixture.insert(
      ContactDetails(email: "b@example.com", organisation: "X"), requestID: "req-1")
    guard case .replayed(let earlier, _) = other else {
      Issue.record("not replayed: \(other)")
      return
    }
    #expect(earlier == first.record)
    #expect(
      try await fixture.store.keys(after: nil, limit: 10, filter: KeyFilter(), now: fixture.now)
        .count == 1)
  }

  @Test("Listing pages through every key exactly once, newest first", arguments: Backend.allCases)
  func paging(backend: Backend) async throws {
    let fixture = try await StoreFixture.make(backend)
    var ids: Set<Int64> = []
    for index in 0 ..< 7 {
      let outcome = try await fixture.store.insertKey(
        id: Int64.random(in: 1 ... Int64.max), contact: fixture.contact, expiresAt: nil,
        requestID: nil, now: fixture.now + Double(index), signedBy: "kid",
        audit: fixture.audit("issue_key"))
      ids.insert(outcome.record.id)
    }
    var seen: [KeyRecord] = []
    var cursor: KeyPageCursor?
    repeat {
      let page = try await fixture.store.keys(
        after: cursor, limit: 3, filter: KeyFilter(), now: fixture.now)
      seen += page
      cursor = page.count == 3 ? KeyPageCursor(after: page[2]) : nil
    } while cursor != nil
    #expect(Set(seen.map(\.id)) == ids)
    #expect(seen.count == 7)
    #expect(seen.map(\.createdAt) == seen.map(\.createdAt).sorted(by: >))
  }

  @Test(
    "Soonest expiry first pages through every expiring key once; expired, signed-by and tokens",
    arguments: Backend.allCases)
  func expiryOrder(backend: Backend) async throws {
    let fixture = try await StoreFixture.make(backend)
    // Expiries out of creation order, two equal (the id breaks the tie), one in the past, and
    // one key that never expires.
    let offsets: [Double?] = [500, -50, 300, 300, nil, 100, 900]
    var expiring: [Int64: Date] = [:]
    for (index, offset) in offsets.enumerated() {
      let outcome = try await fixture.store.insertKey(
        id: Int64.random(in: 1 ... Int64.max), contact: fixture.contact,
        expiresAt: offset.map { fixture.now + $0 }, requestID: nil,
        now: fixture.now + Double(index),
        signedBy: index == 2 ? "kid-b" : "kid-a", audit: fixture.audit("issue_key"))
      if let expiry = outcome.record.expiresAt { expiring[outcome.record.id] = expiry }
    }
    var filter = KeyFilter()
    filter.order = .expiry
    var seen: [KeyRecord] = []
    var cursor: KeyPageCursor?
    repeat {
      let page = try await fixture.store.keys(
        after: cursor, limit: 2, filter: filter, now: fixture.now)
      seen += page
      cursor = page.count == 2 ? KeyPageCursor(after: page[1], order: .expiry) : nil
      // A page token goes through its text, and is refused in the other order.
      if let token = cursor?.token {
        #expect(try KeyPageCursor(token: token, order: .expiry) == cursor)
        #expect(throws: APIKeyError.self) { try KeyPageCursor(token: token, order: .newest) }
      }
    } while cursor != nil
    #expect(seen.count == 6)
    #expect(Set(seen.map(\.id)) == Set(expiring.keys))
    let order = seen.map { ($0.expiresAt!, $0.id) }
    #expect(order.map(\.0) == order.map(\.0).sorted())
    var expired = KeyFilter()
    expired.expired = true
    let past = try await fixture.store.keys(
      after: nil, limit: 10, filter: expired, now: fixture.now)
    #expect(past.map(\.expiresAt) == [fixture.now - 50])
    expired.expired = false
    #expect(
      try await fixture.store.keys(after: nil, limit: 10, filter: expired, now: fixture.now).count
        == 6)
    var signed = KeyFilter()
    signed.signedBy = "kid-b"
    let byB = try await fixture.store.keys(after: nil, limit: 10, filter: signed, now: fixture.now)
    #expect(byB.count == 1 && byB[0].expiresAt == fixture.now + 300)
    let tokens = try await fixture.store.tokens(of: byB[0].id)
    #expect(tokens.map(\.kid) == ["kid-b"])
    #expect(tokens.first?.expiresAt == fixture.now + 300)
    #expect(try await fixture.store.tokens(of: 12345).isEmpty)
  }

  @Test(
    "Adding and retiring signing keys bumps the revision; duplicates and unknown kids are refused",
    arguments: Backend.allCases)
  func signingKeys(backend: Backend) async throws {
    let fixture = try await StoreFixture.make(backend)
    let key = Ed25519PrivateKey()
    let info = SigningKeyInfo(
      publicKey: key.publicKey, createdAt: fixture.now, notBefore: fixture.now)
    let stored = StoredSigningKey(info: info, sealedPrivateKey: [1, 2, 3])
    #expect(try await fixture.store.publishedState(at: fixture.now).revision == 0)
    #expect(try await fixture.store.addSigningKey(stored, audit: fixture.audit("add")) == 1)
    await #expect(throws: APIKeyError.alreadyExists("signing key \(info.kid) exists already")) {
      _ = try await fixture.store.addSigningKey(stored, audit: fixture.audit("add"))
    }
    let (retired, revision) = try await fixture.store.retireSigningKey(
      kid: info.kid, at: fixture.now + 5, leavesAt: fixture.now + 5, audit: fixture.audit("retire"))
    #expect(revision == 2)
    #expect(retired.info.unpublishedAt != nil)
    // What the write reads back: the key as retired, its sealed state intact.
    let read = try await fixture.store.write { store in try store.signingKey(kid: info.kid) }
    #expect(read?.info.retiringAt == retired.info.retiringAt && read?.info.unpublishedAt != nil)
    #expect(try await fixture.store.write { try $0.signingKey(kid: "nope") } == nil)
    let all = try await fixture.store.publishedState(at: fixture.now)
    #expect(all.revision == 2)
    #expect(all.keys.first?.sealedPrivateKey == [1, 2, 3])
  }

  @Test(
    "A backup is a database file whose manifest counts what the store holds",
    arguments: Backend.allCases)
  func backup(backend: Backend) async throws {
    let fixture = try await StoreFixture.make(backend)
    let first = try await fixture.insert()
    _ = try await fixture.insert()
    let info = SigningKeyInfo(
      publicKey: Ed25519PrivateKey().publicKey, createdAt: fixture.now, notBefore: fixture.now)
    _ = try await fixture.store.addSigningKey(
      StoredSigningKey(info: info, sealedPrivateKey: [7]), audit: fixture.audit("add"))
    let (manifest, file) = try await fixture.store.backup(at: fixture.now)
    #expect(manifest.apiKeys == 2 && manifest.signingKeys == 1 && manifest.kids == [info.kid])
    let directory = try TemporaryDirectory()
    let path = "\(directory.path)/backup.db"
    try Data(file).write(to: URL(fileURLWithPath: path))
    let opened = try BackupFile(path: path, keys: testKeys)
    #expect(opened.manifest.contentMAC == manifest.contentMAC && opened.manifest.apiKeys == 2)
    let restored = try SQLKeyStore(path: path, keys: testKeys)
    #expect(try await restored.key(id: first.record.id) == first.record)
  }

  @Test(
    "Statistics for the metrics: size on disk, keys, and keys expiring within the window (not revoked, not expired)",
    arguments: Backend.allCases)
  func statistics(backend: Backend) async throws {
    let fixture = try await StoreFixture.make(backend)
    let keys = [
      try await fixture.insert().record, try await fixture.insert().record,
      try await fixture.insert().record,
    ]
    _ = try await fixture.store.revokeKey(
      id: keys[0].id, at: fixture.now, audit: fixture.audit("revoke_key"))
    // The fixture's keys expire 100 s after `now`.
    let within = try await fixture.store.statistics(now: fixture.now, window: 200)
    #expect(within.apiKeys == 3)
    #expect(within.keysExpiringSoon == 2)
    #expect(within.databaseBytes > 0)
    let before = try await fixture.store.statistics(now: fixture.now, window: 50)
    #expect(before.keysExpiringSoon == 0)
    let expired = try await fixture.store.statistics(now: fixture.now + 150, window: 200)
    #expect(expired.keysExpiringSoon == 0)
    #expect(expired.apiKeys == 3)
  }
}
