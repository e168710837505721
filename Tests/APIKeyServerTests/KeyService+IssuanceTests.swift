import APIKeyCore
import APIKeyCrypto
import Foundation
import Synchronization
import TestSupport
import Testing

@testable import APIKeyService
@testable import APIKeyStore

/// The rules of storing new keys in batches (`KeyService.store`), on a real SQLite file.
@Suite("Key service: issuance in batches")
struct KeyServiceIssuanceTests {
  let directory: TemporaryDirectory
  let store: SQLKeyStore
  let now = Date(timeIntervalSince1970: 1_800_000_000)
  let contact = ContactDetails(email: "a@example.com", organisation: "O")

  init() throws {
    directory = try TemporaryDirectory()
    store = try SQLKeyStore(path: "\(directory.path)/keys.db", sealingKey: SealingKey())
  }

  func key(_ id: Int64, requestID: String? = nil, signedBy: String = "kid") -> PendingKey {
    PendingKey(
      id: id, contact: contact, expiresAt: nil, requestID: requestID, now: now,
      signedBy: signedBy,
      audit: AuditEntry(at: now, action: "issue_key", target: "\(id)", caller: "t"))
  }

  @Test(
    "Concurrent issues all land once; one whose signing key was retired meanwhile fails alone and its batch commits"
  )
  func concurrentIssues() async throws {
    let retired = SigningKeyInfo(
      publicKey: Ed25519PrivateKey().publicKey, createdAt: now, notBefore: now)
    _ = try await store.write { write in
      try write.insert(StoredSigningKey(info: retired, sealedPrivateKey: [1]))
      let stored = try #require(try write.signingKey(kid: retired.kid))
      _ = try write.retire(stored, at: now, leavesAt: now)
    }
    let writes = KeyService.writes(over: store, policy: UsagePolicy())
    _ = try await writes.submit(key: key(Int64.random(in: 1 ... Int64.max), requestID: "first"))
    let outcomes = await withTaskGroup(of: Result<IssueOutcome, any Error>.self) { group in
      for index in 0 ..< 200 {
        group.addTask {
          await Result {
            try await writes.submit(
              key: key(
                Int64.random(in: 1 ... Int64.max),
                requestID: index % 2 == 0 ? "req-\(index / 2)" : nil,
                signedBy: index == 100 ? retired.kid : "kid"))
          }
        }
      }
      return await group.reduce(into: []) { $0.append($1) }
    }
    let failures = outcomes.compactMap { outcome -> (any Error)? in
      if case .failure(let error) = outcome { error } else { nil }
    }
    #expect(failures.count == 1)
    #expect(failures.first as? SignerStopped == SignerStopped(kid: retired.kid))
    let stored = try await store.keys(after: nil, limit: 1000, filter: KeyFilter(), now: now)
    #expect(stored.count == 200)  // 1 before + 199 new
    #expect(Set(stored.map(\.id)).count == 200)
    let trail = try await store.verifyAuditTrail()
    #expect(trail.isIntact && trail.checked == 200)
  }

  @Test(
    "In one batch, a key whose id another key of the batch takes fails alone as taken; a repeat of a request id replays the key it made, or fails as taken when that key was not stored"
  )
  func idTakenInBatch() async throws {
    // The first batch waits until the others are queued behind it, so they make one batch, in
    // this order.
    let (started, release) = (Flag(), Flag())
    let store = store
    let issuance = GroupCommit<PendingKey, IssueOutcome> { keys in
      if keys.map(\.id) == [1] {
        started.set()
        while !release.isSet { try await Task.sleep(for: .milliseconds(1)) }
      }
      return try await store.write { write in try KeyService.store(keys, in: write) }
    }
    let first = Task { try await issuance.submit(key(1)) }
    while !started.isSet { try await Task.sleep(for: .milliseconds(1)) }
    var queued: [Task<IssueOutcome, any Error>] = []
    for (id, requestID) in [(77, "a"), (77, "b"), (78, "a"), (77, "d"), (80, "d")] {
      let pending = key(Int64(id), requestID: requestID)
      queued.append(Task { try await issuance.submit(pending) })
      while issuance.queued < queued.count { try await Task.sleep(for: .milliseconds(1)) }
    }
    release.set()
    _ = try await first.value
    var outcomes: [Result<IssueOutcome, any Error>] = []
    for task in queued { outcomes.append(await task.result) }

    let made = try outcomes[0].get()
    guard case .created(let record) = made else {
      Issue.record("the first key was not created: \(made)")
      return
    }
    #expect(record.id == 77)
    #expect(throws: IDTaken(id: 77)) { try outcomes[1].get() }
    #expect(
      try outcomes[2].get()
        == .replayed(record, firstToken: RecordedToken(kid: "kid", issuedAt: now, expiresAt: nil)))
    #expect(throws: IDTaken(id: 77)) { try outcomes[3].get() }
    #expect(throws: IDTaken(id: 80)) { try outcomes[4].get() }
    let stored = try await store.keys(after: nil, limit: 10, filter: KeyFilter(), now: now)
    #expect(Set(stored.map(\.id)) == [1, 77])
    let trail = try await store.verifyAuditTrail()
    #expect(trail.isIntact && trail.checked == 2)
  }
}
