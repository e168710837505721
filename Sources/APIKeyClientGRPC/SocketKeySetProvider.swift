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
  /// Reports what `keySet` verifies, and the revision it holds, to the daemon; nil: no reports.
  public let usageReporter: UsageReporter?
  let logger: Logger

  /// A provider reading the daemon's public socket at `socketPath`, served by a process that
  /// `daemonIdentity` allows (default: root or the owner of the socket's directory), keeping
  /// `keySet` current. With `usageReporting` (`.socket(path, every: .seconds(60), verifier:
  /// "billing-api")`), `run()` also reports usage counts and the revision held
  /// (`UsageReporter`); verification never waits for it.
  public init(
    socketPath: String, maximumBackoff: Duration = .seconds(5),
    daemonIdentity: DaemonIdentity = DaemonIdentity(), keySet: KeySet = KeySet(),
    usageReporting: UsageReporting? = nil, logger: Logger = Logger(label: "apikeyclient")
  ) {
    self.keySet = keySet
    usageReporter = usageReporting.map {
      UsageReporter($0, keySet: keySet, daemonIdentity: daemonIdentity, logger: logger)
    }
    self.subscription = KeySetSubscription(
      socketPath: socketPath, maximumBackoff: maximumBackoff, daemonIdentity: daemonIdentity)
    self.logger = logger
  }

  public func run(updating keySet: KeySet) async {
    guard let usageReporter else { return await follow(keySet) }
    await withDiscardingTaskGroup { group in
      group.addTask { await usageReporter.run() }
      group.addTask { await follow(keySet) }
    }
  }

  /// Keeps `keySet` current until the task is cancelled.
  private func follow(_ keySet: KeySet) async {
    let state = ProviderState(source: "unix:\(subscription.socketPath)", logger: logger)
    await subscription.run(
      onSet: { set in
        do {
          keySet.replace(
            try KeySnapshot(jwksJSON: set.jwksJson).revoking(
              Set(set.revoked.compactMap { Int64(exactly: $0.id) })
            ).at(revision: set.revision))
          state.succeeded(keyCount: set.keys.count)
        } catch {
          state.failed("\(error)", keepsKeys: keySet.keys.count > 0)
        }
      },
      onDisconnect: { reason in state.failed(reason, keepsKeys: keySet.keys.count > 0) })
  }
}
