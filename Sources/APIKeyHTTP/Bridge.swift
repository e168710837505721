import APIKeyClientGRPC
import Foundation
import Hummingbird
import HummingbirdCore
public import Logging
import ServiceLifecycle
import UnixSignals

/// The assembled bridge: the watcher and the HTTP server in one ServiceGroup.
public enum Bridge {
  /// The `Server` header of every answer.
  static let serverName = "apikey-http"

  /// Runs until SIGTERM or SIGINT, then stops accepting, finishes requests and exits.
  /// `fileLimit` is the process's limit on open files (raise it first): the connection cap
  /// stays 64 descriptors below it, for the daemon's socket, logs and accepting.
  public static func run(
    _ configuration: BridgeConfiguration, fileLimit: Int, logger: Logger
  )
    async throws
  {
    let cache = KeySetCache()
    let connections = ConnectionGuard(
      limits: .init(
        maximumConnections: max(1, min(configuration.maximumConnections, fileLimit - 64)),
        headerTimeout: .milliseconds(Int64(configuration.headerTimeout * 1000)),
        requestTimeout: .milliseconds(Int64(configuration.requestTimeout * 1000))))
    let metrics = BridgeMetrics(connections: connections)
    let registration = try configuration.selfService.map {
      try DaemonClient(
        socketPath: $0.registerSocketPath, daemonIdentity: configuration.daemonIdentity)
    }
    let usage =
      configuration.acceptsUsageReports
      ? try DaemonClient(
        socketPath: configuration.socketPath, daemonIdentity: configuration.daemonIdentity) : nil
    let router = BridgeRouter.build(
      cache: cache, metrics: metrics, configuration: configuration, registration: registration,
      usage: usage)
    // The bridge is a verifier too: it reports the revision it serves, at once when it changes.
    let revisionReporter = UsageReporter(
      .socket(
        configuration.socketPath, every: configuration.revisionReportInterval,
        verifier: configuration.verifierName),
      recorder: nil, revision: { cache.current?.revision ?? 0 },
      daemonIdentity: configuration.daemonIdentity, logger: logger)
    let watcher = DaemonWatcher(
      socketPath: configuration.socketPath, cache: cache,
      maximumBackoff: configuration.maximumBackoff, daemonIdentity: configuration.daemonIdentity,
      logger: logger)
    logger.info(
      "Connection limits",
      metadata: [
        "connections.max": "\(connections.limits.maximumConnections)", "files.max": "\(fileLimit)",
        "timeout.header": "\(configuration.headerTimeout)",
        "timeout.request": "\(configuration.requestTimeout)",
        "timeout.idle": "\(configuration.idleTimeout)",
      ])
    let http1 = HTTP1Channel.Configuration(
      additionalChannelHandlers: [connections.handler()],
      idleTimeout: .milliseconds(Int64(configuration.idleTimeout * 1000)))
    let keySets = KeySetEndpoint(cache: cache, configuration: configuration)
    let fastPathLogger = logger
    let application = Application(
      router: router,
      server: configuration.answersKeySetsOnEventLoop
        ? .http1(
          configuration: http1,
          fastPath: {
            KeySetFastPath(
              endpoint: keySets, metrics: metrics, serverName: serverName, logger: fastPathLogger)
          }) : .http1(configuration: http1),
      configuration: .init(
        address: .hostname(configuration.host, port: configuration.port), serverName: serverName),
      services: [watcher, revisionReporter] + [registration, usage].compactMap { $0 },
      logger: logger)
    try await application.runService(gracefulShutdownSignals: [.sigterm, .sigint])
  }
}
