public import ArgumentParser
import Foundation

/// Flags every apikeyctl command takes.
public struct ControlOptions: ParsableArguments, Sendable {
  /// Environment variable naming the admin socket.
  public static let socketEnvironment = "APIKEYSERV_ADMIN_SOCKET"

  @Option(help: "Admin socket of the daemon. Default: $APIKEYSERV_ADMIN_SOCKET, else ./var/admin.sock")
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
}
