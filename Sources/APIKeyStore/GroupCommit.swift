import APIKeyCore
import ServiceLifecycle
import Synchronization

/// Group commit: writes that arrive while a transaction is running are queued and written
/// together in the next one, each in its own savepoint (a failing write rolls back alone). Every
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
    var stopped = false
  }

  private let backend: any SQLBackend
  private let queue = Mutex(Queue())
  /// Rung by each write; buffers one ring, so writes that come together wake `run()` once.
  private let doorbell: AsyncStream<Void>
  private let ring: AsyncStream<Void>.Continuation

  init(backend: any SQLBackend) {
    self.backend = backend
    (doorbell, ring) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
  }

  /// Runs `body` inside a shared write transaction; returns its result once that is committed.
  func write<T: Sendable>(
    _ body: @escaping @Sendable (any SQLTransaction) throws -> T
  ) async throws -> T {
    let pending = PendingWrite(body)
    let accepted = queue.withLock { queue in
      guard !queue.stopped else { return false }
      queue.writes.append(pending)
      return true
    }
    guard accepted else {
      throw APIKeyError.unavailable("apikeyserv is shutting down and takes no more writes")
    }
    ring.yield()
    return try await pending.ticket.value
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
      defer { queue.writes.removeAll() }
      return queue.writes
    }
    if !rest.isEmpty { await commit(rest) }
  }

  /// How many writes wait for the next transaction (for tests).
  var queued: Int { queue.withLock { $0.writes.count } }

  /// Everything queued, or nil when nothing is.
  private func next() -> [any GroupWrite]? {
    queue.withLock { queue in
      defer { queue.writes.removeAll() }
      return queue.writes.isEmpty ? nil : queue.writes
    }
  }

  /// Writes `batch` in one transaction and answers each of its callers.
  private func commit(_ batch: [any GroupWrite]) async {
    let outcome: Result<Void, any Error>
    do {
      try await backend.write { tx in
        for write in batch { write.run(in: tx) }
      }
      outcome = .success(())
    } catch {
      outcome = .failure(error)
    }
    for write in batch { write.finish(committed: outcome) }
  }
}

/// A queued write, type-erased for the queue.
private protocol GroupWrite: Sendable {
  /// Runs the write in a savepoint of the shared transaction, keeping its own result.
  func run(in tx: any SQLTransaction)
  /// Answers the caller: its own result when the transaction committed, else the commit's error.
  func finish(committed: Result<Void, any Error>)
}

private final class PendingWrite<T: Sendable>: GroupWrite {
  let ticket = Ticket<T>()
  private let body: @Sendable (any SQLTransaction) throws -> T
  private let staged = Mutex<Result<T, any Error>?>(nil)

  init(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) {
    self.body = body
  }

  func run(in tx: any SQLTransaction) {
    do {
      let value = try tx.inSavepoint { try body(tx) }
      staged.withLock { $0 = .success(value) }
    } catch {
      staged.withLock { $0 = .failure(error) }
    }
  }

  func finish(committed: Result<Void, any Error>) {
    switch committed {
    case .success:
      ticket.resolve(staged.withLock { $0 } ?? .failure(CancellationError()))
    case .failure(let error):
      ticket.resolve(.failure(error))
    }
  }
}
