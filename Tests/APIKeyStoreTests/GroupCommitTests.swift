import APIKeyCore
import Foundation
import GRDB
import Synchronization
import TestSupport
import Testing

@testable import APIKeyStore

@Suite("Group commit")
struct GroupCommitTests {
  /// A database file (WAL: reads go on while a write is blocked) with a table `t (n)`.
  let directory: TemporaryDirectory
  let backend: SQLiteBackend
  var database: any DatabaseWriter { backend.database }

  init() throws {
    directory = try TemporaryDirectory()
    backend = try SQLiteBackend(.file("\(directory.path)/t.db"))
    try backend.database.write { try $0.execute(sql: "CREATE TABLE t (n INTEGER NOT NULL)") }
  }

  /// A group commit that inserts its items into `t` in one transaction, after `before` ran with
  /// them; a negative item is refused alone (nothing of it stored).
  func group(
    before: @escaping @Sendable ([Int]) -> Void = { _ in }
  ) -> GroupCommit<Int, Int> {
    let backend = backend
    return GroupCommit { items in
      try await backend.write { tx in
        before(items)
        return try items.map { n in
          guard n >= 0 else {
            return .failure(APIKeyError.invalidArgument(field: "n", reason: "<0"))
          }
          try tx.execute("INSERT INTO t (n) VALUES (?)", [n])
          return .success(n)
        }
      }
    }
  }

  /// A group commit whose batch of item 0 alone waits for `release` once it has `started`.
  func blockingZero() -> (GroupCommit<Int, Int>, started: Flag, release: DispatchSemaphore) {
    let (started, release) = (Flag(), DispatchSemaphore(value: 0))
    let group = group(before: { items in
      if items == [0] {
        started.set()
        release.wait()
      }
    })
    return (group, started, release)
  }

  func stored() async throws -> [Int] {
    try await database.read { try Int.fetchAll($0, sql: "SELECT n FROM t ORDER BY n") }
  }

  @Test("N concurrent items are all committed, in fewer than N transactions")
  func sharedTransactions() async throws {
    let commits = CommitCounter()
    database.add(transactionObserver: commits, extent: .databaseLifetime)
    // The first batch holds its transaction a moment, as an fsync would, while the others arrive.
    let group = group(before: { items in if items.contains(0) { usleep(100_000) } })
    let count = 64
    try await withThrowingDiscardingTaskGroup { tasks in
      for n in 0 ..< count {
        tasks.addTask {
          let answer = try await group.submit(n)
          #expect(answer == n)
        }
      }
    }
    #expect(try await stored() == Array(0 ..< count))
    #expect(commits.count >= 1 && commits.count < count, "\(commits.count) transactions")
  }

  @Test(
    "A caller is answered when its own batch commits, while a later batch is still running",
    .timeLimit(.minutes(1)))
  func answeredWithOwnBatch() async throws {
    let (firstStarted, releaseFirst, releaseSecond) = (
      Flag(), DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)
    )
    let group = group(before: { items in
      if items == [1] {
        firstStarted.set()
        releaseFirst.wait()
      } else {
        releaseSecond.wait()
      }
    })
    let first = Task { try await group.submit(1) }
    await firstStarted.wait()
    // The first batch is running: this item goes into the next one, which stays blocked.
    let second = Task { try await group.submit(2) }
    while group.queued == 0 { try await Task.sleep(for: .milliseconds(1)) }
    releaseFirst.signal()
    #expect(try await first.value == 1)
    #expect(try await stored() == [1])
    releaseSecond.signal()
    #expect(try await second.value == 2)
    #expect(try await stored() == [1, 2])
  }

  @Test(
    "An item refused fails alone: the rest of its batch commits, each caller gets its own answer",
    .timeLimit(.minutes(1)))
  func refusedAlone() async throws {
    let (group, started, release) = blockingZero()
    let blocking = Task { try await group.submit(0) }
    await started.wait()
    // Queued behind the blocked batch: the next batch holds all three.
    let items = [3, -1, 4]
    var waiting: [Task<Int, any Error>] = []
    for item in items {
      waiting.append(Task { try await group.submit(item) })
      while group.queued < waiting.count { try await Task.sleep(for: .milliseconds(1)) }
    }
    release.signal()
    _ = try await blocking.value
    #expect(try await waiting[0].value == 3)
    await #expect(throws: APIKeyError.invalidArgument(field: "n", reason: "<0")) {
      try await waiting[1].value
    }
    #expect(try await waiting[2].value == 4)
    #expect(try await stored() == [0, 3, 4])
  }

  @Test(
    "A caller that gives up decides nothing: a cancelled caller's item is committed and answered, and so are its batch-mates'",
    .timeLimit(.minutes(1)))
  func cancelledCaller() async throws {
    let (group, started, release) = blockingZero()
    // Cancelled before it submits: the batch it starts must not inherit that.
    let leader = Task {
      withUnsafeCurrentTask { $0?.cancel() }
      return try await group.submit(0)
    }
    await started.wait()
    let (leaving, staying) = (
      Task { try await group.submit(5) }, Task { try await group.submit(6) }
    )
    while group.queued < 2 { try await Task.sleep(for: .milliseconds(1)) }
    leaving.cancel()
    release.signal()
    #expect(try await leader.value == 0)
    #expect(try await staying.value == 6)
    #expect(try await leaving.value == 5)
    #expect(try await stored() == [0, 5, 6])
  }

  @Test(
    "A batch that fails (the transaction does not commit) fails each of its items and stores none of it; the next batch commits"
  )
  func failedBatch() async throws {
    let backend = backend
    // A batch with 13 fails at its end: a row that breaks the table's NOT NULL.
    let group = GroupCommit<Int, Int> { items in
      try await backend.write { tx in
        for n in items { try tx.execute("INSERT INTO t (n) VALUES (?)", [n]) }
        if items.contains(13) { try tx.execute("INSERT INTO t (n) VALUES (NULL)") }
        return items.map { .success($0) }
      }
    }
    await #expect(throws: (any Error).self) { try await group.submit(13) }
    #expect(try await stored() == [])
    #expect(try await group.submit(14) == 14)
    #expect(try await stored() == [14])
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
