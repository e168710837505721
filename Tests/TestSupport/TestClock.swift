public import Foundation
import Synchronization

/// A clock the test moves by hand, for time-dependent rules (expiry, grace, schedules).
public final class TestClock: Sendable {
  private let current: Mutex<Date>

  /// A clock at `start` (default: 2027-01-15, a fixed point so that failures reproduce).
  public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
    current = Mutex(start)
  }

  /// The clock's time.
  public var now: Date { current.withLock { $0 } }

  /// Moves the clock forward by `seconds`.
  public func advance(_ seconds: TimeInterval) {
    current.withLock { $0 += seconds }
  }
}
