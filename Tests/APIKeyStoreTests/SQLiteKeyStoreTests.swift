import APIKeyCore
import APIKeyCrypto
import APIKeyStore
import Foundation
import TestSupport
import Testing

@Suite("SQLite store")
struct SQLiteKeyStoreTests {
  let directory: TemporaryDirectory
  let store: SQLiteKeyStore
  let now = Date(timeIntervalSince1970: 1_800_000_000.123456)
  let contact = ContactDetails(email: "a@example.com", organisation: "Gemeente", contactName: "Jan")

  init() throws {
    directory = try TemporaryDirectory()
    store = try SQLiteKeyStore(path: "\(directory.path)/test.db", keys: testKeys)
  }

  func audit(_ action: String) -> AuditEntry {
    AuditEntry(at: now, action: action, target: "t", caller: "test")
  }

  func insert(
    _ contact: ContactDetails? = nil, requestID: String? = nil,
    ids: [Int64] = [Int64.random(in: 1 ... Int64.max)]
  ) async throws -> IssueOutcome {
    let queue = IDQueue(ids)
    return try await store.insertKey(
      contact: contact ?? self.contact, expiresAt: now + 100, requestID: requestID, now: now,
      signedBy: "kid",
      makeID: { queue.next() }, audit: { _ in audit("issue_key") })
  }

  @Test("A stored key reads back with every field and microsecond timestamps")
  func roundTrip() async throws {
    let outcome = try await insert(ids: [Int64.max])
    guard case .created(let record) = outcome else {
      Issue.record("not created")
      return
    }
    let read = try #require(try await store.key(id: Int64.max))
    #expect(read == record)
    #expect(read.contact == contact)
    #expect(read.createdAt.microsecondsSince1970 == now.microsecondsSince1970)
    #expect(read.expiresAt?.microsecondsSince1970 == (now + 100).microsecondsSince1970)
    #expect(read.sent == false)
  }

  @Test("An id that is taken is not reused: the store asks for another")
  func idCollision() async throws {
    _ = try await insert(ids: [5])
    let second = try await insert(ids: [5, 5, 9])
    #expect(second.record.id == 9)
  }

  @Test("The same request id returns the first key; with other contact data it is refused")
  func idempotency() async throws {
    let first = try await insert(requestID: "req-1")
    let again = try await insert(requestID: "req-1")
    guard case .replayed(let record, let token) = again else {
      Issue.record("not replayed: \(again)")
      return
    }
    #expect(record == first.record)
    #expect(token?.kid == "kid")
    #expect(token?.issuedAt.microsecondsSince1970 == now.microsecondsSince1970)
    let conflict = await #expect(throws: APIKeyError.self) {
      _ = try await insert(
        ContactDetails(email: "b@example.com", organisation: "X"), requestID: "req-1")
    }
    #expect(conflict.map(Refusal.init) == .alreadyExists)
    #expect(try await store.keys(after: nil, limit: 10, filter: KeyFilter(), now: now).count == 1)
  }

  @Test("Listing pages through every key exactly once, newest first")
  func paging() async throws {
    var ids: Set<Int64> = []
    for index in 0 ..< 7 {
      let outcome = try await store.insertKey(
        contact: contact, expiresAt: nil, requestID: nil, now: now + Double(index), signedBy: "kid",
        makeID: { Int64.random(in: 1 ... Int64.max) }, audit: { _ in audit("issue_key") })
      ids.insert(outcome.record.id)
    }
    var seen: [KeyRecord] = []
    var cursor: KeyPageCursor?
    repeat {
      let page = try await store.keys(after: cursor, limit: 3, filter: KeyFilter(), now: now)
      seen += page
      cursor = page.count == 3 ? KeyPageCursor(after: page[2]) : nil
    } while cursor != nil
    #expect(Set(seen.map(\.id)) == ids)
    #expect(seen.count == 7)
    #expect(seen.map(\.createdAt) == seen.map(\.createdAt).sorted(by: >))
  }

  @Test("A page token round-trips; garbage is refused naming page_token")
  func pageToken() throws {
    let record = KeyRecord(
      id: 77, contact: contact, createdAt: now, modifiedAt: now, expiresAt: nil)
    let cursor = KeyPageCursor(after: record)
    #expect(try KeyPageCursor(token: cursor.token) == cursor)
    #expect(
      throws: APIKeyError.invalidArgument(
        field: "page_token", reason: "is not a token from ListKeys")
    ) {
      try KeyPageCursor(token: "bogus")
    }
  }

  @Test(
    "Adding and retiring signing keys bumps the revision; duplicates and unknown kids are refused")
  func signingKeys() async throws {
    let key = Ed25519PrivateKey()
    let info = SigningKeyInfo(publicKey: key.publicKey, createdAt: now, notBefore: now)
    let stored = StoredSigningKey(info: info, sealedPrivateKey: [1, 2, 3])
    #expect(try await store.publishedState(at: now).revision == 0)
    #expect(try await store.addSigningKey(stored, audit: audit("add")) == 1)
    await #expect(throws: APIKeyError.alreadyExists("signing key \(info.kid) exists already")) {
      _ = try await store.addSigningKey(stored, audit: audit("add"))
    }
    let (retired, revision) = try await store.retireSigningKey(
      kid: info.kid, at: now + 5, leavesAt: now + 5, audit: audit("retire"))
    #expect(revision == 2)
    #expect(retired.info.unpublishedAt != nil)
    let again = await #expect(throws: APIKeyError.self) {
      _ = try await store.retireSigningKey(
        kid: info.kid, at: now, leavesAt: now, audit: audit("retire"))
    }
    #expect(again.map(Refusal.init) == .failedPrecondition)
    await #expect(throws: APIKeyError.notFound("no signing key with kid nope")) {
      _ = try await store.retireSigningKey(
        kid: "nope", at: now, leavesAt: now, audit: audit("retire"))
    }
    let all = try await store.publishedState(at: now)
    #expect(all.revision == 2)
    #expect(all.keys.first?.sealedPrivateKey == [1, 2, 3])
  }

  @Test("Everything persists across reopening the database file")
  func persistence() async throws {
    let outcome = try await insert()
    let key = Ed25519PrivateKey()
    let info = SigningKeyInfo(publicKey: key.publicKey, createdAt: now, notBefore: now)
    _ = try await store.addSigningKey(
      StoredSigningKey(info: info, sealedPrivateKey: [9]), audit: audit("add"))
    let reopened = try SQLiteKeyStore(path: "\(directory.path)/test.db", keys: testKeys)
    #expect(try await reopened.key(id: outcome.record.id) == outcome.record)
    #expect(try await reopened.publishedState(at: now).keys.map(\.info.kid) == [info.kid])
    #expect(try await reopened.publishedState(at: now).revision == 1)
  }
}

/// Hands out ids in order (the last one repeats).
final class IDQueue: @unchecked Sendable {
  private var ids: [Int64]
  private let lock = NSLock()

  init(_ ids: [Int64]) { self.ids = ids }

  func next() -> Int64 {
    lock.withLock { ids.count > 1 ? ids.removeFirst() : ids[0] }
  }
}
