import APIKeyCommandSupport
import APIKeyServer
import ArgumentParser
import Logging

/// `apikeyserv serve` (the default): runs the daemon until SIGTERM/SIGINT.
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve", abstract: "Run the daemon (the default command).")

  @OptionGroup var storage: StorageOptions

  @Option(
    help: "Public socket path (PublicKeys + Health, mode 0666). Default: DATA_DIR/apikeyserv.sock")
  var socket: String?

  @Option(help: "Admin socket path (all services, mode 0600). Default: DATA_DIR/admin.sock")
  var adminSocket: String?

  @Option(help: "Let this group use the admin socket (mode 0660).")
  var adminGroup: String?

  @OptionGroup(title: "Self-service") var selfService: SelfServiceOptions

  @Flag(help: "Generate a signing key at startup when none can sign.")
  var generateSigningKeyIfNone = false

  @Option(help: "Public socket: open connections per user (the kernel's uid of the caller).")
  var maxConnectionsPerUser = 64

  @Option(help: "Public socket: concurrent calls and watch streams per user.")
  var maxStreamsPerUser = 256

  @Option(help: "Public socket: largest request message, in bytes.")
  var maxMessageSize = 64 * 1024

  @Option(help: "Public socket: seconds a connection may stay without a call before it is closed.")
  var idleTimeout: Double = 300

  @Option(
    help:
      "Longest call in seconds, on both sockets (clients may ask for less; watch streams have none)."
  )
  var callTimeout: Double = 30

  @OptionGroup var logging: LogLevelOption

  func validate() throws {
    guard maxConnectionsPerUser >= 1 else {
      throw ValidationError("--max-connections-per-user must be at least 1")
    }
    guard maxStreamsPerUser >= 1 else {
      throw ValidationError("--max-streams-per-user must be at least 1")
    }
    guard (4096 ... (4 << 20)).contains(maxMessageSize) else {
      throw ValidationError("--max-message-size must be between 4096 and 4194304 bytes")
    }
    guard idleTimeout >= 0.1 else { throw ValidationError("--idle-timeout must be at least 0.1") }
    guard callTimeout >= 0.1 else { throw ValidationError("--call-timeout must be at least 0.1") }
  }

  func run() async throws {
    let logger = logging.bootstrap(label: "apikeyserv")
    var configuration = try storage.configuration(socket: socket, adminSocket: adminSocket)
    configuration.adminGroup = adminGroup
    configuration.selfService = selfService.configuration(dataDirectory: storage.dataDir)
    configuration.generateSigningKeyIfNone = generateSigningKeyIfNone
    configuration.fileLimit = FileDescriptorLimit.raiseToHardLimit()
    configuration.maximumConnectionsPerUser = maxConnectionsPerUser
    configuration.maximumStreamsPerUser = maxStreamsPerUser
    configuration.maximumMessageSize = maxMessageSize
    configuration.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
    configuration.callTimeout = .milliseconds(Int64(callTimeout * 1000))
    do {
      try await Daemon.run(configuration, logger: logger)
    } catch let error as DaemonError {
      logger.critical("Cannot start", metadata: ["reason": "\(error.description)"])
      throw ExitCode(2)
    }
  }
}
