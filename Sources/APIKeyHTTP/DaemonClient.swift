public import APIKeyClientGRPC
import APIKeyRPC
import GRPCCore
import GRPCNIOTransportHTTP2
public import ServiceLifecycle
import SwiftProtobuf

/// The bridge's connection to one of the daemon's sockets: the registration socket (self-service
/// requests), or the public one (usage reports it forwards). Each connection is checked, like
/// the watch's, to be served by the daemon's user; calls fail fast (UNAVAILABLE) while the
/// daemon is away.
public final class DaemonClient: Service, Sendable {
  let socketPath: String
  private let client: GRPCClient<HTTP2ClientTransport.Posix>

  /// A client of the registration socket at `socketPath`, served by a process `daemonIdentity`
  /// allows; it connects once `run` runs.
  public init(socketPath: String, daemonIdentity: DaemonIdentity) throws {
    self.socketPath = socketPath
    self.client = GRPCClient(
      transport: try .http2NIOPosix(
        target: .unixDomainSocket(path: socketPath), transportSecurity: .plaintext,
        config: .defaults {
          $0.channelDebuggingCallbacks = daemonIdentity.callbacks(socketPath: socketPath)
        }))
  }

  public func run() async throws {
    try await withGracefulShutdownHandler {
      try await client.runConnections()
    } onGracefulShutdown: {
      self.client.beginGracefulShutdown()
    }
  }

  /// How the daemon delivers keys and whether it can issue one now; fails fast (2 s) when it
  /// does not answer.
  func info() async throws -> Apikeyserv_V1_GetRegistrationInfoResponse {
    return try await Apikeyserv_V1_Registration.Client(wrapping: client).getRegistrationInfo(
      .init(), options: Self.failingFast(within: .seconds(2)))
  }

  /// Asks the daemon for a key; throws the daemon's RPCError as it is.
  func requestKey(
    _ request: Apikeyserv_V1_RequestKeyRequest
  ) async throws -> Apikeyserv_V1_RequestKeyResponse {
    return try await Apikeyserv_V1_Registration.Client(wrapping: client).requestKey(
      request, options: Self.failingFast(within: .seconds(45)))
  }

  /// What renewing by the link `value` would do; throws the daemon's RPCError as it is.
  func renewal(_ value: String) async throws -> Apikeyserv_V1_RenewalInfo {
    return try await Apikeyserv_V1_Registration.Client(wrapping: client).getRenewal(
      .with { $0.link = value }, options: Self.failingFast(within: .seconds(10)))
  }

  /// Renews by the link `value`; throws the daemon's RPCError as it is.
  func renew(_ value: String) async throws -> Apikeyserv_V1_RenewByLinkResponse {
    return try await Apikeyserv_V1_Registration.Client(wrapping: client).renewByLink(
      .with { $0.link = value }, options: Self.failingFast(within: .seconds(45)))
  }

  /// Forwards a verifier's usage report to the public socket.
  func reportUsage(
    _ report: Apikeyserv_V1_UsageReport
  ) async throws -> Apikeyserv_V1_ReportUsageResponse {
    return try await Apikeyserv_V1_PublicKeys.Client(wrapping: client).reportUsage(
      report, options: Self.failingFast(within: .seconds(10)))
  }

  /// Call options that fail at once while the daemon is away, and after `timeout` otherwise.
  private static func failingFast(within timeout: Duration) -> CallOptions {
    var options = CallOptions.defaults
    options.waitForReady = false
    options.timeout = timeout
    return options
  }
}
