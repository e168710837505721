import Dispatch

/// Runs blocking work (a transaction whose statements wait for the server) on a thread of its own,
/// off Swift's cooperative pool and off NIO's event loops.
enum Blocking {
  static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
  }
}
