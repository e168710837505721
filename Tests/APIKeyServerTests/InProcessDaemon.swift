import APIKeyRPC
import GRPCCore
import GRPCInProcessTransport
import Logging
import SwiftProtobuf
import TestSupport

@testable import APIKeyGRPCServices
@testable import APIKeyServer
@testable import APIKeyService

/// The daemon's services over grpc-swift's in-process transport: the admin and registration
/// sockets' services and interceptors as the daemon wires them (`DaemonServices`), a real SQLite store in a temporary directory, and a clock the test moves.
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
    // The daemon's own lists of what each socket serves, and its interceptors.
    let services = DaemonServices(keys: keys, database: database, selfService: selfService)
    let (adminTransport, registrationTransport) = (InProcessTransport(), InProcessTransport())
    let adminServer = GRPCServer(
      transport: adminTransport.server, services: services.adminSocket,
      interceptors: DaemonServices.interceptors(socket: "admin", logger: logger))
    let registrationServer = GRPCServer(
      transport: registrationTransport.server, services: services.registrationSocket ?? [],
      interceptors: DaemonServices.interceptors(socket: "register", logger: logger))
    try await withThrowingDiscardingTaskGroup { group in
      group.addTask { try await adminServer.serve() }
      group.addTask { try await registrationServer.serve() }
      try await withGRPCClient(transport: adminTransport.client) { admin in
        try await withGRPCClient(transport: registrationTransport.client) { registration in
          defer {
            keys.ring.finishAll()
            adminServer.beginGracefulShutdown()
            registrationServer.beginGracefulShutdown()
          }
          try await body(
            InProcessDaemon(
              keys: keys, clock: clock, admin: .init(wrapping: admin),
              publicKeys: .init(wrapping: admin), health: .init(wrapping: admin),
              registration: .init(wrapping: registration), database: database))
        }
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
