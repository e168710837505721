import Synchronization

/// A one-way signal: one task (or a blocking database body) sets it, another waits or polls.
public final class Flag: Sendable {
  private let value = Mutex(false)

  public init() {}

  public func set() { value.withLock { $0 = true } }

  public var isSet: Bool { value.withLock { $0 } }

  /// Returns once `set()` was called.
  public func wait() async {
    while !isSet { try? await Task.sleep(for: .milliseconds(1)) }
  }
}
