import APIKeyControl
import ArgumentParser

/// `apikeyctl`: the admin CLI; every command is one call to the daemon's admin socket.
@main
struct APIKeyCtl: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "apikeyctl",
    abstract: "Administer apikeyserv over its admin socket.",
    discussion: """
      Every command takes --socket PATH (default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock) \
      and --json. Errors go to stderr with a non-zero exit status.
      """,
    subcommands: [
      IssueCommand.self, KeysCommand.self, SigningKeyCommand.self, PublicKeysCommand.self,
      VerifyCommand.self, AuditCommand.self, ImportCommand.self, BackupCommand.self,
    ])

  /// Parses the command line with kids that start with `-` escaped (see `KidArgument`).
  static func main() async {
    await main(KidArgument.escaping(Array(CommandLine.arguments.dropFirst())))
  }
}
