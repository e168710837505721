public import Foundation
import Synchronization

/// A `RateWindow` behind a lock: admits events per key (a client address, a peer) within a limit,
/// and takes back those that got nothing for being counted.
public final class RateLimiter: Sendable {
  private let window: Mutex<RateWindow>

  /// A limiter of `limit` events per key.
  public init(_ limit: RateLimit) {
    window = Mutex(RateWindow(limit))
  }

  /// Counts an event for `key` at `now`; nil when within the limit, else the seconds to wait
  /// (and nothing is counted).
  public func admit(_ key: String, at now: Date) -> Int? {
    window.withLock { window in
      if let wait = window.retryAfter(key, at: now) { return Int(wait) }
      window.record(key, at: now)
      return nil
    }
  }

  /// Takes back the event counted for `key` at `now`.
  public func release(_ key: String, at now: Date) {
    window.withLock { $0.remove(key, at: now) }
  }
}
