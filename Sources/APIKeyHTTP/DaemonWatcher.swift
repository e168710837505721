import APIKeyRPC
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
public import Logging
public import ServiceLifecycle
import Synchronization

/// Keeps `cache` current from the daemon's WatchPublicKeys stream: the full set on subscribe and
/// after every change, pushed. On any failure it keeps the last set, logs the state change once,
/// and reconnects with capped exponential backoff, so changes made while it was away arrive with
/// the first message of the next subscription.
public struct DaemonWatcher: Service {
  let socketPath: String
  let cache: KeySetCache
  let maximumBackoff: Duration
  let logger: Logger

  /// A watcher of the daemon at `socketPath`.
  public init(socketPath: String, cache: KeySetCache, maximumBackoff: Duration, logger: Logger) {
    self.socketPath = socketPath
    self.cache = cache
    self.maximumBackoff = maximumBackoff
    self.logger = logger
  }

  public func run() async throws {
    await cancelWhenGracefulShutdown {
      var backoff = Backoff(maximum: maximumBackoff)
      while !Task.isCancelled {
        let (reason, received) = await subscribeOnce()
        guard !Task.isCancelled else { return }
        if received { backoff.reset() }
        let previous = cache.setConnection(.disconnected(reason))
        if case .disconnected = previous {
          logger.debug("Still disconnected", metadata: ["reason": "\(reason)"])
        } else {
          logger.warning(
            "Disconnected from apikeyserv; serving the last key set",
            metadata: ["socket": "\(socketPath)", "reason": "\(reason)"])
        }
        try? await Task.sleep(for: backoff.next())
      }
    }
  }

  /// One subscription until it ends; returns why it ended and whether a set arrived.
  private func subscribeOnce() async -> (reason: String, received: Bool) {
    guard FileManager.default.fileExists(atPath: socketPath) else {
      return ("no socket at \(socketPath)", false)
    }
    let received = Mutex(false)
    do {
      try await withGRPCClient(
        transport: .http2NIOPosix(
          target: .unixDomainSocket(path: socketPath), transportSecurity: .plaintext)
      ) { client in
        var options = CallOptions.defaults
        options.waitForReady = false
        let keys = Apikeyserv_V1_PublicKeys.Client(wrapping: client)
        try await keys.watchPublicKeys(.init(), options: options) { response in
          for try await set in response.messages {
            received.withLock { $0 = true }
            receive(set)
          }
        }
      }
      return ("the daemon ended the watch stream", received.withLock { $0 })
    } catch let error as RPCError {
      return ("\(error.code): \(error.message)", received.withLock { $0 })
    } catch {
      return ("\(error)", received.withLock { $0 })
    }
  }

  private func receive(_ set: Apikeyserv_V1_PublicKeySet) {
    let previous = cache.connection
    let changed = cache.update(
      ServedKeySet(revision: set.revision, jwksJSON: set.jwksJson, receivedAt: Date()))
    if previous != .connected {
      logger.info("Connected to apikeyserv", metadata: ["socket": "\(socketPath)", "keyset.revision": "\(set.revision)"])
    }
    if changed {
      logger.info("New key set", metadata: ["keyset.revision": "\(set.revision)", "keyset.size": "\(set.keys.count)"])
    }
  }
}
