public import ServiceLifecycle

/// A database the store runs on: it runs transactions (each body on a thread that may block, on
/// one connection) and keeps the schema current. `SQLiteBackend` here; the PostgreSQL backend in
/// APIKeyStorePostgres.
public protocol SQLBackend: Sendable {
  /// Work the backend does for as long as it is used (a connection pool, notifications).
  var services: [any Service] { get }
  /// What the backend spells its own way.
  var dialect: SQLDialect { get }
  /// Runs `body` in a read-only transaction that sees one snapshot of the database.
  func read<T: Sendable>(
    _ body: @escaping @Sendable (any SQLTransaction) throws -> T
  ) async throws
    -> T
  /// Runs `body` in a write transaction, the only one at a time on this database (across every
  /// process that shares it), and commits it; rolls it back when `body` throws.
  func write<T: Sendable>(
    _ body: @escaping @Sendable (any SQLTransaction) throws -> T
  ) async throws
    -> T
  /// Runs `body` in a write transaction as `write` does, then rolls it back (a dry run).
  func rehearse<T: Sendable>(
    _ body: @escaping @Sendable (any SQLTransaction) throws -> T
  )
    async throws -> T
  /// Brings the schema to the current version (creating it in an empty database), one migration
  /// at a time; after each, `seal` runs in its transaction with the migration's identifier
  /// ("v1" to "v5"), to seal what that version introduced.
  func migrate(
    seal: @escaping @Sendable (any SQLTransaction, _ migration: String) throws -> Void)
    async throws
  /// Ticks whenever another process may have changed the key-set revision (nil when no other
  /// process writes this database): the store then reads it again.
  var changes: AsyncStream<Void>? { get }
  /// Whether the database was opened read-only (a SQLite file on a read-only file system).
  var isReadOnly: Bool { get }
  /// The database's file, for a backend that keeps one; nil for a server.
  var databasePath: String? { get }
  /// Closes the database (a SQLite file); a pooled server's connections close with its services.
  func close() throws
  /// Moves what the write-ahead log holds into the database file and empties the log, so that
  /// erased values live in neither (a SQLite file); nothing for a server.
  func checkpoint() async throws
}

extension SQLBackend {
  public var isReadOnly: Bool { false }
  public var databasePath: String? { nil }
  public func close() throws {}
  public func checkpoint() async throws {}
}
