public import APIKeyClientGRPC
import APIKeyRPC
import Foundation
public import Logging
public import ServiceLifecycle

/// Keeps `cache` current from the daemon's WatchPublicKeys (pushed changes, reconnect with
/// backoff), logging each state change once; the last set stays served while disconnected.
public struct DaemonWatcher: Service {
  let subscription: KeySetSubscription
  let cache: KeySetCache
  let logger: Logger

  /// A watcher of the daemon at `socketPath`, served by a process `daemonIdentity` allows.
  public init(
    socketPath: String, cache: KeySetCache, maximumBackoff: Duration,
    daemonIdentity: DaemonIdentity = DaemonIdentity(), logger: Logger
  ) {
    self.subscription = KeySetSubscription(
      socketPath: socketPath, maximumBackoff: maximumBackoff, daemonIdentity: daemonIdentity)
    self.cache = cache
    self.logger = logger
  }

  public func run() async throws {
    await cancelWhenGracefulShutdown {
      await subscription.run(onSet: receive, onDisconnect: disconnected)
    }
  }

  private func disconnected(_ reason: String) {
    let previous = cache.setConnection(.disconnected(reason))
    if case .disconnected = previous {
      logger.debug("Still disconnected", metadata: ["reason": "\(reason)"])
    } else {
      logger.warning(
        "Disconnected from apikeyserv; serving the last key set",
        metadata: ["socket": "\(subscription.socketPath)", "reason": "\(reason)"])
    }
  }

  private func receive(_ set: Apikeyserv_V1_PublicKeySet) {
    let previous = cache.connection
    let changed = cache.update(
      ServedKeySet(
        revision: set.revision, jwksJSON: set.jwksJson, revokedJSON: set.revokedJson,
        receivedAt: Date()))
    if previous != .connected {
      logger.info(
        "Connected to apikeyserv",
        metadata: ["socket": "\(subscription.socketPath)", "keyset.revision": "\(set.revision)"])
    }
    if changed {
      logger.info(
        "New key set",
        metadata: [
          "keyset.revision": "\(set.revision)", "keyset.size": "\(set.keys.count)",
          "keyset.revoked": "\(set.revoked.count)",
        ])
    }
  }
}
