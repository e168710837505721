import APIKeyCommandSupport
import APIKeyHTTP
import ArgumentParser
import Foundation
import Logging

/// `apikey-http`: serves the daemon's public keys (a JWKS) over HTTP.
@main
struct APIKeyHTTPCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "apikey-http",
    abstract: "Serve apikeyserv's public keys over HTTP (/signingkeys/, /.well-known/jwks.json).",
    discussion: """
      Subscribes to WatchPublicKeys on the daemon's public socket and serves the key set from \
      memory. Holds no secret and opens no database: run it as an unprivileged user.
      """)

  @Option(help: "The daemon's public socket. Default: $APIKEYSERV_SOCKET, else ./var/apikeyserv.sock")
  var socket: String?

  @Option(help: "Address to listen on.")
  var host: String = "127.0.0.1"

  @Option(help: "Port to listen on.")
  var port: Int = 8000

  @Option(help: "Cache-Control max-age of the key set, in seconds.")
  var maxAge: Int = 60

  @Option(help: "Longest wait between reconnection attempts, in seconds.")
  var maxBackoff: Double = 5

  @OptionGroup var logging: LogLevelOption

  func validate() throws {
    guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
    guard maxAge >= 0 else { throw ValidationError("--max-age must not be negative") }
    guard maxBackoff >= 0.1 else { throw ValidationError("--max-backoff must be at least 0.1") }
  }

  func run() async throws {
    let logger = logging.bootstrap(label: "apikey-http")
    let socketPath =
      socket ?? ProcessInfo.processInfo.environment["APIKEYSERV_SOCKET"] ?? "./var/apikeyserv.sock"
    try await Bridge.run(
      BridgeConfiguration(
        socketPath: socketPath, host: host, port: port, maxAge: maxAge,
        maximumBackoff: .milliseconds(Int(maxBackoff * 1000))),
      logger: logger)
  }
}
