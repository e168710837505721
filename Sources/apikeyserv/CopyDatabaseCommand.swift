import APIKeyCommandSupport
import APIKeyOperations
import APIKeyServer
import APIKeyService
import APIKeyUnixServer
import ArgumentParser
import Foundation
import Logging

/// `apikeyserv copy-database --from SOURCE --to TARGET`: moves a store between backends.
struct CopyDatabaseCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "copy-database",
    abstract: "Copy a stopped store into an empty one: SQLite to PostgreSQL, or back.",
    discussion: """
      Stop the daemons of the source first. SOURCE and TARGET are each a SQLite path or a \
      postgres:// URL. The target must be empty (a new SQLite file, or a new PostgreSQL \
      database); the copy is one transaction. Afterwards the copy is checked: the same counts, \
      kids and key-set revision, every signing key unseals with the master key, the audit chain \
      and the sealed state verify.
      """)

  @Option(
    help: ArgumentHelp(
      "The store to copy: a SQLite path or a postgres:// URL.", valueName: "source"))
  var from: String

  @Option(
    help: ArgumentHelp(
      "The empty store to fill: a SQLite path or a postgres:// URL.", valueName: "target"))
  var to: String

  @Option(help: "A file whose first line is the source's PostgreSQL password.")
  var fromPasswordFile: String?

  @Option(help: "A file whose first line is the target's PostgreSQL password.")
  var toPasswordFile: String?

  @Option(help: "The data directory of the source's daemon, whose master key is used.")
  var dataDir: String = "./var"

  @Option(help: "The master key file. Default: DATA_DIR/master.key")
  var masterKeyFile: String?

  @OptionGroup var logging: LoggingOptions

  @OptionGroup var configFile: ConfigFileOption

  func run() async throws {
    let logger = logging.bootstrap(label: "apikeyserv")
    let source = try store(from, passwordFile: fromPasswordFile)
    let target = try store(to, passwordFile: toPasswordFile)
    do {
      let summary = try await DatabaseCopy.run(
        from: source, to: target, masterKeyPath: masterKeyFile ?? "\(dataDir)/master.key",
        logger: logger)
      print(
        "Copied \(summary) from \(source.databaseDescription) to \(target.databaseDescription); the copy checks out"
      )
    } catch let error as DaemonError {
      FileHandle.standardError.write(Data("apikeyserv copy-database: \(error.description)\n".utf8))
      throw ExitCode.failure
    }
  }

  /// A configuration naming `database` (its other paths are not used).
  private func store(_ database: String, passwordFile: String?) throws -> DaemonConfiguration {
    var options = try StorageOptions.parse(["--data-dir", dataDir, "--database", database])
    options.databasePasswordFile = passwordFile
    return try options.configuration()
  }
}
