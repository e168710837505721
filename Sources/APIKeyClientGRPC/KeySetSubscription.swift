public import APIKeyRPC
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization

/// A resilient subscription to the daemon's WatchPublicKeys on its public socket: every set as it
/// is pushed (the full set on subscribe, then after each change); when the stream ends or fails,
/// reconnects with capped exponential backoff, so changes made meanwhile arrive with the first
/// message of the next subscription.
public struct KeySetSubscription: Sendable {
  /// The daemon's public socket.
  public let socketPath: String
  /// Longest wait between attempts.
  public let maximumBackoff: Duration
  /// Who may be behind the socket (checked on every connection).
  public let daemonIdentity: DaemonIdentity

  /// A subscription to the daemon at `socketPath`, refusing a socket served by anyone but
  /// `daemonIdentity` allows (default: root or the owner of the socket's directory).
  public init(
    socketPath: String, maximumBackoff: Duration = .seconds(5),
    daemonIdentity: DaemonIdentity = DaemonIdentity()
  ) {
    self.socketPath = socketPath
    self.maximumBackoff = maximumBackoff
    self.daemonIdentity = daemonIdentity
  }

  /// Runs until the task is cancelled: `onSet` for each set received, `onDisconnect` with the
  /// reason each time a subscription ends or cannot be made.
  public func run(
    onSet: @escaping @Sendable (Apikeyserv_V1_PublicKeySet) -> Void,
    onDisconnect: @Sendable (String) -> Void
  ) async {
    var backoff = Backoff(maximum: maximumBackoff)
    while !Task.isCancelled {
      let (reason, received) = await subscribeOnce(onSet)
      guard !Task.isCancelled else { return }
      if received { backoff.reset() }
      onDisconnect(reason)
      try? await Task.sleep(for: backoff.next())
    }
  }

  /// One subscription until it ends; why it ended and whether a set arrived.
  private func subscribeOnce(
    _ onSet: @escaping @Sendable (Apikeyserv_V1_PublicKeySet) -> Void
  ) async -> (reason: String, received: Bool) {
    guard FileManager.default.fileExists(atPath: socketPath) else {
      return ("no socket at \(socketPath)", false)
    }
    do {
      try daemonIdentity.check(socketPath: socketPath)
    } catch {
      return (error.description, false)
    }
    let received = Mutex(false)
    do {
      try await withGRPCClient(
        transport: .http2NIOPosix(
          target: .unixDomainSocket(path: socketPath), transportSecurity: .plaintext,
          config: .defaults {
            $0.channelDebuggingCallbacks = daemonIdentity.callbacks(socketPath: socketPath)
          })
      ) { client in
        var options = CallOptions.defaults
        options.waitForReady = false
        let keys = Apikeyserv_V1_PublicKeys.Client(wrapping: client)
        try await keys.watchPublicKeys(.init(), options: options) { response in
          for try await set in response.messages {
            received.withLock { $0 = true }
            onSet(set)
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
}
