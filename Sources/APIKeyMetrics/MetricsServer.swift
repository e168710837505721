import Glibc
import Hummingbird
public import Logging
public import ServiceLifecycle

/// Serves `GET /metrics` (the Prometheus text format) on its own address, apart from anything
/// else the process serves, so scraping needs no access to the sockets or the public port.
public struct MetricsServer: Service {
  let address: MetricsAddress
  let render: @Sendable () -> [UInt8]
  let logger: Logger
  let listening: @Sendable () throws -> Void

  /// A server at `address` answering with what `render` returns at each scrape; `listening` runs
  /// once it listens (to set a Unix socket's mode and group), and stops it when it throws.
  public init(
    address: MetricsAddress, logger: Logger, listening: @escaping @Sendable () throws -> Void = {},
    render: @escaping @Sendable () -> [UInt8]
  ) {
    self.address = address
    self.render = render
    self.logger = logger
    self.listening = listening
  }

  public func run() async throws {
    let router = Router()
    let render = render
    router.get("metrics") { _, _ in
      Response(
        status: .ok,
        headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: render())))
    }
    let bind: BindAddress =
      switch address {
      case .tcp(let host, let port): .hostname(host, port: port)
      case .unix(let path): .unixDomainSocket(path: path)
      }
    let application = Application(
      router: router, configuration: ApplicationConfiguration(address: bind, serverName: nil),
      onServerRunning: { [logger, address, listening] channel in
        do {
          try listening()
          logger.info("Metrics on http://\(address)/metrics")
        } catch {
          logger.error(
            "Metrics socket not served", metadata: ["address": "\(address)", "reason": "\(error)"])
          try? await channel.close()
        }
      },
      logger: logger)
    if case .unix(let path) = address, FileStatus.isSocket(path) {
      unlink(path)  // left by a process that was killed; the daemon holds the socket's lock
    }
    do {
      try await application.run()
    } catch {
      throw MetricsServerError(description: "cannot serve metrics on \(address): \(error)")
    }
  }
}

/// The metrics server could not listen (the port is taken, the socket's directory is missing).
public struct MetricsServerError: Error, CustomStringConvertible {
  public let description: String
}
