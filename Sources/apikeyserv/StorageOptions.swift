import APIKeyCore
import APIKeyOperations
import APIKeyServer
import APIKeyService
import APIKeyStorePostgres
import ArgumentParser
import Foundation

/// Where the daemon keeps its state: shared by `serve`, `restore` and the checks.
struct StorageOptions: ParsableArguments {
  @Option(help: "Directory for the database, master key and sockets.")
  var dataDir: String = "./var"

  @Option(
    help: ArgumentHelp(
      "The database: a SQLite file path, or a postgres:// (postgresql://) URL for daemons on several hosts sharing one state. Default: DATA_DIR/apikeyserv.db",
      valueName: "path-or-url"))
  var database: String?

  @Option(
    help:
      "A file whose first line is the PostgreSQL password (e.g. a systemd credential); it overrides one in the URL."
  )
  var databasePasswordFile: String?

  @Option(help: "PostgreSQL: connections in the pool.")
  var databasePoolSize = 8

  @Option(
    help:
      "Master key file (32 bytes, 0600 or 0400). Default: $CREDENTIALS_DIRECTORY/master.key when systemd passes it (LoadCredential=master.key:…), else DATA_DIR/master.key"
  )
  var masterKeyFile: String?

  /// A daemon configuration with these paths (the sockets by default under the data directory).
  func configuration(
    socket: String? = nil, adminSocket: String? = nil
  ) throws
    -> DaemonConfiguration
  {
    let isURL = database.map(PostgresStoreConfiguration.isURL) ?? false
    var configuration = DaemonConfiguration(
      dataDirectory: dataDir, publicSocketPath: socket, adminSocketPath: adminSocket,
      databasePath: isURL ? nil : database, masterKeyPath: masterKeyFile ?? Self.credential())
    if let database, isURL {
      configuration.postgres = try Self.postgres(
        database, passwordFile: databasePasswordFile, poolSize: databasePoolSize)
    } else if databasePasswordFile != nil {
      throw ValidationError("--database-password-file needs a postgres:// --database")
    }
    return configuration
  }

  /// The master key systemd passes as a credential (`LoadCredential=master.key:PATH`), if any.
  static func credential(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String? {
    guard let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty else {
      return nil
    }
    let path = "\(directory)/master.key"
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }

  /// The PostgreSQL configuration of `url`, or a usage error naming what is wrong.
  static func postgres(
    _ url: String, passwordFile: String?, poolSize: Int = 8
  ) throws -> PostgresStoreConfiguration {
    do {
      return try PostgresStoreConfiguration(
        url: url, passwordFile: passwordFile, poolSize: poolSize)
    } catch let error as APIKeyError {
      throw ValidationError(error.message)
    }
  }
}
