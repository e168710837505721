import APIKeyCore
import APIKeyCrypto
import Foundation
import GRDB
import Logging
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

@testable import APIKeyStore

@Suite("Group commit of concurrent issues")
struct GroupCommitTests {
  let now = Date(timeIntervalSince1970: 1_800_000_000)

  @Test("N concurrent writes are all committed, in fewer than N transactions")
  func sharedTransactions() async throws {
    let directory = try TemporaryDirectory()
    let backend = try SQLiteBackend(.file("\(directory.path)/shared.db"))
    let writer = backend.database
    try await writer.write { try $0.execute(sql: "CREATE TABLE t (n INTEGER NOT NULL)") }
    let commits = CommitCounter()
    writer.add(transactionObserver: commits, extent: .databaseLifetime)
    let group = GroupCommit(
      backend: backend,
      issue: BulkIssue(
        auditChain: AuditChain(key: testAuditKey), stateSeal: StateSeal(key: testStateKey)))
    let running = BackgroundServices([group])
    defer { withExtendedLifetime(running) {} }
    let writes = 64
    try await withThrowingDiscardingTaskGroup { tasks in
      for index in 0 ..< writes {
        tasks.addTask {
          try await group.write { tx in
            // The first write holds its transaction a moment, as an fsync would, while the
            // others arrive.
            if index == 0 { usleep(100_000) }
            try tx.execute("INSERT INTO t (n) VALUES (?)", [index])
          }
        }
      }
    }
    let rows = try await writer.read {
      try Int.fetchOne($0, sql: "SELECT count(DISTINCT n) FROM t")
    }
    #expect(rows == writes)
    #expect(commits.count >= 1 && commits.count < writes, "\(commits.count) transactions")
  }

