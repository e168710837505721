import Synchronization

/// A one-shot result that one task fills in and another awaits; safe whichever comes first.
final class Ticket<Value: Sendable>: Sendable {
  private enum State {
    case waiting(CheckedContinuation<Value, any Error>?)
    case done(Result<Value, any Error>)
  }

  private let state = Mutex(State.waiting(nil))

  /// Delivers the result (once; later calls are ignored).
  func resolve(_ result: Result<Value, any Error>) {
    let waiter: CheckedContinuation<Value, any Error>? = state.withLock { state in
      guard case .waiting(let continuation) = state else { return nil }
      state = .done(result)
      return continuation
    }
    waiter?.resume(with: result)
  }

  /// The result, waiting for it if needed.
  var value: Value {
    get async throws {
      try await withCheckedThrowingContinuation { continuation in
        let ready: Result<Value, any Error>? = state.withLock { state in
          switch state {
          case .done(let result): return result
          case .waiting:
            state = .waiting(continuation)
            return nil
          }
        }
        if let ready { continuation.resume(with: ready) }
      }
    }
  }
}
