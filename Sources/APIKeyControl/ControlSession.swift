import APIKeyClientGRPC
public import APIKeyRPC
import Foundation
public import GRPCCore
public import GRPCNIOTransportHTTP2

/// One apikeyctl invocation's connection to the daemon's admin socket, with the call metadata
/// and options every call uses. Turns failures into a message on stderr and a non-zero exit.
public struct ControlSession: Sendable {
  /// The Admin service.
  public let admin: Apikeyserv_V1_Admin.Client<HTTP2ClientTransport.Posix>
  /// The PublicKeys service (also served on the admin socket).
  public let publicKeys: Apikeyserv_V1_PublicKeys.Client<HTTP2ClientTransport.Posix>
  /// Sent with every call: the OS user running apikeyctl, for the daemon's audit trail.
  public let metadata: Metadata
  /// Deadline for each call.
  public let options: CallOptions

  /// Connects to `options.socketPath`, runs `body`, and exits non-zero with the daemon's message
  /// on stderr when anything fails.
  public static func run(
    _ options: ControlOptions, _ body: @Sendable (ControlSession) async throws -> Void
  ) async throws {
    let path = options.socketPath
    do {
      guard FileManager.default.fileExists(atPath: path) else {
        throw ControlFailure(
          "no daemon socket at \(path): is apikeyserv running? (--socket or $\(ControlOptions.socketEnvironment))")
      }
      let identity: DaemonIdentity
      do {
        identity = try options.daemonUser.map { try DaemonIdentity(user: $0) } ?? DaemonIdentity()
        try identity.check(socketPath: path)
      } catch {
        throw ControlFailure("\(error)")
      }
      try await withGRPCClient(
        transport: .http2NIOPosix(
          target: .unixDomainSocket(path: path), transportSecurity: .plaintext,
          config: .defaults { $0.channelDebuggingCallbacks = identity.callbacks(socketPath: path) })
      ) { client in
        var callOptions = CallOptions.defaults
        callOptions.timeout = .seconds(30)
        let session = ControlSession(
          admin: .init(wrapping: client), publicKeys: .init(wrapping: client),
          metadata: ["x-apikeyctl-user": .string(ProcessInfo.processInfo.userName)],
          options: callOptions)
        try await body(session)
      }
    } catch let error as RPCError {
      throw ControlFailure(Self.describe(error, path: path)).report()
    } catch let failure as ControlFailure {
      throw failure.report()
    }
  }

  private static func describe(_ error: RPCError, path: String) -> String {
    switch error.code {
    case .unavailable:
      return "cannot reach apikeyserv at \(path): \(error.message)"
    case .permissionDenied:
      return "permission denied on \(path): \(error.message)"
    default:
      return error.message.isEmpty ? "\(error.code)" : error.message
    }
  }
}
