import APIKeyCore
import ServiceLifecycle
import Synchronization

/// Group commit: writes that arrive while a transaction is running are queued and written
/// together in the next one (a failing write rolls back alone); new API keys among them are
/// inserted together, a few statements for the whole batch (`BulkIssue`). Every
/// caller is answered as soon as the commit that holds its write is done, so an acknowledged
/// write is durable, while N concurrent callers share one fsync instead of paying N.
///
/// A lifecycle `Service`: `run()` commits the queue for the life of the service group, which
/// starts it before the servers and stops it after them. At graceful shutdown (or cancellation) it
/// commits what is queued and refuses later writes with `unavailable`. A write made before `run()`
/// starts waits for it.
final class GroupCommit: Service, Sendable {
  private struct Queue {
    var writes: [any GroupWrite] = []
    var issues: [PendingIssue] = []
    var stopped = false

    var isEmpty: Bool { writes.isEmpty && issues.isEmpty }
  }

  /// What one transaction writes.
  private typealias Batch = (writes: [any GroupWrite], issues: [PendingIssue])

  private let backend: any SQLBackend
  private let bulkIssue: BulkIssue
  private let queue = Mutex(Queue())
  /// Rung by each write; buffers one ring, so writes that come together wake `run()` once.
  private let doorbell: AsyncStream<Void>
  private let ring: AsyncStream<Void>.Continuation

  init(backend: any SQLBackend, issue: BulkIssue) {
    self.backend = backend
    bulkIssue = issue
    (doorbell, ring) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
  }

  /// Runs `body` inside a shared write transaction; returns its result once that is committed.
  func write<T: Sendable>(
    _ body: @escaping @Sendable (any SQLTransaction) throws -> T
  ) async throws -> T {
    let pending = PendingWrite(body)
    try enqueue { $0.writes.append(pending) }
    return try await pending.answer.ticket.value
  }

  /// Stores a new API key (see `KeyStore.insertKey`) in the next shared transaction, with the
  /// others queued beside it; returns what was stored once that is committed.
  func issue(_ request: IssueItem) async throws -> IssueOutcome {
    let pending = PendingIssue(request)
    try enqueue { $0.issues.append(pending) }
    return try await pending.answer.ticket.value
  }

  private func enqueue(_ add: (inout Queue) -> Void) throws {
    let accepted = queue.withLock { queue in
      guard !queue.stopped else { return false }
      add(&queue)
      return true
    }
    guard accepted else {
      throw APIKeyError.unavailable("apikeyserv is shutting down and takes no more writes")
    }
    ring.yield()
  }

  func run() async throws {
    await withGracefulShutdownHandler {
      for await _ in doorbell {
        while let batch = next() { await commit(batch) }
      }
    } onGracefulShutdown: {
      self.ring.finish()
    }
    let rest = queue.withLock { queue in
      queue.stopped = true
      defer { queue = Queue(stopped: true) }
      return (queue.writes, queue.issues)
    }
    if !rest.0.isEmpty || !rest.1.isEmpty { await commit(rest) }
  }

  /// How many writes wait for the next transaction (for tests).
  var queued: Int { queue.withLock { $0.writes.count + $0.issues.count } }

  /// Everything queued, or nil when nothing is.
  private func next() -> Batch? {
    queue.withLock { queue in
      guard !queue.isEmpty else { return nil }
      defer { queue = Queue() }
      return (queue.writes, queue.issues)
    }
  }

  /// Writes `batch` in one transaction and answers each of its callers. The writes first run
  /// one after another as they are (each savepoint costs two statements, a round trip each on
  /// PostgreSQL); when one of several fails, the transaction is rolled back and the batch runs
  /// again with each write in its own savepoint, so that one fails alone. A database that does
  /// not answer fails the batch at once, without the second try.
  private func commit(_ batch: Batch) async {
    let (writes, issues) = batch
    var outcome = await attempt(batch, savepoints: false)
    // Worth a second try when more than one thing shares the transaction.
    if case .failure(let error) = outcome, writes.count + (issues.isEmpty ? 0 : 1) > 1,
      (error as? APIKeyError).map(Refused.isRetryable) ?? true
    {
      outcome = await attempt(batch, savepoints: true)
    }
    for write in writes { write.finish(committed: outcome) }
    for issue in issues { issue.answer.finish(committed: outcome) }
  }

  /// Writes `batch` in one transaction, each generic write in a savepoint of its own or not;
  /// the transaction's outcome (each write keeps its own result).
  private func attempt(_ batch: Batch, savepoints: Bool) async -> Result<Void, any Error> {
    let (writes, issues) = batch
    let bulkIssue = bulkIssue
    do {
      try await backend.write { tx in
        for write in writes { try write.run(in: tx, savepoint: savepoints) }
        try bulkIssue.run(issues, in: tx)
      }
      return .success(())
    } catch {
      return .failure(error)
    }
  }
}

/// Which failures of a batch's first try are worth a second one with savepoints.
private enum Refused {
  /// A write's own refusal (a conflict, a missing key) is; the database not answering is not.
  static func isRetryable(_ error: APIKeyError) -> Bool {
    if case .unavailable = error { return false }
    return true
  }
}

/// A queued write, type-erased for the queue.
private protocol GroupWrite: Sendable {
  /// Runs the write in the shared transaction, keeping its own result. In a `savepoint` its
  /// failure is undone and kept; without one it is kept and thrown (the transaction must end).
  func run(in tx: any SQLTransaction, savepoint: Bool) throws
  /// Answers the caller: its own result when the transaction committed, else the commit's error.
  func finish(committed: Result<Void, any Error>)
}

private final class PendingWrite<T: Sendable>: GroupWrite {
  let answer = StagedAnswer<T>()
  private let body: @Sendable (any SQLTransaction) throws -> T

  init(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) {
    self.body = body
  }

  func run(in tx: any SQLTransaction, savepoint: Bool) throws {
    do {
      answer.stage(.success(try savepoint ? tx.inSavepoint { try body(tx) } : body(tx)))
    } catch {
      answer.stage(.failure(error))
      if !savepoint { throw error }
    }
  }

  func finish(committed: Result<Void, any Error>) { answer.finish(committed: committed) }
}
