/// Exponential backoff with a cap and jitter, for reconnecting to the daemon.
public struct Backoff: Sendable {
  /// First delay after a failure.
  public var initial: Duration
  /// Longest delay.
  public var maximum: Duration
  private var nextDelay: Duration

  /// Backoff from `initial`, doubling up to `maximum`.
  public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(5)) {
    self.initial = initial
    self.maximum = maximum
    self.nextDelay = initial
  }

  /// The delay to wait now (with up to 20% jitter), doubling the next one.
  public mutating func next() -> Duration {
    let delay = nextDelay
    nextDelay = min(nextDelay * 2, maximum)
    return delay * Double.random(in: 0.8 ... 1.0)
  }

  /// Back to the initial delay (after a success).
  public mutating func reset() {
    nextDelay = initial
  }
}
