import APIKeyCore
import Foundation
import Synchronization

/// The bridge's own limit on key requests per client address, checked before the daemon is
/// asked (which counts again, per e-mail address and overall, as the authority).
final class ClientLimiter: Sendable {
  private let window: Mutex<RateWindow>

  init(_ limit: RateLimit) {
    window = Mutex(RateWindow(limit))
  }

  /// Counts a request from `client` at `now`; nil when within the limit, else the seconds to
  /// wait.
  func admit(_ client: IPAddress, at now: Date) -> Int? {
    window.withLock { window in
      let key = client.rateLimitKey
      if let wait = window.retryAfter(key, at: now) { return Int(wait) }
      window.record(key, at: now)
      return nil
    }
  }
}
