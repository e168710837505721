public import ArgumentParser
import Foundation

/// Flags every apikeyctl command takes, after the subcommand or before it
/// (`apikeyctl --socket PATH issue …`, see `hoisted`).
public struct ControlOptions: ParsableArguments, Sendable {
  /// Environment variable naming the admin socket.
  public static let socketEnvironment = "APIKEYSERV_ADMIN_SOCKET"

  @Option(
    help: "Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock")
  public var socket: String?

  @Flag(help: "Print JSON (the protobuf JSON mapping, snake_case field names) instead of text.")
  public var json = false

  @Option(
    help: ArgumentHelp(
      "The user the daemon runs as; a socket served by anyone else is refused.",
      discussion: "Default: root or the owner of the socket's directory."))
  public var daemonUser: String?

  public init() {}

  /// The socket to call.
  public var socketPath: String {
    socket ?? ProcessInfo.processInfo.environment[Self.socketEnvironment] ?? "./var/admin.sock"
  }

  /// Options taking a value, and flags, as typed (`--socket PATH` or `--socket=PATH`).
  private static let valued: Set<String> = ["--socket", "--daemon-user"]
  private static let flags: Set<String> = ["--json"]

  /// `arguments` with the global options that come before or between subcommand names moved
  /// behind the last of them, where the subcommand's `ControlOptions` read them:
  /// `--json keys list` becomes `keys list --json`.
  public static func hoisted(_ arguments: [String], in root: any ParsableCommand.Type) -> [String] {
    var path: [String] = []
    var globals: [String] = []
    var command = root
    var index = arguments.startIndex
    while index < arguments.endIndex {
      let argument = arguments[index]
      let name = String(argument.prefix { $0 != "=" })
      if flags.contains(argument) || (valued.contains(name) && argument.contains("=")) {
        globals.append(argument)
        index += 1
      } else if valued.contains(argument), index + 1 < arguments.endIndex {
        globals += arguments[index ... (index + 1)]
        index += 2
      } else if let next = command.configuration.subcommands.first(where: {
        $0._commandName == argument
      }) {
        path.append(argument)
        command = next
        index += 1
      } else {
        break
      }
    }
    return path + globals + arguments[index...]
  }
}
