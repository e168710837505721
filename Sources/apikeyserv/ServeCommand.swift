import APIKeyCommandSupport
import APIKeyServer
import ArgumentParser
import Logging

/// `apikeyserv serve` (the default): runs the daemon until SIGTERM/SIGINT.
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve", abstract: "Run the daemon (the default command).")

  @OptionGroup var storage: StorageOptions

  @Option(help: "Public socket path (PublicKeys + Health, mode 0666). Default: DATA_DIR/apikeyserv.sock")
  var socket: String?

  @Option(help: "Admin socket path (all services, mode 0600). Default: DATA_DIR/admin.sock")
  var adminSocket: String?

  @Option(help: "Let this group use the admin socket (mode 0660).")
  var adminGroup: String?

  @Flag(help: "Generate a signing key at startup when none can sign.")
  var generateSigningKeyIfNone = false

  @OptionGroup var logging: LogLevelOption

  func run() async throws {
    let logger = logging.bootstrap(label: "apikeyserv")
    let configuration = DaemonConfiguration(
      dataDirectory: storage.dataDir, publicSocketPath: socket, adminSocketPath: adminSocket,
      databasePath: storage.database, masterKeyPath: storage.masterKeyFile, adminGroup: adminGroup,
      generateSigningKeyIfNone: generateSigningKeyIfNone, logLevel: logging.level)
    do {
      try await Daemon.run(configuration, logger: logger)
    } catch let error as DaemonError {
      logger.critical("Cannot start", metadata: ["reason": "\(error.description)"])
      throw ExitCode(2)
    }
  }
}
