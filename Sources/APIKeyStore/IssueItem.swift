import APIKeyCore
import Foundation
import Synchronization

/// A new API key to store: what `KeyStore.insertKey` is given.
struct IssueItem: Sendable {
  let contact: ContactDetails
  let expiresAt: Date?
  let requestID: String?
  let now: Date
  /// The kid of the key that signs its token.
  let signedBy: String
  let makeID: @Sendable () -> Int64
  let audit: @Sendable (Int64) -> AuditEntry
}

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
