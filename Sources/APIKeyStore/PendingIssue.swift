import APIKeyCore
import Synchronization

/// An `IssueItem` waiting for its group commit, and its caller's answer.
final class PendingIssue: Sendable {
  let item: IssueItem
  let ticket = Ticket<IssueOutcome>()
  private let staged = Mutex<Result<IssueOutcome, any Error>?>(nil)

  init(_ item: IssueItem) { self.item = item }

  /// Keeps the item's own outcome until the transaction's is known.
  func stage(_ result: Result<IssueOutcome, any Error>) {
    staged.withLock { $0 = result }
  }

  /// Answers the caller: its own outcome when the transaction committed, else the commit's error.
  func finish(committed: Result<Void, any Error>) {
    switch committed {
    case .success:
      ticket.resolve(staged.withLock { $0 } ?? .failure(CancellationError()))
    case .failure(let error):
      ticket.resolve(.failure(error))
    }
  }
}
