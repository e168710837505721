public import Logging
import Hummingbird
import ServiceLifecycle
import UnixSignals

/// The assembled bridge: the watcher and the HTTP server in one ServiceGroup.
public enum Bridge {
  /// Runs until SIGTERM or SIGINT, then stops accepting, finishes requests and exits.
  public static func run(_ configuration: BridgeConfiguration, logger: Logger) async throws {
    let cache = KeySetCache()
    let metrics = BridgeMetrics()
    let router = BridgeRouter.build(cache: cache, metrics: metrics, configuration: configuration)
    let watcher = DaemonWatcher(
      socketPath: configuration.socketPath, cache: cache,
      maximumBackoff: configuration.maximumBackoff, logger: logger)
    let application = Application(
      router: router,
      configuration: .init(
        address: .hostname(configuration.host, port: configuration.port), serverName: "apikey-http"),
      services: [watcher],
      logger: logger)
    try await application.runService(gracefulShutdownSignals: [.sigterm, .sigint])
  }
}
