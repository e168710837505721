import APIKeyCore
import Foundation
import Synchronization

/// The bridge's own limit on key requests per client address, checked before the daemon is
/// asked (which counts again, per e-mail address and overall, as the authority). It counts keys
/// given: a request the daemon refuses is taken back.
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

  /// Takes back the request from `client` counted at `now`: it got no key.
  func release(_ client: IPAddress, at now: Date) {
    window.withLock { $0.remove(client.rateLimitKey, at: now) }
  }
}
