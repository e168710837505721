public import Logging
import Synchronization

/// Logs a provider's health once per change of state, never once per failure or request.
public final class ProviderState: Sendable {
  private enum State: Equatable {
    case starting, healthy, failing
  }

  private let state = Mutex(State.starting)
  private let logger: Logger
  private let source: String

  /// States of the provider reading from `source`.
  public init(source: String, logger: Logger) {
    self.source = source
    self.logger = logger
  }

  /// A refresh succeeded with `keyCount` keys.
  public func succeeded(keyCount: Int) {
    let previous = state.withLock { state in
      defer { state = .healthy }
      return state
    }
    if previous != .healthy {
      logger.info(
        "Verification keys loaded", metadata: ["source": "\(source)", "keys": "\(keyCount)"])
    }
  }

  /// A refresh failed; `keepsKeys` tells whether older keys are still in use.
  public func failed(_ reason: String, keepsKeys: Bool) {
    let previous = state.withLock { state in
      defer { state = .failing }
      return state
    }
    guard previous != .failing else { return }
    logger.warning(
      keepsKeys
        ? "Key refresh failed; keeping the last keys" : "No verification keys yet; retrying",
      metadata: ["source": "\(source)", "reason": "\(reason)"])
  }
}
