package import APIKeyCore
import APIKeyCrypto
package import Foundation
import Synchronization

/// The admin console's way in, as Jupyter's: `apikeyctl console` prints one URL with a
/// single-use entry secret; opening it gives the browser a session cookie (HttpOnly,
/// SameSite=Strict) and the secret is spent. Every other request needs a live session. Only
/// SHA-256 digests of secrets are kept, in memory (the console stores nothing), compared in
/// constant time. Each session has its own CSRF token (an HMAC of the session under a key drawn
/// at start), for the forms.
package final class ConsoleSessions: Sendable {
  /// How long a session lasts from entry, in seconds.
  package let lifetime: Double
  private let clock: @Sendable () -> Date
  private let csrfKey = SecureRandom.bytes(32)

  private struct State {
    /// The digest of the entry secret not yet used; nil once used.
    var entry: [UInt8]?
    /// Digests of live sessions, with when each ends.
    var sessions: [[UInt8]: Date] = [:]
  }
  private let state = Mutex(State())

  /// Sessions of `lifetime` seconds (default 12 hours: a working day).
  package init(lifetime: Double = 12 * 3600, clock: @escaping @Sendable () -> Date = Date.init) {
    self.lifetime = lifetime
    self.clock = clock
  }

  /// A new entry secret (any older unused one stops working); to print in the URL.
  package func newEntrySecret() -> String {
    let secret = Base64URL.encode(SecureRandom.bytes(32))
    state.withLock { $0.entry = Self.digest(secret) }
    return secret
  }

  /// Spends the entry `secret`: a new session's token (for the cookie), or nil when the secret
  /// is wrong or was used.
  package func enter(_ secret: String) -> String? {
    let offered = Self.digest(secret)
    let session = Base64URL.encode(SecureRandom.bytes(32))
    let ends = clock() + lifetime
    return state.withLock { state -> String? in
      guard let entry = state.entry, Self.same(entry, offered) else { return nil }
      state.entry = nil
      state.sessions[Self.digest(session)] = ends
      return session
    }
  }

  /// Whether `token` (the cookie's value) names a live session; ended ones are forgotten.
  package func isLive(_ token: String?) -> Bool {
    guard let token, !token.isEmpty else { return false }
    let digest = Self.digest(token)
    let now = clock()
    return state.withLock { state in
      state.sessions = state.sessions.filter { $0.value > now }
      return state.sessions[digest] != nil
    }
  }

  /// The CSRF token of session `token`, for its forms.
  package func csrfToken(for token: String) -> String {
    Base64URL.encode(HMACSHA256.authenticate(Array(token.utf8), key: csrfKey))
  }

  /// Whether `submitted` is session `token`'s CSRF token (constant time).
  package func checksCSRF(_ submitted: String?, for token: String) -> Bool {
    guard let submitted else { return false }
    return Self.same(Array(submitted.utf8), Array(csrfToken(for: token).utf8))
  }

  /// The Set-Cookie value for session `token`.
  package func cookie(_ token: String) -> String {
    "apikey_console=\(token); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(Int(lifetime))"
  }

  private static func digest(_ text: String) -> [UInt8] { SHA256.hash(Array(text.utf8)) }

  private static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    a.count == b.count && zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
  }
}
