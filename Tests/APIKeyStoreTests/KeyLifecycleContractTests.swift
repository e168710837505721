import APIKeyCore
import APIKeyCrypto
import APIKeyStore
import Foundation
import TestSupport
import Testing

@testable import APIKeyService

/// The key lifecycle, import, the audit trail and copying, on every backend: SQLite in a file
/// and in memory, PostgreSQL.
@Suite("Key store contract: lifecycle, import, audit, copy")
struct KeyLifecycleContractTests {
  @Test(
    "A revocation lists the key until its last token's expiry plus the margin and bumps the revision",
    arguments: Backend.allCases)
  func revocation(backend: Backend) async throws {
    let fixture = try await StoreFixture.make(backend)
    let store = fixture.store
    let issued = try await fixture.insert().record
    let before = try await store.revision()
    let (revoked, revision) = try await store.revokeKey(
      id: issued.id, at: fixture.now + 1, audit: fixture.audit("revoke_key"))
    #expect(revoked.revokedAt?.microsecondsSince1970 == (fixture.now + 1).microsecondsSince1970)
    #expect(revision == before + 1)
    let listed = try await store.publishedState(at: fixture.now + 2)
    #expect(listed.revoked.map(\.id) == [issued.id])
    #expect(listed.problems.isEmpty)
    let later = fixture.now + 100 + RevokedKey.listingMargin + 1
    #expect(try await store.publishedState(at: later).revoked.isEmpty)
  }

