import APIKeyClientGRPC
public import APIKeyRPC
import Foundation
import GRPCCore
public import GRPCNIOTransportHTTP2
import Glibc

/// One apikeyctl invocation's connection to the daemon's admin socket. Every call carries the
/// caller's user (`ReportedUser`) and a 30-second deadline; a failure becomes a `ControlFailure`
/// with the daemon's message.
public struct ControlSession: Sendable {
  /// The Admin service: every change, and the owner records (admin socket only).
  public let admin: Apikeyserv_V1_Admin.Client<HTTP2ClientTransport.Posix>
  /// The PublicKeys service (also served on the admin socket).
  public let publicKeys: Apikeyserv_V1_PublicKeys.Client<HTTP2ClientTransport.Posix>

  /// The deadline of each call, except the streams below.
  public static let callTimeout = Duration.seconds(30)
  /// The deadline of the calls that move many records (an import of the original's database, a
  /// backup, re-signing every key of a retiring signing key): the daemon's own cap on streams.
  /// At 30 s an import of 200,000 keys (about 30 s) failed.
  public static let streamTimeout = Duration.seconds(3600)

  /// Connects to `options.socketPath` (after checking who serves it), runs `body`, and turns
  /// gRPC failures into `ControlFailure`s; returns what `body` returns.
  @discardableResult
  public static func run<Result: Sendable>(
    _ options: ControlOptions, _ body: @Sendable (ControlSession) async throws -> Result
  ) async throws -> Result {
    let path = options.socketPath
    if access(path, F_OK) != 0 && errno == EACCES {
      throw ControlFailure(
        "permission denied on \(path): user \(ProcessInfo.processInfo.userName) cannot reach the admin socket (only the daemon's admins can)"
      )
    }
    guard FileManager.default.fileExists(atPath: path) else {
      throw ControlFailure(
        "no daemon socket at \(path): is apikeyserv running? (--socket or $\(ControlOptions.socketEnvironment))"
      )
    }
    let identity: DaemonIdentity
    do {
      identity = try options.daemonUser.map { try DaemonIdentity(user: $0) } ?? DaemonIdentity()
      try identity.check(socketPath: path)
    } catch {
      throw ControlFailure("\(error)")
    }
    do {
      return try await withGRPCClient(
        transport: .http2NIOPosix(
          target: .unixDomainSocket(path: path), transportSecurity: .plaintext,
          config: .defaults { $0.channelDebuggingCallbacks = identity.callbacks(socketPath: path) },
          serviceConfig: ServiceConfig(methodConfig: [
            MethodConfig(names: [MethodConfig.Name(service: "")], timeout: callTimeout),
            MethodConfig(
              names: ["ImportRecords", "Backup", "ResignKeys"].map {
                MethodConfig.Name(service: "apikeyserv.v1.Admin", method: $0)
              }, timeout: streamTimeout),
          ])),
        interceptors: [ReportedUser()]
      ) { client in
        return try await body(
          ControlSession(admin: .init(wrapping: client), publicKeys: .init(wrapping: client)))
      }
    } catch let error as RPCError {
      throw ControlFailure(Self.describe(error, path: path))
    }
  }

  private static func describe(_ error: RPCError, path: String) -> String {
    switch error.code {
    case .unavailable where error.message.hasPrefix("the database"):
      // The daemon answered: it is its database that does not.
      return "apikeyserv at \(path) cannot write now: \(error.message)"
    case .unavailable:
      return "cannot reach apikeyserv at \(path): \(error.message)"
    case .permissionDenied:
      return "permission denied on \(path): \(error.message)"
    default:
      return error.message.isEmpty ? "\(error.code)" : error.message
    }
  }
}
