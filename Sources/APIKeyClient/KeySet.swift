public import APIKeyCore
public import Foundation
import Synchronization

/// Verifies API keys offline against a set of Ed25519 public keys.
///
/// Thread-safe: any number of tasks may call `verify` at once; a lock is held only to copy the
/// current snapshot. A provider (HTTP or the daemon's socket) replaces the snapshot as keys change.
public final class KeySet: Sendable {
  /// Verification options.
  public struct Options: Sendable {
    /// Enforce `exp` (default). The original's client ignores it; turn off for the same behaviour.
    public var checksExpiry = true
    /// Allowed clock skew for `exp` and `nbf`; capped at `RevokedKey.maximumLeeway` (5 minutes).
    public var leeway: TimeInterval = 0

    /// Defaults: expiry checked, no leeway.
    public init(checksExpiry: Bool = true, leeway: TimeInterval = 0) {
      self.checksExpiry = checksExpiry
      self.leeway = leeway
    }
  }

  /// The keys and until when they may be used.
  private struct State {
    var keys: KeySnapshot
    /// After this time verification fails with `.stale`; nil: never (no provider set one).
    var freshUntil: Date?
    /// Where verifications are counted for usage reports; nil: not counted.
    var recorder: UsageRecorder?
  }

  private let state: Mutex<State>
  private let unknownKeyHandler = Mutex<(@Sendable () -> Void)?>(nil)
  private let verifier: TokenVerifier
  private let clock: @Sendable () -> Date

  /// A verifier over `keys` (empty until a provider fills it).
  public init(
    keys: KeySnapshot = .empty, options: Options = Options(),
    clock: @escaping @Sendable () -> Date = Date.init
  ) {
    self.state = Mutex(State(keys: keys))
    self.verifier = TokenVerifier(checksExpiry: options.checksExpiry, leeway: options.leeway)
    self.clock = clock
  }

  /// A verifier over a fixed JWKS document (the original's `APIKEY_LOCALKEYS`).
  public convenience init(
    jwksJSON: String, options: Options = Options()
  ) throws(APIKeyVerificationError) {
    self.init(keys: try KeySnapshot(jwksJSON: jwksJSON), options: options)
  }

  /// The keys now in use.
  public var keys: KeySnapshot { state.withLock { $0.keys } }

  /// Replaces the keys (providers call this).
  public func replace(_ keys: KeySnapshot) {
    state.withLock { $0.keys = keys }
  }

  /// Until when the keys may be used without a successful refresh (providers with a maximum
  /// staleness call this after each refresh); after it every verification fails with `.stale`.
  /// Nil: no limit.
  public var freshUntil: Date? {
    get { state.withLock { $0.freshUntil } }
    set { state.withLock { $0.freshUntil = newValue } }
  }

  /// The subject (API key id) and claims of `token`, or why it is not valid now (a revoked API
  /// key fails with `.revoked`; stale keys with `.stale`).
  public func verify(_ token: String) throws(APIKeyVerificationError) -> VerifiedToken {
    let now = clock()
    let (keys, recorder) = try usableKeys(at: now)
    do {
      guard let recorder else {
        return try verifier.verify(token, keys: keys, now: now)
      }
      return try verifier.verify(token, keys: keys, now: now) { keyID, kid, outcome in
        recorder.record(keyID: keyID, kid: kid, outcome: outcome, at: now)
      }
    } catch {
      throw translate(error)
    }
  }

  /// The keys (with the usage recorder, read under the same lock), unless there are none or
  /// they are stale at `now`.
  private func usableKeys(
    at now: Date
  ) throws(APIKeyVerificationError) -> (KeySnapshot, UsageRecorder?) {
    let current = state.withLock { $0 }
    if let freshUntil = current.freshUntil, now >= freshUntil {
      throw APIKeyVerificationError.stale.detailed(
        "no successful refresh within the maximum staleness; stale since \(freshUntil.ISO8601Format())"
      )
    }
    guard current.keys.count > 0 else { throw .noKeys }
    return (current.keys, current.recorder)
  }

  /// Checks only the signature of a compact JWS (any payload): the payload bytes.
  public func verifiedPayload(of jws: String) throws(APIKeyVerificationError) -> [UInt8] {
    let (keys, _) = try usableKeys(at: clock())
    do {
      return try verifier.verifiedPayload(of: jws, keys: keys).payload
    } catch {
      throw translate(error)
    }
  }

  private func translate(_ error: TokenVerificationFailure) -> APIKeyVerificationError {
    switch error {
    case .malformed(let why): return APIKeyVerificationError.malformed.detailed(why)
    case .unknownKid:
      unknownKeyHandler.withLock { $0 }?()
      return .unknownKey
    case .badSignature: return .badSignature
    case .expired: return .expired
    case .notYetValid: return .notYetValid
    case .revoked: return .revoked
    }
  }

  /// Counts every verification whose signature checks (accepted, revoked, expired) in
  /// `recorder`, for usage reports (`UsageReporter` in APIKeyClientGRPC); nil stops counting.
  public var usageRecorder: UsageRecorder? {
    get { state.withLock { $0.recorder } }
    set { state.withLock { $0.recorder = newValue } }
  }

  /// Called (by a provider) whenever a token names a kid not in the set, so it can refresh early.
  public func onUnknownKey(_ handler: @escaping @Sendable () -> Void) {
    unknownKeyHandler.withLock { $0 = handler }
  }
}
