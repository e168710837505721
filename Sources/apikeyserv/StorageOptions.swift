import APIKeyServer
import ArgumentParser

/// Where the daemon keeps its files: shared by `serve` and `restore`.
struct StorageOptions: ParsableArguments {
  @Option(help: "Directory for the database, master key and sockets.")
  var dataDir: String = "./var"

  @Option(help: "SQLite database path. Default: DATA_DIR/apikeyserv.db")
  var database: String?

  @Option(help: "Master key file (32 bytes, 0600). Default: DATA_DIR/master.key")
  var masterKeyFile: String?

  /// A daemon configuration with these paths (the sockets by default under the data directory).
  func configuration(socket: String? = nil, adminSocket: String? = nil) -> DaemonConfiguration {
    DaemonConfiguration(
      dataDirectory: dataDir, publicSocketPath: socket, adminSocketPath: adminSocket,
      databasePath: database, masterKeyPath: masterKeyFile)
  }
}
