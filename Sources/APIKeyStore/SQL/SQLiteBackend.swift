public import Foundation
import GRDB
public import ServiceLifecycle

/// SQLite through GRDB: a file (WAL mode, `synchronous = FULL`: a write is on disk when it
/// returns), or a database in memory for tests and tools that need no durability. One process
/// writes it: the daemon's lock file sees to that.
public final class SQLiteBackend: SQLBackend {
  /// Where a store keeps its database.
  public enum Location: Sendable, Equatable {
    /// A file (its WAL and shared-memory files sit beside it).
    case file(String)
    /// Memory only: gone when the backend is.
    case memory
  }

  let database: any DatabaseWriter
  /// The database file; nil in memory.
  public let path: String?

  /// Opens (creating if needed) the database at `location`.
  public init(_ location: Location) throws {
    switch location {
    case .file(let path):
      var configuration = Configuration()
      configuration.busyMode = .timeout(5)
      configuration.prepareDatabase { db in
        try db.execute(sql: "PRAGMA synchronous = FULL")
      }
      database = try DatabasePool(path: path, configuration: configuration)
      self.path = path
    case .memory:
      database = try DatabaseQueue()
      path = nil
    }
  }

  public var services: [any Service] { [] }
  public var dialect: SQLDialect { .sqlite }
  public var changes: AsyncStream<Void>? { nil }

  public func read<T: Sendable>(
    _ body: @escaping @Sendable (any SQLTransaction) throws -> T
  ) async throws -> T {
    try await database.read { db in try body(GRDBTransaction(db: db)) }
  }

  public func write<T: Sendable>(
    _ body: @escaping @Sendable (any SQLTransaction) throws -> T
  ) async throws -> T {
    try await database.write { db in try body(GRDBTransaction(db: db)) }
  }

  public func rehearse<T: Sendable>(
    _ body: @escaping @Sendable (any SQLTransaction) throws -> T
  ) async throws -> T {
    try await database.writeWithoutTransaction { db in
      var result: T?
      try db.inTransaction {
        result = try body(GRDBTransaction(db: db))
        return .rollback
      }
      // '!' is fine: inTransaction returned normally, so body ran and set result.
      return result!
    }
  }

  public func migrate(
    seal: @escaping @Sendable (any SQLTransaction, _ migration: String) throws -> Void
  ) async throws {
    try migrateNow(seal: seal)
  }

  /// `migrate`, on the caller's thread.
  func migrateNow(seal: @escaping @Sendable (any SQLTransaction, String) throws -> Void) throws {
    try Schema.migrator(seal: seal).migrate(database)
  }
}
