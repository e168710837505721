import APIKeyCore
import APIKeyCrypto
import APIKeyStore
import APIKeyStorePostgres
import Logging
import ServiceLifecycle

/// Opens the configured store: SQLite at the database path, or PostgreSQL. A PostgreSQL
/// backend's services (its connection pool, its notifications) run in a group of their own,
/// started before the store is opened (opening migrates through them) and stopped after
/// everything else.
struct StoreOpening {
  let store: SQLKeyStore
  /// The backend's own services, running until `close()`.
  private let backendGroup: ServiceGroup?
  private let backendTask: Task<Void, any Error>?

  init(_ configuration: DaemonConfiguration, sealingKey: SealingKey, logger: Logger) async throws {
    let keys = StoreKeys(sealingKey: sealingKey)
    guard let postgres = configuration.postgres else {
      store = try await Self.describing(configuration) {
        try SQLKeyStore(path: configuration.databasePath, keys: keys)
      }
      (backendGroup, backendTask) = (nil, nil)
      return
    }
    let backend = try PostgresBackend(postgres, logger: logger)
    let group = ServiceGroup(
      configuration: .init(
        services: backend.services.map { .init(service: $0) }, logger: logger))
    backendGroup = group
    backendTask = Task { try await group.run() }
    // Let the pool's run() begin before the first lease (which would work, queued, but log a
    // warning that run() was not called).
    try? await Task.sleep(for: .milliseconds(20))
    do {
      store = try await Self.describing(configuration) {
        try await SQLKeyStore(backend: backend, keys: keys)
      }
    } catch {
      await group.triggerGracefulShutdown()
      throw error
    }
  }

  /// Stops the backend's services (after the daemon's group has stopped).
  func close() async {
    await backendGroup?.triggerGracefulShutdown()
    _ = try? await backendTask?.value
  }

  /// `open`'s result, or a `DaemonError` naming the database and what is wrong with it.
  private static func describing(
    _ configuration: DaemonConfiguration, _ open: () async throws -> SQLKeyStore
  ) async throws -> SQLKeyStore {
    do {
      return try await open()
    } catch let error as APIKeyError {
      throw DaemonError(
        "cannot open the database \(configuration.databaseDescription): \(error.message)")
    }
  }
}
