import APIKeyCore
public import Foundation
import GRDB
public import ServiceLifecycle

/// SQLite through GRDB: a file (WAL mode, `synchronous = FULL`: a write is on disk when it
/// returns), or a database in memory for tests and tools that need no durability. One process
/// writes it: the daemon's lock file sees to that. A file on a read-only file system opens
/// read-only (`readOnly`): reads work, every write is refused as UNAVAILABLE, naming the cause.
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
  /// Opened read-only: nothing is migrated or written.
  public let readOnly: Bool

  public var isReadOnly: Bool { readOnly }
  public var databasePath: String? { path }
  public func close() throws { try database.close() }

  public func checkpoint() async throws {
    guard let pool = database as? DatabasePool else { return }
    try await pool.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
    }
  }

  /// Opens (creating if needed) the database at `location`; `readOnly`: an existing file, opened
  /// without writing anything (its schema must be current: see `migrateNow`).
  public init(_ location: Location, readOnly: Bool = false) throws {
    self.readOnly = readOnly
    switch location {
    case .file(let path) where readOnly:
      guard FileManager.default.fileExists(atPath: path) else {
        throw APIKeyError.failedPrecondition(
          "there is no database at \(path), and it cannot be created read-only")
      }
      // Migrating would write: the schema must be this release's already.
      let connection = try Self.readOnlyConnection(path: path)
      let applied = try connection.read(Self.appliedVersions)
      try Self.refuseUnknown(applied)
      guard applied == Self.knownVersions else {
        throw APIKeyError.failedPrecondition(
          "the database \(path) has schema \(applied.last ?? "none") and needs migrating to \(Self.knownVersions.last ?? ""), which cannot be written read-only"
        )
      }
      database = connection
      self.path = path
    case .file(let path):
      var configuration = Configuration()
      configuration.busyMode = .timeout(5)
      // Before the pool opens it (which may switch it to WAL): a newer release's database is
      // refused untouched.
      if FileManager.default.fileExists(atPath: path) {
        try Self.refuseUnknown(try Self.appliedVersions(path: path))
      } else {
        Self.createPrivately(path)
      }
      let pool = try DatabasePool(path: path, configuration: configuration)
      // Only now: the pool switches its writer to WAL with `synchronous = NORMAL` after running
      // `prepareDatabase`, so a setting made there would not hold. NORMAL syncs at checkpoints
      // only, so a commit acknowledged just before a power cut or a kernel crash could be lost;
      // FULL syncs the WAL at every commit.
      // secure_delete: a value overwritten or deleted (an erased owner's details) is zeroed in
      // its page, not left in free space for a copy of the file to carry.
      try pool.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA synchronous = FULL")
        try db.execute(sql: "PRAGMA secure_delete = ON")
      }
      database = pool
      self.path = path
    case .memory:
      database = try DatabaseQueue()
      path = nil
    }
  }

  /// Creates the empty database file `path` with mode 0600 whatever the umask (it will hold
  /// every owner's contact data; SQLite gives its WAL and shared-memory files the same mode).
  static func createPrivately(_ path: String) {
    // A failure is left to SQLite's open, which names it as it always has.
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard fd >= 0 else { return }
    fchmod(fd, 0o600)
    Glibc.close(fd)
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
    try await described { try await database.write { db in try body(GRDBTransaction(db: db)) } }
  }

  /// Runs `work`, turning what SQLite reports about the file (a full disk, a read-only file
  /// system, an I/O error) into an answer that names the database and says what goes on: the
  /// transaction was rolled back, reads and verification carry on from memory, and the next
  /// write works again once the cause is gone (SQLite recovers by itself).
  private func described<T>(_ work: () async throws -> T) async throws -> T {
    do {
      return try await work()
    } catch let error as DatabaseError {
      let file = path ?? "in memory"
      let fileErrors: [ResultCode] = [.SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_CANTOPEN]
      if fileErrors.contains(error.resultCode), let path, ReadOnlyFileSystem.holds(path) {
        throw APIKeyError.unavailable(
          "the database \(path) cannot be written: its file system is read-only (mounted so, or remounted by the kernel after an error): changes fail until it is writable again (nothing was written; reads and verification go on)"
        )
      }
      switch error.resultCode {
      case .SQLITE_FULL:
        throw APIKeyError.resourceExhausted(
          "the disk holding the database \(file) is full: changes fail until there is space again (nothing was written; reads and verification go on)"
        )
      case .SQLITE_READONLY:
        throw APIKeyError.unavailable(
          "the database \(file) cannot be written (read-only): changes fail until it can (nothing was written; reads and verification go on)"
        )
      case .SQLITE_IOERR, .SQLITE_CANTOPEN:
        throw APIKeyError.unavailable(
          "the database \(file) could not be written (\(error.message ?? "I/O error")): changes fail until it can (nothing was written; reads and verification go on)"
        )
      case .SQLITE_BUSY, .SQLITE_LOCKED:
        throw APIKeyError.unavailable("the database \(file) is busy; try again")
      default:
        throw error
      }
    }
  }

  public func rehearse<T: Sendable>(
    _ body: @escaping @Sendable (any SQLTransaction) throws -> T
  ) async throws -> T {
    try await described {
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
  }

  public func migrate(
    seal: @escaping @Sendable (any SQLTransaction, _ migration: String) throws -> Void
  ) async throws {
    try migrateNow(seal: seal)
  }

  /// `migrate`, on the caller's thread. (A newer release's database never gets here: `init`
  /// refused it before opening the file for writing; read-only, `init` checked that the schema
  /// is current, and nothing is to be done.)
  func migrateNow(seal: @escaping @Sendable (any SQLTransaction, String) throws -> Void) throws {
    guard !readOnly else { return }
    try Schema.migrator(seal: seal).migrate(database)
  }

  /// Refuses a database with a schema version (of `applied`) this apikeyserv does not know.
  static func refuseUnknown(_ applied: [String]) throws {
    try SchemaVersions.refuseUnknown(applied, known: knownVersions)
  }

  /// The schema versions applied to the SQLite database at `path`, read without changing it
  /// (for `--check-config`); empty for a new database.
  public static func appliedVersions(path: String) throws -> [String] {
    let queue = try readOnlyConnection(path: path)
    defer { try? queue.close() }
    return try queue.read(appliedVersions)
  }

  /// How many signing keys of the SQLite database at `path` may sign at `now` (not retiring,
  /// past their `not_before`), read without changing it (for `--check-config`); 0 for a
  /// database without the table yet.
  public static func signingKeysSigning(path: String, at now: Date) throws -> Int {
    let queue = try readOnlyConnection(path: path)
    defer { try? queue.close() }
    return try queue.read { db in
      guard try db.tableExists("signing_keys") else { return 0 }
      return try Int.fetchOne(
        db,
        sql: "SELECT count(*) FROM signing_keys WHERE retiring_at IS NULL AND not_before <= ?",
        arguments: [now.microsecondsSince1970]) ?? 0
    }
  }

  /// The schema versions applied to the database of `db`, oldest first.
  static func appliedVersions(_ db: Database) throws -> [String] {
    try db.tableExists("grdb_migrations")
      ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
      : []
  }

  /// One read-only connection to the database at `path`. A WAL database whose shared-memory
  /// file is gone (a clean stop removes it) and cannot be made again (a read-only file system)
  /// does not open read-only unless SQLite is told the file is immutable; on such a file system
  /// it is (the WAL, if any, is empty), so it is then opened so.
  static func readOnlyConnection(path: String) throws -> DatabaseQueue {
    var configuration = Configuration()
    configuration.readonly = true
    configuration.busyMode = .timeout(5)
    do {
      return try DatabaseQueue(path: path, configuration: configuration)
    } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN {
      let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size]
      guard (wal as? Int ?? 0) == 0, ReadOnlyFileSystem.holds(path) else { throw error }
      let escaped = path.replacingOccurrences(of: "%", with: "%25")
        .replacingOccurrences(of: "?", with: "%3f").replacingOccurrences(of: "#", with: "%23")
      return try DatabaseQueue(path: "file:\(escaped)?immutable=1", configuration: configuration)
    }
  }

  /// The schema versions this apikeyserv knows, oldest first.
  public static var knownVersions: [String] { Schema.migrator().migrations }
}
