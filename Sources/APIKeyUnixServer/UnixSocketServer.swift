package import GRPCCore
import GRPCNIOTransportHTTP2
package import Glibc
package import Logging
import ServiceLifecycle

/// One gRPC server on one Unix socket, as a lifecycle service: binds, sets the socket's mode once
/// it listens, holds each caller to the socket's limits and tells services its pid/uid
/// (`PeerCredentials`), runs every call through `interceptors`, drains in-flight calls on graceful
/// shutdown, then removes the socket file.
package struct UnixSocketServer: Service {
  let name: String
  let path: String
  let mode: mode_t
  let group: gid_t?
  let services: [any RegistrableRPCService]
  let limits: SocketLimits
  /// Called when shutdown begins, before draining (ends the never-ending watch streams).
  let onShutdown: @Sendable () -> Void
  /// What every call passes through (the daemon's `CallBoundary`).
  let interceptors: [any ServerInterceptor]
  let logger: Logger

  /// A server named `name` (in logs) on `path`, given `mode` and `group` once it listens.
  package init(
    name: String, path: String, mode: mode_t, group: gid_t?, services: [any RegistrableRPCService],
    limits: SocketLimits, onShutdown: @escaping @Sendable () -> Void,
    interceptors: [any ServerInterceptor], logger: Logger
  ) {
    self.name = name
    self.path = path
    self.mode = mode
    self.group = group
    self.services = services
    self.limits = limits
    self.onShutdown = onShutdown
    self.interceptors = interceptors
    self.logger = logger
  }

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
      interceptors: interceptors)
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
