import Synchronization

/// A queued write's answer: its own result, kept until the outcome of the transaction that holds
/// it is known, then handed to its caller through the ticket.
final class StagedAnswer<Value: Sendable>: Sendable {
  let ticket = Ticket<Value>()
  private let staged = Mutex<Result<Value, any Error>?>(nil)

  /// Keeps the write's own result.
  func stage(_ result: Result<Value, any Error>) {
    staged.withLock { $0 = result }
  }

  /// Answers the caller: its own result when the transaction committed, else the commit's error.
  func finish(committed: Result<Void, any Error>) {
    switch committed {
    case .success:
      ticket.resolve(staged.withLock { $0 } ?? .failure(CancellationError()))
    case .failure(let error):
      ticket.resolve(.failure(error))
    }
  }
}
