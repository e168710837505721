import APIKeyCore
package import APIKeyCrypto
package import APIKeyStore
import APIKeyStorePostgres
import APIKeyUnixServer
package import Logging
import ServiceLifecycle

/// Opens the configured store for the length of a body: SQLite at the database path, or
/// PostgreSQL, whose backend services (its connection pool, its notifications) run in a group of
/// their own in a child task, started before the store is opened (opening migrates through them)
/// and stopped when the body is done.
package enum StoreOpening {
  /// Runs `body` with the store of `configuration`; `readOnly`: the SQLite database opened
  /// without writing.
  package static func with<T: Sendable>(
    _ configuration: DaemonConfiguration, sealingKey: SealingKey, readOnly: Bool = false,
    logger: Logger, _ body: (SQLKeyStore) async throws -> T
  ) async throws -> T {
    let keys = StoreKeys(sealingKey: sealingKey)
    guard let postgres = configuration.postgres else {
      let store = try await describing(configuration) {
        try SQLKeyStore(path: configuration.databasePath, keys: keys, readOnly: readOnly)
      }
      return try await body(store)
    }
    let backend = try PostgresBackend(postgres, logger: logger)
    let group = ServiceGroup(
      configuration: .init(services: backend.services.map { .init(service: $0) }, logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
      tasks.addTask { try await group.run() }
      let result: Result<T, any Error>
      do {
        // Let the pool's run() begin before the first lease (which would work, queued, but log
        // a warning that run() was not called).
        try await Task.sleep(for: .milliseconds(20))
        let store = try await describing(configuration) {
          try await SQLKeyStore(backend: backend, keys: keys)
        }
        result = .success(try await body(store))
      } catch {
        result = .failure(error)
      }
      await group.triggerGracefulShutdown()
      try? await tasks.waitForAll()
      return try result.get()
    }
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
