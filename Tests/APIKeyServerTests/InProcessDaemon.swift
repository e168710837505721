import APIKeyRPC
import GRPCCore
import GRPCInProcessTransport
import Logging
import SwiftProtobuf
import TestSupport

@testable import APIKeyServer

/// The daemon's services over grpc-swift's in-process transport: the admin socket's services and
/// `CallBoundary`, a real SQLite store in a temporary directory, and a clock the test moves.
/// Everything but the Unix socket (which the end-to-end tests cover), in milliseconds.
struct InProcessDaemon: Sendable {
  let keys: KeyService
  let clock: TestClock
  let admin: Apikeyserv_V1_Admin.Client<InProcessTransport.Client>
  let publicKeys: Apikeyserv_V1_PublicKeys.Client<InProcessTransport.Client>
  let health: Grpc_Health_V1_Health.Client<InProcessTransport.Client>
  /// Served only when `run` was given a self-service configuration.
  let registration: Apikeyserv_V1_Registration.Client<InProcessTransport.Client>
  /// Whether the database answers, as the health service reports it.
  let database: DatabaseHealth

  /// Runs `body` against a fresh daemon (with a signing key unless `signingKey` is false; with
  /// Registration when `selfService` is given).
  static func run(
    signingKey: Bool = true, selfService: SelfServiceConfiguration? = nil,
    _ body: @Sendable (InProcessDaemon) async throws -> Void
  ) async throws {
    let fixture = try await KeyServiceFixture()
    let database = DatabaseHealth()
    let (keys, clock, logger) = (fixture.keys, fixture.clock, Logger(label: "test"))
    if signingKey { _ = try await keys.generateSigningKey(notBefore: nil, caller: "setup") }
    let names: Set<String> = [
      Apikeyserv_V1_PublicKeys.descriptor.fullyQualifiedService,
      Apikeyserv_V1_Admin.descriptor.fullyQualifiedService,
    ]
    let transport = InProcessTransport()
    let server = GRPCServer(
      transport: transport.server,
      services: [
        AdminService(keys: keys), PublicKeysService(keys: keys),
        HealthService(services: names, ring: keys.ring, database: database),
      ] + (selfService.map { [RegistrationService(keys: keys, configuration: $0)] } ?? []),
      interceptors: [CallBoundary(socket: "admin", logger: logger)])
    try await withThrowingDiscardingTaskGroup { group in
      group.addTask { try await server.serve() }
      try await withGRPCClient(transport: transport.client) { client in
        defer {
          keys.ring.finishAll()
          server.beginGracefulShutdown()
        }
        try await body(
          InProcessDaemon(
            keys: keys, clock: clock, admin: .init(wrapping: client),
            publicKeys: .init(wrapping: client),
            health: .init(wrapping: client), registration: .init(wrapping: client),
            database: database))
      }
    }
    withExtendedLifetime(fixture) {}
  }

  /// Issues a key for `organisation`.
  func issue(
    _ organisation: String = "Org", email: String = "a@example.com"
  ) async throws
    -> Apikeyserv_V1_IssueKeyResponse
  {
    try await admin.issueKey(
      .with {
        $0.email = email
        $0.organisation = organisation
      })
  }
}
