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
    /// Allowed clock skew for `exp` and `nbf`.
    public var leeway: TimeInterval = 0

    /// Defaults: expiry checked, no leeway.
    public init(checksExpiry: Bool = true, leeway: TimeInterval = 0) {
      self.checksExpiry = checksExpiry
      self.leeway = leeway
    }
  }

  private let snapshot: Mutex<KeySnapshot>
  private let unknownKeyHandler = Mutex<(@Sendable () -> Void)?>(nil)
  private let verifier: TokenVerifier
  private let clock: @Sendable () -> Date

  /// A verifier over `keys` (empty until a provider fills it).
  public init(
    keys: KeySnapshot = .empty, options: Options = Options(),
    clock: @escaping @Sendable () -> Date = Date.init
  ) {
    self.snapshot = Mutex(keys)
    self.verifier = TokenVerifier(checksExpiry: options.checksExpiry, leeway: options.leeway)
    self.clock = clock
  }

  /// A verifier over a fixed JWKS document (the original's `APIKEY_LOCALKEYS`).
  public convenience init(jwksJSON: String, options: Options = Options()) throws(APIKeyVerificationError) {
    self.init(keys: try KeySnapshot(jwksJSON: jwksJSON), options: options)
  }

  /// The keys now in use.
  public var keys: KeySnapshot { snapshot.withLock { $0 } }

  /// Replaces the keys (providers call this).
  public func replace(_ keys: KeySnapshot) {
    snapshot.withLock { $0 = keys }
  }

  /// The subject (API key id) and claims of `token`, or why it is not valid now (a revoked API
  /// key fails with `.revoked`).
  public func verify(_ token: String) throws(APIKeyVerificationError) -> VerifiedToken {
    let keys = self.keys
    guard keys.count > 0 else { throw .noKeys }
    do {
      return try verifier.verify(token, keys: keys, now: clock())
    } catch {
      throw translate(error)
    }
  }

  /// Checks only the signature of a compact JWS (any payload): the payload bytes.
  public func verifiedPayload(of jws: String) throws(APIKeyVerificationError) -> [UInt8] {
    let keys = self.keys
    guard keys.count > 0 else { throw .noKeys }
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

  /// Called (by a provider) whenever a token names a kid not in the set, so it can refresh early.
  public func onUnknownKey(_ handler: @escaping @Sendable () -> Void) {
    unknownKeyHandler.withLock { $0 = handler }
  }
}
