import GRPCCore
import GRPCNIOTransportHTTP2
import Glibc
import Logging
import ServiceLifecycle

/// One gRPC server on one Unix socket, as a lifecycle service: binds, sets the socket's mode once
/// it listens, holds each caller to the socket's limits and tells services its pid/uid
/// (`PeerCredentials`), runs every call through `CallBoundary`, drains in-flight calls on graceful shutdown, then removes the socket file.
struct UnixSocketServer: Service {
  let name: String
  let path: String
  let mode: mode_t
  let group: gid_t?
  let services: [any RegistrableRPCService]
  let limits: SocketLimits
  /// Called when shutdown begins, before draining (ends the never-ending watch streams).
  let onShutdown: @Sendable () -> Void
  /// Where calls are counted and timed.
  var metrics: DaemonMetrics? = nil
  let logger: Logger

  func run() async throws {
    try SocketFile.checkFree(path)
    let server = GRPCServer(
      transport: .http2NIOPosix(
        address: .unixDomainSocket(path: path), transportSecurity: .plaintext,
        config: .defaults { config in
          config.channelDebuggingCallbacks = PeerCredentials.callbacks(
            limiter: PeerLimiter(limits: limits))
          config.rpc.maxRequestPayloadSize = limits.maximumMessageSize
          config.http2.maxConcurrentStreams = limits.maximumStreamsPerConnection
          config.connection.maxIdleTime = limits.idleTimeout
        }),
      services: services,
      interceptors: [CallBoundary(socket: name, metrics: metrics, logger: logger)])
    try await withGracefulShutdownHandler {
      try await withThrowingDiscardingTaskGroup { tasks in
        tasks.addTask { try await server.serve() }
        guard try await server.listeningAddress != nil else { return }
        try SocketFile.setPermissions(path, mode: mode, group: group)
        logger.info(
          "Listening",
          metadata: ["socket": "\(name)", "path": "\(path)", "mode": "\(String(mode, radix: 8))"])
      }
    } onGracefulShutdown: {
      onShutdown()
      server.beginGracefulShutdown()
    }
    SocketFile.remove(path)
    logger.info("Stopped", metadata: ["socket": "\(name)"])
  }
}