  @Test(
    "A caller is answered when its own batch commits, while a later batch is still running",
    .timeLimit(.minutes(1)))
  func answeredWithOwnBatch() async throws {
    let directory = try TemporaryDirectory()
    let (writer, group) = try Self.table(in: directory)
    let running = BackgroundServices([group])
    defer { withExtendedLifetime(running) {} }
    let (firstStarted, releaseFirst, releaseSecond) = (
      Flag(), DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)
    )
    let first = Task {
      try await group.write { tx in
        firstStarted.set()
        releaseFirst.wait()
        try tx.execute("INSERT INTO t (n) VALUES (1)")
      }
    }
    await firstStarted.wait()
    // The first batch is running: this write goes into the next one, which stays blocked.
    let second = Task {
      try await group.write { tx in
        releaseSecond.wait()
        try tx.execute("INSERT INTO t (n) VALUES (2)")
      }
    }
    while group.queued == 0 { try await Task.sleep(for: .milliseconds(1)) }
    releaseFirst.signal()
    try await first.value
    #expect(try await writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM t") } == 1)
    releaseSecond.signal()
    try await second.value
    #expect(try await writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM t") } == 2)
  }

  @Test(
    "At graceful shutdown the queued writes are committed and answered; a later write is refused as unavailable",
    .timeLimit(.minutes(1)))
  func shutdown() async throws {
    let directory = try TemporaryDirectory()
    let (writer, group) = try Self.table(in: directory)
    let services = ServiceGroup(
      configuration: .init(services: [group], logger: Logger(label: "test")))
    let runner = Task { try await services.run() }
    let (started, release) = (Flag(), DispatchSemaphore(value: 0))
    let blocking = Task {
      try await group.write { tx in
        started.set()
        release.wait()
        try tx.execute("INSERT INTO t (n) VALUES (1)")
      }
    }
    await started.wait()
    let queued = Task {
      try await group.write { tx in try tx.execute("INSERT INTO t (n) VALUES (2)") }
    }
    while group.queued == 0 { try await Task.sleep(for: .milliseconds(1)) }
    await services.triggerGracefulShutdown()
    release.signal()
    try await blocking.value
    _ = try await queued.value
    try await runner.value
    #expect(try await writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM t") } == 2)
    let refused = await #expect(throws: APIKeyError.self) {
      try await group.write { tx in try tx.execute("INSERT INTO t (n) VALUES (3)") }
    }
    #expect(refused.map(Refusal.init) == .unavailable)
  }

  /// A database file (WAL: reads go on while a write is blocked) with a table `t (n)`, and a
  /// group commit on it, not running yet.
  static func table(
    in directory: TemporaryDirectory
  ) throws -> (any DatabaseWriter, GroupCommit) {
    let backend = try SQLiteBackend(.file("\(directory.path)/t.db"))
    try backend.database.write { try $0.execute(sql: "CREATE TABLE t (n INTEGER NOT NULL)") }
    return (
      backend.database,
      GroupCommit(
        backend: backend,
        issue: BulkIssue(
          auditChain: AuditChain(key: testAuditKey), stateSeal: StateSeal(key: testStateKey)))
    )
  }

  @Test(
    "Concurrent issues all land once; one whose signing key was retired meanwhile fails alone and its batch commits"
  )
  func concurrentIssues() async throws {
    let directory = try TemporaryDirectory()
    let store = try SQLKeyStore(path: "\(directory.path)/group.db", keys: testKeys)
    let running = BackgroundServices(store.services)
    defer { withExtendedLifetime(running) {} }
    let contact = ContactDetails(email: "a@example.com", organisation: "O")
    let retired = SigningKeyInfo(
      publicKey: Ed25519PrivateKey().publicKey, createdAt: now, notBefore: now)
    _ = try await store.addSigningKey(
      StoredSigningKey(info: retired, sealedPrivateKey: [1]),
      audit: AuditEntry(at: now, action: "generate_signing_key", target: retired.kid, caller: "t"))
    _ = try await store.retireSigningKey(
      kid: retired.kid, at: now, leavesAt: now,
      audit: AuditEntry(at: now, action: "retire_signing_key", target: retired.kid, caller: "t"))
    let first = Int64.random(in: 1 ... Int64.max)
    _ = try await store.insertKey(
      id: first, contact: contact, expiresAt: nil, requestID: "first", now: now, signedBy: "kid",
      audit: AuditEntry(at: now, action: "issue_key", target: "\(first)", caller: "t"))

    let outcomes = await withTaskGroup(of: Result<IssueOutcome, any Error>.self) { group in
      for index in 0 ..< 200 {
        group.addTask {
          await Result(catching: {
            let id = Int64.random(in: 1 ... Int64.max)
            return try await store.insertKey(
              id: id, contact: contact, expiresAt: nil,
              requestID: index % 2 == 0 ? "req-\(index / 2)" : nil, now: now,
              signedBy: index == 100 ? retired.kid : "kid",
              audit: AuditEntry(at: now, action: "issue_key", target: "\(id)", caller: "t"))
          })
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
  }

  @Test(
    "In one batch, a key whose id another key of the batch takes fails alone as taken; a repeat of a request id replays the key it made, or fails as taken when that key was not stored"
  )
  func idTakenInBatch() async throws {
    let directory = try TemporaryDirectory()
    let store = try SQLKeyStore(path: "\(directory.path)/batch.db", keys: testKeys)
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let contact = ContactDetails(email: "a@example.com", organisation: "O")
    // Queued one after another before the group commit runs: one batch, in this order.
    var queued: [Task<IssueOutcome, any Error>] = []
    for (id, requestID) in [(77, "a"), (77, "b"), (78, "a"), (77, "d"), (80, "d")] {
      queued.append(
        Task {
          try await store.insertKey(
            id: Int64(id), contact: contact, expiresAt: nil, requestID: requestID, now: now,
            signedBy: "kid",
            audit: AuditEntry(at: now, action: "issue_key", target: "\(id)", caller: "t"))
        })
      while store.issues.queued < queued.count { try await Task.sleep(for: .milliseconds(1)) }
    }
    let running = BackgroundServices(store.services)
    defer { withExtendedLifetime(running) {} }
    let outcomes = await queued.asyncMap { await $0.result }

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
    #expect(stored == [record])
    let trail = try await store.verifyAuditTrail()
    #expect(trail.isIntact && trail.checked == 1)
  }
}

extension Array {
  /// `transform` of each element, in order.
  func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
    var results: [T] = []
    for element in self { results.append(try await transform(element)) }
    return results
  }
}

extension Result where Failure == any Error {
  init(catching body: () async throws -> Success) async {
    do { self = .success(try await body()) } catch { self = .failure(error) }
  }
}

/// Counts the transactions committed on a database.
private final class CommitCounter: TransactionObserver, Sendable {
  private let commits = Mutex(0)

  var count: Int { commits.withLock { $0 } }

  func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }
  func databaseDidChange(with event: DatabaseEvent) {}
  func databaseDidCommit(_ db: Database) { commits.withLock { $0 += 1 } }
  func databaseDidRollback(_ db: Database) {}
}

/// A one-way signal from a blocking database body to the test's task.
private final class Flag: Sendable {
  private let value = Mutex(false)

  func set() { value.withLock { $0 = true } }

  /// Returns once `set()` was called.
  func wait() async {
    while !value.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(1)) }
  }
}
