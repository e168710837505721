import APIKeyCommandSupport
import APIKeyOperations
import APIKeyServer
import APIKeyService
import APIKeyUnixServer
import ArgumentParser
import Foundation
import Logging

/// `apikeyserv restore FILE`: installs a backup while the daemon is stopped.
struct RestoreCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "restore",
    abstract: "Install a backup made by `apikeyctl backup` (stop the daemon first).",
    discussion: """
      Checks the file (SQLite integrity, its manifest, the schema version), refuses it when the \
      master key cannot unseal its signing keys or its audit trail does not verify, then \
      installs it atomically. An existing database is kept as <database>.replaced-<time>. \
      Into PostgreSQL (--database postgres://…) the rows are copied in one transaction into an \
      empty database; one that holds keys is refused. \
      The data directory is created if missing; the master key of the backed-up daemon must be \
      there (or at --master-key-file).
      """)

  @Argument(help: "The backup file.")
  var file: String

  @OptionGroup var storage: StorageOptions

  @OptionGroup var logging: LoggingOptions

  @OptionGroup var configFile: ConfigFileOption

  func run() async throws {
    let logger = logging.bootstrap(label: "apikeyserv")
    let configuration = try storage.configuration()
    do {
      let report = try await Restore.run(file: file, configuration: configuration, logger: logger)
      print(
        "Restored \(report.apiKeys) API keys, \(report.signingKeys) signing keys, \(report.auditEntries) audit entries (schema \(report.schemaVersion), backed up \(report.backedUpAt.ISO8601Format())) into \(configuration.databaseDescription)"
      )
      if let replaced = report.replaced { print("The previous database is kept as \(replaced)") }
    } catch let error as DaemonError {
      FileHandle.standardError.write(Data("apikeyserv restore: \(error.description)\n".utf8))
      throw ExitCode.failure
    }
  }
}