  @Test(
    "Keys signed only by a retiring key are found; once re-signed by another key, they are not",
    arguments: Backend.allCases)
  func resigning(backend: Backend) async throws {
    let fixture = try await StoreFixture.make(backend)
    let store = fixture.store
    let next = SigningKeyInfo(
      publicKey: Ed25519PrivateKey().publicKey, createdAt: fixture.now, notBefore: fixture.now)
    _ = try await store.addSigningKey(
      StoredSigningKey(info: next, sealedPrivateKey: [1]), audit: fixture.audit("add"))
    let first = try await fixture.insert().record
    let second = try await fixture.insert().record
    #expect(
      Set(try await store.keysSignedOnly(by: "kid", now: fixture.now).map(\.id))
        == [first.id, second.id])
    let resigned = try await store.resignKeys(
      ids: [first.id, second.id], kid: next.kid, now: fixture.now + 1,
      audit: { _ in fixture.audit("resign") })
    #expect(Set(resigned.map(\.id)) == [first.id, second.id])
    #expect(try await store.keysSignedOnly(by: "kid", now: fixture.now + 2).isEmpty)
  }

  @Test(
    "A record written back changes what is read; filters match case-insensitively",
    arguments: Backend.allCases)
  func updates(backend: Backend) async throws {
    let fixture = try await StoreFixture.make(backend)
    let store = fixture.store
    let record = try await fixture.insert().record
    _ = try await fixture.insert(ContactDetails(email: "x@example.org", organisation: "Other"))
    var changed = record
    changed.contact.department = "Data"
    changed.sent = true
    changed.modifiedAt = fixture.now + 5
    let written = changed
    let updated = try await store.write { store in
      try store.updateRecord(written)
      try store.append(fixture.audit("update"))
      return try store.record(id: record.id)
    }
    #expect(updated?.contact.department == "Data" && updated?.sent == true)
    #expect(
      updated?.modifiedAt == Date(microsecondsSince1970: (fixture.now + 5).microsecondsSince1970))
    #expect(try await store.key(id: record.id) == updated)
    let byOrganisation = try await store.keys(
      after: nil, limit: 10, filter: KeyFilter(organisation: "GEMEENTE"), now: fixture.now)
    #expect(byOrganisation.map(\.id) == [record.id])
    let byEmail = try await store.keys(
      after: nil, limit: 10, filter: KeyFilter(email: "A@EXAMPLE.COM", sent: true),
      now: fixture.now)
    #expect(byEmail.map(\.id) == [record.id])
  }

  @Test(
    "A rehearsed write reads what it wrote, then leaves nothing behind; a write that throws leaves nothing either",
    arguments: Backend.allCases)
  func rehearsal(backend: Backend) async throws {
    let fixture = try await StoreFixture.make(backend)
    let store = fixture.store
    let record = KeyRecord(
      id: 42, contact: fixture.contact, createdAt: fixture.now, modifiedAt: fixture.now,
      expiresAt: nil)
    let audit = fixture.audit("import_key")
    let seen = try await store.rehearse { store in
      try store.insert(record)
      try store.append(audit)
      return try store.record(id: 42)
    }
    #expect(seen == record)
    #expect(try await store.key(id: 42) == nil)
    await #expect(throws: APIKeyError.self) {
      try await store.write { store in
        try store.insert(record)
        try store.insert(record)
      }
    }
    #expect(try await store.key(id: 42) == nil)
    #expect(try await store.verifyAuditTrail().isIntact)
  }

  @Test(
    "Concurrent issues all land with distinct ids, one audit row each, in one intact chain",
    arguments: Backend.allCases)
  func concurrentIssues(backend: Backend) async throws {
    let fixture = try await StoreFixture.make(backend)
    let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
      for _ in 0 ..< 40 {
        group.addTask { try await fixture.insert().record.id }
      }
      return try await group.reduce(into: Set<Int64>()) { $0.insert($1) }
    }
    #expect(ids.count == 40)
    let trail = try await fixture.store.verifyAuditTrail()
    #expect(trail.isIntact)
    #expect(trail.checked == 40)
    let entries = try await fixture.store.auditEntries(since: nil, afterSeq: 0, limit: 100)
    #expect(entries.map(\.seq) == Array(1 ... 40))
  }

  @Test(
    "Concurrent requests with one request id make one key; every other one, whatever its contact, is answered with it",
    arguments: Backend.allCases)
  func concurrentRequestIDs(backend: Backend) async throws {
    let fixture = try await StoreFixture.make(backend)
    let other = ContactDetails(email: "other@example.com", organisation: "Other")
    let outcomes = await withTaskGroup(of: Result<IssueOutcome, any Error>.self) { group in
      for index in 0 ..< 12 {
        group.addTask {
          await Result { () async throws -> IssueOutcome in
            try await fixture.insert(index == 11 ? other : nil, requestID: "same")
          }
        }
      }
      return await group.reduce(into: []) { $0.append($1) }
    }
    let stored = outcomes.compactMap { try? $0.get() }
    let created = stored.filter { if case .created = $0 { true } else { false } }
    let ids = Set(stored.map(\.record.id))
    // The one with other contact details is a replay too (the service refuses it), unless it
    // came first and made the key.
    #expect(created.count == 1 && ids.count == 1 && stored.count == 12)
    #expect(
      try await fixture.store.keys(after: nil, limit: 20, filter: KeyFilter(), now: fixture.now)
        .count == 1)
    #expect(try await fixture.store.verifyAuditTrail().checked == 1)
  }

  @Test(
    "A store copies into an empty one of another backend whole, and not into one that holds keys",
    arguments: Backend.allCases)
  func copying(backend: Backend) async throws {
    let fixture = try await StoreFixture.make(backend)
    let store = fixture.store
    let info = SigningKeyInfo(
      publicKey: Ed25519PrivateKey().publicKey, createdAt: fixture.now, notBefore: fixture.now)
    _ = try await store.addSigningKey(
      StoredSigningKey(info: info, sealedPrivateKey: [9]), audit: fixture.audit("add"))
    let kept = try await fixture.insert(requestID: "r1").record
    let revoked = try await fixture.insert().record
    _ = try await store.revokeKey(id: revoked.id, at: fixture.now, audit: fixture.audit("revoke"))
    let other: Backend = backend == .postgres ? .sqliteMemory : .postgres
    let target = try await StoreFixture.make(other)
    let summary = try await StoreCopy.copy(from: store, to: target.store)
    #expect(summary == (try await StoreCopy.summary(of: store)))
    #expect(summary.apiKeys == 2 && summary.revokedKeys == 1 && summary.kids == [info.kid])
    #expect(try await target.store.key(id: kept.id) == kept)
    #expect(try await target.store.verifyAuditTrail().isIntact)
    let published = try await target.store.publishedState(at: fixture.now)
    #expect(published.revoked.map(\.id) == [revoked.id] && published.problems.isEmpty)
    // The request id came along: a retry on the copy replays the same key.
    guard case .replayed(let replayed, _) = try await target.insert(requestID: "r1") else {
      Issue.record("the request id did not come along")
      return
    }
    #expect(replayed.id == kept.id)
    let refused = await #expect(throws: APIKeyError.self) {
      try await StoreCopy.copy(from: store, to: target.store)
    }
    #expect(refused.map(Refusal.init) == .failedPrecondition)
  }

  /// Ids across the whole range a key id can take, written as 1 to 19 digits.
  static let idsOfEveryLength: [Int64] = [
    1, 42, 123_456_789_012_345_678, 999_999_999_999_999_999, 1_000_000_000_000_000_000,
    5_678_901_234_567_890_123, Int64.max,
  ]

  /// A store shaped like production's: a retired, a current and a pending signing key, revoked
  /// keys with ids of every length (audited as the daemon audits them), a re-signed key and a
  /// request id.
  static func productionShaped(
    _ fixture: StoreFixture
  ) async throws -> (
    kept: KeyRecord, kids: [String]
  ) {
    let store = fixture.store
    let now = fixture.now
    @Sendable func audit(_ action: String, _ target: String) -> AuditEntry {
      AuditEntry(at: now, action: action, target: target, caller: "uid 0 (root)")
    }
    var kids: [String] = []
    for notBefore in [now, now, now + 3600] {
      let info = SigningKeyInfo(
        publicKey: Ed25519PrivateKey().publicKey, createdAt: now, notBefore: notBefore)
      _ = try await store.addSigningKey(
        StoredSigningKey(info: info, sealedPrivateKey: [7]),
        audit: audit("generate_signing_key", info.kid))
      kids.append(info.kid)
    }
    _ = try await store.retireSigningKey(
      kid: kids[0], at: now, leavesAt: now, audit: audit("retire_signing_key", kids[0]))
    for id in idsOfEveryLength {
      _ = try await fixture.insert(ids: [id])
      _ = try await store.revokeKey(id: id, at: now + 1, audit: audit("revoke_key", "\(id)"))
    }
    let kept = try await fixture.insert(requestID: "retry-1", ids: [7_777_777_777_777_777_777])
      .record
    _ = try await store.resignKeys(
      ids: [kept.id], kid: kids[1], now: now + 1, audit: { audit("resign_key", "\($0)") })
    guard case .replayed(let replayed, _) = try await fixture.insert(requestID: "retry-1") else {
      throw APIKeyError.internalError("the request id was not replayed")
    }
    #expect(replayed.id == kept.id)
    return (kept, kids)
  }

  /// Expects `store` to hold `productionShaped`'s state, with nothing reported as tampered.
  static func expectIntact(_ store: SQLKeyStore, at now: Date, kids: [String]) async throws {
    let published = try await store.publishedState(at: now + 2)
    #expect(published.problems.isEmpty, "\(published.problems)")
    #expect(published.securityRecordProblem == nil)
    #expect(published.revoked.map(\.id) == idsOfEveryLength.sorted())
    #expect(published.keys.first { $0.info.kid == kids[0] }?.info.retiringAt != nil)
    #expect(
      published.keys.filter { $0.info.retiringAt == nil }.map(\.info.kid).sorted()
        == [kids[1], kids[2]].sorted())
    let audit = try await store.verifyAuditTrail()
    #expect(audit.isIntact, "\(String(describing: audit.firstBroken)) \(audit.stateProblems)")
  }

  @Test(
    "Revoked keys with ids of every length are not reported as tampered, and such a store copies to the other backend and back intact",
    arguments: Backend.allCases)
  func productionShapedCopy(backend: Backend) async throws {
    let fixture = try await StoreFixture.make(backend)
    let (kept, kids) = try await Self.productionShaped(fixture)
    try await Self.expectIntact(fixture.store, at: fixture.now, kids: kids)
    let other = try await StoreFixture.make(backend == .postgres ? .sqliteFile : .postgres)
    _ = try await StoreCopy.copy(from: fixture.store, to: other.store)
    try await Self.expectIntact(other.store, at: fixture.now, kids: kids)
    #expect(try await other.store.key(id: kept.id) == (try await fixture.store.key(id: kept.id)))
    let back = try await StoreFixture.make(backend)
    _ = try await StoreCopy.copy(from: other.store, to: back.store)
    try await Self.expectIntact(back.store, at: fixture.now, kids: kids)
  }

  @Test(
    "A row rolled back to its earlier MAC with the audit entry that recorded the change edited: the safer state, and the security record reported",
    arguments: Backend.allCases)
  func rollbackWithEditedAudit(backend: Backend) async throws {
    let fixture = try await StoreFixture.make(backend)
    let store = fixture.store
    let now = fixture.now
    let info = SigningKeyInfo(
      publicKey: Ed25519PrivateKey().publicKey, createdAt: now, notBefore: now)
    _ = try await store.addSigningKey(
      StoredSigningKey(info: info, sealedPrivateKey: [7]),
      audit: AuditEntry(at: now, action: "generate_signing_key", target: info.kid, caller: "t"))
    let id: Int64 = 1_234_567_890_123_456_789
    _ = try await fixture.insert(ids: [id])
    let macs = try await store.backend.read { tx in
      (
        try tx.value("SELECT state_mac FROM signing_keys", as: [UInt8].self),
        try tx.value("SELECT state_mac FROM api_keys WHERE id = ?", [id], as: [UInt8].self)
      )
    }
    _ = try await store.retireSigningKey(
      kid: info.kid, at: now, leavesAt: now,
      audit: AuditEntry(at: now, action: "retire_signing_key", target: info.kid, caller: "t"))
    _ = try await store.revokeKey(
      id: id, at: now,
      audit: AuditEntry(at: now, action: "revoke_key", target: "\(id)", caller: "t"))
    // The intruder: earlier MACs back, the changes cleared, the audit entries made innocuous, the
    // revision bumped so that daemons reload.
    _ = try await store.backend.write { tx in
      _ = try tx.execute(
        "UPDATE signing_keys SET retiring_at = NULL, retired_at = NULL, state_mac = ?", [macs.0])
      _ = try tx.execute(
        "UPDATE api_keys SET revoked_at = NULL, revoked_until = NULL, state_mac = ? WHERE id = ?",
        [macs.1, id])
      _ = try tx.execute(
        "UPDATE audit_log SET action = 'mark_sent' WHERE action IN ('retire_signing_key', 'revoke_key')"
      )
      _ = try tx.execute("UPDATE meta SET value = value + 1 WHERE name = 'key_set_revision'")
    }
    let published = try await store.publishedState(at: now + 2)
    let problem = try #require(published.securityRecordProblem)
    #expect(problem.contains("revocations and retirements"), "\(problem)")
    #expect(published.problems.contains(problem))
    let audit = try await store.verifyAuditTrail()
    #expect(!audit.isIntact)
    #expect(audit.stateProblems.contains { $0.contains("revocations and retirements") })
  }

  @Test(
    "Writes are serial: of eight writes at once that each add a pending key only when none is pending, one does",
    arguments: Backend.allCases)
  func concurrentPending(backend: Backend) async throws {
    let fixture = try await StoreFixture.make(backend)
    let store = fixture.store
    let now = fixture.now
    let added = await withTaskGroup(of: Bool.self) { group in
      for _ in 0 ..< 8 {
        group.addTask {
          let info = SigningKeyInfo(
            publicKey: Ed25519PrivateKey().publicKey, createdAt: now, notBefore: now + 3600)
          let audit = AuditEntry(
            at: now, action: "rotate_signing_key", target: info.kid, caller: "t")
          return
            (try? await store.write { store in
              guard try store.pendingSigningKeys(at: now).isEmpty else { return false }
              try store.insert(StoredSigningKey(info: info, sealedPrivateKey: [7]))
              try store.append(audit)
              _ = try store.bumpRevision()
              return true
            }) ?? false
        }
      }
      return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
    }
    #expect(added == 1)
    #expect(try await store.publishedState(at: now).keys.count == 1)
  }

  @Test(
    "Search finds a part of any contact field or the id, ignoring case; LIKE's wildcards are plain text",
    arguments: Backend.allCases)
  func search(backend: Backend) async throws {
    let fixture = try await StoreFixture.make(backend)
    let amsterdam = try await fixture.insert(
      ContactDetails(
        email: "jan@amsterdam.nl", organisation: "Gemeente Amsterdam", contactName: "Jan de Vries",
        department: "Data_Lab"),
      ids: [1_234_567_890_123_456_789]
    ).record
    let utrecht = try await fixture.insert(
      ContactDetails(
        email: "piet@utrecht.nl", organisation: "Gemeente Utrecht", email2: "data@utrecht.nl",
        contactName2: "Anna 100%"),
      ids: [42]
    ).record
    func found(_ text: String) async throws -> Set<Int64> {
      Set(
        try await fixture.store.keys(
          after: nil, limit: 10, filter: KeyFilter(search: text), now: fixture.now
        ).map(\.id))
    }
    #expect(try await found("gemeente") == [amsterdam.id, utrecht.id])
    #expect(try await found("AMSTER") == [amsterdam.id])
    #expect(try await found("de vries") == [amsterdam.id])
    #expect(try await found("DATA@") == [utrecht.id])
    #expect(try await found("7890123") == [amsterdam.id])
    #expect(try await found("100%") == [utrecht.id])
    #expect(try await found("%") == [utrecht.id])
    #expect(try await found("a_l") == [amsterdam.id])
    #expect(try await found("a_b").isEmpty)
    #expect(try await found("rotterdam").isEmpty)
  }
}
