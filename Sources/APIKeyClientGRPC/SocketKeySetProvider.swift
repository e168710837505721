public import APIKeyClient
import APIKeyRPC
import Foundation
public import Logging

/// Keeps a `KeySet` current from the daemon's public socket (WatchPublicKeys): changes arrive
/// pushed (keys and revocations), within milliseconds. While the daemon is away the last keys
/// stay in use.
public struct SocketKeySetProvider: KeySetProvider {
  public let subscription: KeySetSubscription
  /// The set `run()` keeps current.
  public let keySet: KeySet
  let logger: Logger

  /// A provider reading the daemon's public socket at `socketPath`, served by a process that
  /// `daemonIdentity` allows (default: root or the owner of the socket's directory), keeping
  /// `keySet` current.
  public init(
    socketPath: String, maximumBackoff: Duration = .seconds(5),
    daemonIdentity: DaemonIdentity = DaemonIdentity(), keySet: KeySet = KeySet(),
    logger: Logger = Logger(label: "apikeyclient")
  ) {
    self.keySet = keySet
    self.subscription = KeySetSubscription(
      socketPath: socketPath, maximumBackoff: maximumBackoff, daemonIdentity: daemonIdentity)
    self.logger = logger
  }

  public func run(updating keySet: KeySet) async {
    let state = ProviderState(source: "unix:\(subscription.socketPath)", logger: logger)
    await subscription.run(
      onSet: { set in
        do {
          keySet.replace(
            try KeySnapshot(jwksJSON: set.jwksJson).revoking(
              Set(set.revoked.compactMap { Int64(exactly: $0.id) })))
          state.succeeded(keyCount: set.keys.count)
        } catch {
          state.failed("\(error)", keepsKeys: keySet.keys.count > 0)
        }
      },
      onDisconnect: { reason in state.failed(reason, keepsKeys: keySet.keys.count > 0) })
  }
}
