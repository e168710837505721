import APIKeyCommandSupport
import ArgumentParser

/// `apikeyserv`: the API key daemon.
@main
struct APIKeyServ: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "apikeyserv",
    abstract:
      "The apikeyserv daemon: issues API keys and publishes their public keys over gRPC on Unix sockets.",
    discussion: """
      Every option of serve, restore and copy-database can also be set as an environment \
      variable, APIKEYSERV_ and its name in capitals with underscores (APIKEYSERV_DATA_DIR), \
      or as a line "name = value" (data-dir = /var/lib/apikeyserv) in the file given by \
      --config or APIKEYSERV_CONFIG. The command line wins over the environment, the \
      environment over the file, the file over the defaults. apikeyserv --check-config shows \
      the result.
      """,
    subcommands: [ServeCommand.self, RestoreCommand.self, CopyDatabaseCommand.self],
    defaultSubcommand: ServeCommand.self)

  static func main() async {
    await main(
      prefix: "APIKEYSERV_",
      subcommands: [
        "serve": ServeCommand.self, "restore": RestoreCommand.self,
        "copy-database": CopyDatabaseCommand.self,
      ],
      defaultCommand: ServeCommand.self)
  }
}
