import Synchronization

/// Group commit: items submitted while a batch is being committed are queued and committed
/// together in the next one, so N concurrent callers share one transaction (one fsync, a few
/// set-based statements) instead of paying N. What a batch does is the owner's `commit`, given
/// every queued item in order and answering each with its own result: one item refused fails
/// alone while the others commit. If `commit` throws (the database did not answer, a statement
/// failed), every item of that batch gets the error and nothing of it was stored.
///
/// No task of its own while idle: the caller that finds no batch in flight starts one that
/// commits batches until the queue is empty. The batches never run on a caller's task, so a
/// caller that gives up (its deadline passed, its client went away) cancels nothing of its
/// batch-mates'; it is answered, as every caller is, once the batch that holds its item is
/// committed, so an acknowledged item is durable. `KeyService` owns the one
/// that stores new API keys; the rules are its own (`KeyService+Issuance.swift`), the store only
/// provides the transaction and its set operations.
public final class GroupCommit<Item: Sendable, Outcome: Sendable>: Sendable {
  /// Commits one batch: one result per item, in order.
  public typealias Commit = @Sendable ([Item]) async throws -> [Result<Outcome, any Error>]

  private struct Queue {
    var waiting: [(item: Item, answer: Ticket<Outcome>)] = []
    var committing = false
  }

  private let commit: Commit
  private let queue = Mutex(Queue())

  /// A group commit whose batches `commit` writes.
  public init(_ commit: @escaping Commit) {
    self.commit = commit
  }

  /// Queues `item` for the next batch; its outcome once that batch is committed.
  public func submit(_ item: Item) async throws -> Outcome {
    let answer = Ticket<Outcome>()
    let leads = queue.withLock { queue in
      queue.waiting.append((item, answer))
      defer { queue.committing = true }
      return !queue.committing
    }
    if leads { Task { await self.commitQueued() } }
    return try await answer.value
  }

  /// How many items wait for the next batch (for tests).
  var queued: Int { queue.withLock { $0.waiting.count } }

  /// Commits what is queued, batch after batch, until nothing is.
  private func commitQueued() async {
    while let batch = take() { await commit(batch) }
  }

  /// The queued items, taking the batch over; nil (and no batch in flight) when none are queued.
  private func take() -> [(item: Item, answer: Ticket<Outcome>)]? {
    queue.withLock { queue in
      guard !queue.waiting.isEmpty else {
        queue.committing = false
        return nil
      }
      defer { queue.waiting = [] }
      return queue.waiting
    }
  }

  /// Commits `batch` and answers each of its callers.
  private func commit(_ batch: [(item: Item, answer: Ticket<Outcome>)]) async {
    do {
      let outcomes = try await commit(batch.map(\.item))
      for (index, pending) in batch.enumerated() {
        pending.answer.resolve(
          index < outcomes.count ? outcomes[index] : .failure(GroupCommitError.unanswered))
      }
    } catch {
      for pending in batch { pending.answer.resolve(.failure(error)) }
    }
  }
}

/// A batch's `commit` gave fewer outcomes than it was given items (a fault of the owner's).
enum GroupCommitError: Error, CustomStringConvertible {
  case unanswered

  var description: String { "the group commit gave no outcome for an item" }
}
