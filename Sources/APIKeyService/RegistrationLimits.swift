package import APIKeyCore
package import Foundation
import Synchronization

/// The daemon's self-service limits, per e-mail address, per client address and overall, checked
/// and counted together under one lock, so concurrent requests cannot slip past a limit. A
/// request refused by one limit counts against none. Held in memory: a restart forgets them, and
/// daemons on several hosts each count their own.
package final class RegistrationLimits: Sendable {
  private struct Windows {
    var perEmail: RateWindow
    var perClient: RateWindow
    var overall: RateWindow
  }

  private let windows: Mutex<Windows>

  package init(perEmail: RateLimit, perClient: RateLimit, overall: RateLimit) {
    windows = Mutex(
      Windows(
        perEmail: RateWindow(perEmail), perClient: RateWindow(perClient),
        overall: RateWindow(overall)))
  }

  /// One request counted against the limits; taken back with `release` when it got no key.
  package struct Admission: Sendable {
    fileprivate let email: String
    fileprivate let client: String
    fileprivate let at: Date
  }

  /// Counts one new key for `email` from `client` at `now`: the admission when that is within
  /// every limit, else the limit reached and the seconds until a request can succeed. E-mail
  /// addresses are compared as `EmailAddress.comparisonKey` makes them (case, compatibility
  /// forms and the domain's IDNA form do not make another address).
  package func admit(
    email: String, client: String, at now: Date
  ) -> Result<Admission, Refusal> {
    let email = EmailAddress.comparisonKey(email)
    return windows.withLock { windows in
      let refusals = [
        windows.overall.retryAfter("", at: now).map { ("overall", $0) },
        windows.perEmail.retryAfter(email, at: now).map { ("per e-mail address", $0) },
        windows.perClient.retryAfter(client, at: now).map { ("per client address", $0) },
      ].compactMap { $0 }
      if let longest = refusals.max(by: { $0.1 < $1.1 }) {
        return .failure(Refusal(limit: longest.0, retryAfter: longest.1))
      }
      windows.overall.record("", at: now)
      windows.perEmail.record(email, at: now)
      windows.perClient.record(client, at: now)
      return .success(Admission(email: email, client: client, at: now))
    }
  }

  /// Takes back `admission`: its request got no key (no signing key, the database down, the mail
  /// refused), so it counts against no limit.
  package func release(_ admission: Admission) {
    windows.withLock { windows in
      windows.overall.remove("", at: admission.at)
      windows.perEmail.remove(admission.email, at: admission.at)
      windows.perClient.remove(admission.client, at: admission.at)
    }
  }

  /// A request over a limit: which one, and the seconds until a request can succeed.
  package struct Refusal: Error, Sendable {
    package let limit: String
    package let retryAfter: Double
  }
}
