import Synchronization

/// Hands out ids in order, the last one repeating: a source of API key ids a test chooses (to
/// make one collide with a stored key).
public final class IDQueue: Sendable {
  private let ids: Mutex<[Int64]>

  /// A queue of `ids` (at least one).
  public init(_ ids: [Int64]) { self.ids = Mutex(ids) }

  /// The next id.
  public func next() -> Int64 {
    ids.withLock { ids in ids.count > 1 ? ids.removeFirst() : ids[0] }
  }
}
