import ArgumentParser

/// `apikeyserv`: the API key daemon.
@main
struct APIKeyServ: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "apikeyserv",
    abstract:
      "The apikeyserv daemon: issues API keys and publishes their public keys over gRPC on Unix sockets.",
    subcommands: [ServeCommand.self, RestoreCommand.self, CopyDatabaseCommand.self],
    defaultSubcommand: ServeCommand.self)
}
