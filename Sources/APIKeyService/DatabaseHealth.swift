import Synchronization

/// Whether the database answers, as the daemon last saw it: the health service reports the Admin
/// service NOT_SERVING while it does not (reads and verification go on from memory).
package final class DatabaseHealth: Sendable {
  private let problem = Mutex<String?>(nil)

  /// A database taken to answer until a call says otherwise.
  package init() {}

  /// Why the database is not answering; nil while it is.
  package var unavailable: String? { problem.withLock { $0 } }

  /// Records the outcome of a call to the database; returns true when that changed the status.
  @discardableResult
  func record(_ newProblem: String?) -> Bool {
    problem.withLock { problem in
      defer { problem = newProblem }
      return (problem == nil) != (newProblem == nil)
    }
  }
}
