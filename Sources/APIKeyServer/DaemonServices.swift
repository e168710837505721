package import APIKeyGRPCServices
import APIKeyRPC
package import APIKeyService
package import GRPCCore
package import Logging

/// Which socket serves what: the one place that says it, used by the daemon (which serves each
/// list on its Unix socket) and by the in-process tests (which serve the same lists over
/// grpc-swift's in-process transport).
package struct DaemonServices: Sendable {
  /// The public socket (any local user): the key set and Health.
  package let publicSocket: [any RegistrableRPCService]
  /// The admin socket: everything the public socket serves, and Admin.
  package let adminSocket: [any RegistrableRPCService]
  /// The registration socket, with self-service only: Registration and Health.
  package let registrationSocket: [any RegistrableRPCService]?

  /// The services over `keys`; `database` is what Health and Registration report of the
  /// database, `selfService` whether (and how) the registration socket serves.
  package init(
    keys: KeyService, database: DatabaseHealth, selfService: SelfServiceConfiguration?
  ) {
    let publicKeys = PublicKeysService(keys: keys)
    let publicNames: Set<String> = [Apikeyserv_V1_PublicKeys.descriptor.fullyQualifiedService]
    let adminNames = publicNames.union([Apikeyserv_V1_Admin.descriptor.fullyQualifiedService])
    publicSocket = [
      publicKeys, HealthService(services: publicNames, ring: keys.ring, database: database),
    ]
    adminSocket = [
      publicKeys, AdminService(keys: keys),
      HealthService(services: adminNames, ring: keys.ring, database: database),
    ]
    registrationSocket = selfService.map { selfService in
      let names: Set<String> = [Apikeyserv_V1_Registration.descriptor.fullyQualifiedService]
      return [
        RegistrationService(keys: keys, configuration: selfService, database: database),
        HealthService(services: names, ring: keys.ring, database: database),
      ]
    }
  }

  /// What every call on the socket `name` passes through: `CallBoundary` (the caller, the error
  /// mapping, the log line, the metrics).
  package static func interceptors(
    socket name: String, metrics: DaemonMetrics? = nil, logger: Logger
  ) -> [any ServerInterceptor] {
    [CallBoundary(socket: name, metrics: metrics, logger: logger)]
  }
}
