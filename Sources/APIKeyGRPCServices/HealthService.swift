import APIKeyRPC
package import APIKeyService
import GRPCCore
import SwiftProtobuf

/// `grpc.health.v1.Health` for one socket: SERVING for the empty name and each service it hosts;
/// `NOT_FOUND` for others. While the database does not answer, Admin and Registration are NOT_SERVING
/// (its writes fail); the daemon and PublicKeys stay SERVING, from memory. Watch streams end
/// (NOT_SERVING) at shutdown.
package struct HealthService: Grpc_Health_V1_Health.SimpleServiceProtocol {
  /// Fully qualified names of the services on this socket.
  let services: Set<String>
  let ring: KeyRing
  let database: DatabaseHealth

  /// Health for `services`: serving while `ring` has a set (and, for Admin, while `database` answers).
  package init(
    services: Set<String>, ring: KeyRing, database: DatabaseHealth
  ) {
    self.services = services
    self.ring = ring
    self.database = database
  }

  /// The services that need the database to answer.
  static let needingDatabase: Set<String> = [
    Apikeyserv_V1_Admin.descriptor.fullyQualifiedService,
    Apikeyserv_V1_Registration.descriptor.fullyQualifiedService,
  ]

  func check(
    request: Grpc_Health_V1_HealthCheckRequest, context: ServerContext
  ) async throws -> Grpc_Health_V1_HealthCheckResponse {
    guard request.service.isEmpty || services.contains(request.service) else {
      throw RPCError(code: .notFound, message: "unknown service \(request.service)")
    }
    if Self.needingDatabase.contains(request.service), database.unavailable != nil {
      return .with { $0.status = .notServing }
    }
    return .with { $0.status = .serving }
  }

  func watch(
    request: Grpc_Health_V1_HealthCheckRequest,
    response: RPCWriter<Grpc_Health_V1_HealthCheckResponse>,
    context: ServerContext
  ) async throws {
    guard request.service.isEmpty || services.contains(request.service) else {
      try await response.write(.with { $0.status = .serviceUnknown })
      return
    }
    try await response.write(.with { $0.status = .serving })
    for await _ in ring.watch() {}  // ends when the daemon shuts down (or the call is cancelled)
    try? await response.write(.with { $0.status = .notServing })
  }
}
