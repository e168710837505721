import APIKeyControl
import ArgumentParser

/// `apikeyctl`: the admin CLI; every command is one call to the daemon's admin socket.
@main
struct APIKeyCtl: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "apikeyctl",
    abstract: "Administer apikeyserv over its admin socket.",
    discussion: """
      Every command takes --socket PATH (default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock), \
      --daemon-user USER and --json, before or after its name. Errors go to stderr as \
      "apikeyctl: …" with a non-zero exit status.
      """,
    subcommands: [
      IssueCommand.self, KeysCommand.self, SigningKeyCommand.self, PublicKeysCommand.self,
      VerifyCommand.self, AuditCommand.self, ImportCommand.self, BackupCommand.self,
      VerifiersCommand.self, ConsoleCommand.self,
    ])

  static func main() async {
    await ControlCommand.main(
      self, arguments: VerifierWaitOption.expanding(Array(CommandLine.arguments.dropFirst())))
  }
}
