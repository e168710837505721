import APIKeyClientGRPC
import APIKeyCommandSupport
import APIKeyCore
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
      memory. Holds no secret and opens no database: run it as an unprivileged user. \
      Every option can also be set as an environment variable, APIKEY_HTTP_ and its name in \
      capitals with underscores (APIKEY_HTTP_PORT), or as a line "name = value" in the file \
      given by --config or APIKEY_HTTP_CONFIG; the command line wins over the environment, the \
      environment over the file.
      """)

  static func main() async {
    await main(prefix: "APIKEY_HTTP_", defaultCommand: Self.self)
  }

  @Option(
    help: "The daemon's public socket. Default: $APIKEYSERV_SOCKET, else ./var/apikeyserv.sock")
  var socket: String?

  @Option(help: "Address to listen on.")
  var host: String = "127.0.0.1"

  @Option(help: "Port to listen on.")
  var port: Int = 8000

  @Option(help: "Cache-Control max-age of the key set, in seconds.")
  var maxAge: Int = 60

  @Option(help: "Longest wait between reconnection attempts, in seconds.")
  var maxBackoff: Double = 5

  @Option(
    help:
      "The user the daemon runs as; a socket served by anyone else is refused. Default: root or the owner of the socket's directory."
  )
  var daemonUser: String?

  @Option(
    help:
      "Open HTTP connections at most (kept below the open-file limit); at the cap a new connection closes the one that has waited longest for a request."
  )
  var maxConnections: Int = 4096

  @Option(
    help:
      "Seconds a connection may take to send a request head, after opening or after its previous response."
  )
  var headerTimeout: Double = 10

  @Option(
    help:
      "Seconds a connection may take to send a whole request, body included, after opening or after its previous response."
  )
  var requestTimeout: Double = 30

  @Option(help: "Seconds a connection may stay without traffic.")
  var idleTimeout: Double = 60

  @Flag(
    help: ArgumentHelp(
      "Answer the key set documents through the router, not on the event loop (the answers are the same; for measuring what the event-loop path saves).",
      visibility: .hidden))
  var keySetsThroughRouter = false

  @Option(
    help:
      "The name the bridge reports the key-set revision it serves under (apikeyctl verifiers).")
  var verifierName = "apikey-http"

  @Option(
    help:
      "Seconds between the bridge's reports of the revision it serves (it reports at once when the revision changes)."
  )
  var revisionReportInterval: Double = 60

  @Flag(
    help:
      "Accept verifiers' usage reports at POST /usage/ and forward them to the daemon's public socket. Off by default: anyone who reaches the bridge could make a key look used."
  )
  var acceptUsageReports = false

  @Option(
    help: ArgumentHelp(
      "Usage reports per client address at POST /usage/.", valueName: "COUNT/UNIT"))
  var usageReportLimit = RateLimit(count: 60, window: 60)

  @OptionGroup(title: "Self-service") var selfService: SelfServiceOptions

  @OptionGroup var logging: LoggingOptions

  @OptionGroup var configFile: ConfigFileOption

  @Flag(
    help:
      "Print the effective configuration (where each setting came from) and exit without serving; a setting that does not parse exits non-zero naming it."
  )
  var checkConfig = false

  func validate() throws {
    guard (0 ... 65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
    guard maxAge >= 0 else { throw ValidationError("--max-age must not be negative") }
    do {
      try UsageReport.checkName(verifierName, field: "--verifier-name")
    } catch {
      throw ValidationError("\(error)")
    }
    guard maxBackoff >= 0.1 else { throw ValidationError("--max-backoff must be at least 0.1") }
    guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
    guard headerTimeout >= 0.1 else {
      throw ValidationError("--header-timeout must be at least 0.1")
    }
    guard idleTimeout >= 0.1 else { throw ValidationError("--idle-timeout must be at least 0.1") }
    guard requestTimeout >= headerTimeout else {
      throw ValidationError("--request-timeout must be at least --header-timeout")
    }
    if let daemonUser {
      do {
        _ = try DaemonIdentity(user: daemonUser)
      } catch {
        throw ValidationError("--daemon-user: \(error)")
      }
    }
  }

  func run() async throws {
    if checkConfig {
      let sources = SettingSources.current
      let settings = EffectiveSettings(
        options: CommandOptions(Self.self), arguments: sources?.arguments ?? [], sources: sources)
      print("# apikey-http configuration")
      print(
        "# precedence: command line, then APIKEY_HTTP_* variables, then the file (\(sources?.file ?? "none")), then the defaults"
      )
      print(settings.lines.joined(separator: "\n"))
      print("configuration ok")
      return
    }
    let logger = logging.bootstrap(label: "apikey-http")
    let socketPath =
      socket ?? ProcessInfo.processInfo.environment["APIKEYSERV_SOCKET"] ?? "./var/apikeyserv.sock"
    let fileLimit = FileDescriptorLimit.raiseToHardLimit()
    var configuration = BridgeConfiguration(
      socketPath: socketPath, host: host, port: port, maxAge: maxAge,
      maximumBackoff: .milliseconds(Int(maxBackoff * 1000)),
      daemonIdentity: try daemonUser.map { try DaemonIdentity(user: $0) } ?? DaemonIdentity(),
      maximumConnections: maxConnections, headerTimeout: headerTimeout, idleTimeout: idleTimeout)
    configuration.requestTimeout = requestTimeout
    configuration.selfService = try selfService.configuration(socketPath: socketPath)
    configuration.answersKeySetsOnEventLoop = !keySetsThroughRouter
    configuration.verifierName = verifierName
    configuration.revisionReportInterval = .milliseconds(
      Int64(max(revisionReportInterval, 0.1) * 1000))
    configuration.acceptsUsageReports = acceptUsageReports
    configuration.usageReportLimit = usageReportLimit
    try await Bridge.run(configuration, fileLimit: fileLimit, logger: logger)
  }
}
