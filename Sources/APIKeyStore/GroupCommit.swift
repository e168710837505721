import GRDB
import Synchronization

/// Group commit: writes that arrive while a transaction is running are queued and written
/// together in the next one, each in its own savepoint (a failing write rolls back alone). Every
/// caller is answered after the commit that holds its write, so an acknowledged write is durable,
/// while N concurrent callers share one fsync instead of paying N.
final class GroupCommit: Sendable {
  private struct Queue {
    var writes: [any GroupWrite] = []
    var draining = false
  }

  private let writer: any DatabaseWriter
  private let queue = Mutex(Queue())

  init(writer: any DatabaseWriter) {
    self.writer = writer
  }

  /// Runs `body` inside a shared write transaction; returns its result once that is committed.
  func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
    let pending = PendingWrite(body)
    let leads = queue.withLock { queue in
      queue.writes.append(pending)
      defer { queue.draining = true }
      return !queue.draining
    }
    if leads {
      // The first caller drains the queue. It does so in a task of its own, awaited right here,
      // so that cancelling that one caller cannot fail the writes of the others.
      await Task { await drain() }.value
    }
    return try await pending.ticket.value
  }

  private func drain() async {
    while true {
      let batch: [any GroupWrite] = queue.withLock { queue in
        defer { queue.writes.removeAll() }
        if queue.writes.isEmpty { queue.draining = false }
        return queue.writes
      }
      guard !batch.isEmpty else { return }
      let outcome: Result<Void, any Error>
      do {
        try await writer.write { db in
          for write in batch { write.run(in: db) }
        }
        outcome = .success(())
      } catch {
        outcome = .failure(error)
      }
      for write in batch { write.finish(committed: outcome) }
    }
  }
}

/// A queued write, type-erased for the queue.
private protocol GroupWrite: Sendable {
  /// Runs the write in a savepoint of the shared transaction, keeping its own result.
  func run(in db: Database)
  /// Answers the caller: its own result when the transaction committed, else the commit's error.
  func finish(committed: Result<Void, any Error>)
}

private final class PendingWrite<T: Sendable>: GroupWrite {
  let ticket = Ticket<T>()
  private let body: @Sendable (Database) throws -> T
  private let staged = Mutex<Result<T, any Error>?>(nil)

  init(_ body: @escaping @Sendable (Database) throws -> T) {
    self.body = body
  }

  func run(in db: Database) {
    var value: T?
    do {
      try db.inSavepoint {
        value = try body(db)
        return .commit
      }
      // '!' is fine: inSavepoint returned normally, so body ran and set value.
      staged.withLock { $0 = .success(value!) }
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
