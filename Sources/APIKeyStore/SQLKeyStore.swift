public import APIKeyCore
public import APIKeyCrypto
public import Foundation
import GRDB
public import ServiceLifecycle

/// The store over a relational database (`SQLBackend`: SQLite, or PostgreSQL for daemons on
/// several hosts). The SQL and the rules are written once, here, for both backends.
public final class SQLKeyStore: KeyStore {
  /// The database.
  public let backend: any SQLBackend
  let auditChain: AuditChain
  let stateSeal: StateSeal
  /// The keys derived from the master key.
  let keys: StoreKeys

  /// Opens the store on `backend`: migrates it to the current schema (creating it when empty)
  /// and checks that it was sealed with these keys. `keys` key the audit trail's hash chain, the
  /// MACs over the security state and backup manifests (derive them from the master key).
  public init(backend: any SQLBackend, keys: StoreKeys) async throws {
    (self.backend, auditChain, stateSeal, self.keys) = Self.parts(backend, keys)
    try await backend.migrate(seal: sealing)
    let seal = stateSeal
    try await backend.read { tx in try seal.checkKey(in: tx) }
  }

  /// Whether the store was opened read-only (a SQLite file on a read-only file system): every
  /// change is refused.
  public var isReadOnly: Bool { backend.isReadOnly }

  /// Opens (creating if needed) the SQLite database at `location`; see `init(backend:keys:)`.
  /// `readOnly`: an existing database with a current schema, opened without writing (every
  /// change is refused).
  public init(_ location: SQLiteBackend.Location, keys: StoreKeys, readOnly: Bool = false) throws {
    let sqlite = try SQLiteBackend(location, readOnly: readOnly)
    (backend, auditChain, stateSeal, self.keys) = Self.parts(sqlite, keys)
    try sqlite.migrateNow(seal: sealing)
    let seal = stateSeal
    try sqlite.database.read { db in try seal.checkKey(in: GRDBTransaction(db: db)) }
  }

  /// Opens (creating if needed) the SQLite database file at `path`; see `init(_:keys:readOnly:)`.
  public convenience init(path: String, keys: StoreKeys, readOnly: Bool = false) throws {
    try self.init(.file(path), keys: keys, readOnly: readOnly)
  }

  /// Opens the SQLite database at `path`, keying the audit chain and the state MACs from the
  /// daemon's master key.
  public convenience init(path: String, sealingKey: SealingKey) throws {
    try self.init(path: path, keys: StoreKeys(sealingKey: sealingKey))
  }

  private static func parts(
    _ backend: any SQLBackend, _ keys: StoreKeys
  ) -> (any SQLBackend, AuditChain, StateSeal, StoreKeys) {
    (backend, AuditChain(key: keys.audit), StateSeal(key: keys.state), keys)
  }

  /// What each migration seals: the audit chain (v2), the rows' security state and the key check
  /// (v4), the chain's head with its security record (v5).
  private var sealing: @Sendable (any SQLTransaction, String) throws -> Void {
    let (audit, seal) = (auditChain, stateSeal)
    return { tx, migration in
      switch migration {
      case "v2": try audit.seal(in: tx)
      case "v4": try seal.seal(in: tx)
      case "v5": try audit.sealHead(in: tx, previousMAC: audit.headMACv4)
      default: break
      }
    }
  }

  /// Closes the database (a SQLite file is then complete without its WAL); the store is not
  /// used after.
  public func close() throws {
    try backend.close()
  }

  public func scrub() async throws {
    try await backend.checkpoint()
  }

  /// The SQLite database file; nil in memory or on another backend.
  public var databasePath: String? { backend.databasePath }

  public var services: [any Service] { backend.services }

  public var changes: AsyncStream<Void>? { backend.changes }

  // MARK: Published state

  public func publishedState(at now: Date) async throws -> PublishedState {
    try await backend.read { tx in
      let state = try self.stateSeal.securityState(listedAt: now, in: tx, chain: self.auditChain)
      var published = PublishedState(
        keys: state.keys, revoked: state.revoked, revision: try Self.revision(in: tx),
        problems: state.problems)
      published.securityRecordProblem = state.recordProblem
      return published
    }
  }

  public func revision() async throws -> UInt64 {
    try await backend.read { tx in try Self.revision(in: tx) }
  }

  public func bumpRevision(atLeast floor: UInt64) async throws -> UInt64 {
    try await backend.write { tx in try Self.bumpRevision(in: tx, atLeast: floor) }
  }

  public func bumpRevision(from current: UInt64) async throws -> UInt64? {
    try await backend.write { tx in
      guard try Self.revision(in: tx) == current else { return nil }
      return try Self.bumpRevision(in: tx)
    }
  }

  // MARK: Signing keys

  public func write<T: Sendable>(
    _ body: @escaping @Sendable (StoreWrite) throws -> T
  ) async throws -> T {
    try await backend.write { tx in try body(StoreWrite(tx: tx, store: self)) }
  }

  public func rehearse<T: Sendable>(
    _ body: @escaping @Sendable (StoreWrite) throws -> T
  ) async throws -> T {
    try await backend.rehearse { tx in try body(StoreWrite(tx: tx, store: self)) }
  }

  public func keysSignedOnly(by kid: String, now: Date) async throws -> [KeyRecord] {
    try await backend.read { tx in try self.keysSignedOnly(by: kid, now: now, in: tx) }
  }

  func keysSignedOnly(by kid: String, now: Date, in tx: any SQLTransaction) throws -> [KeyRecord] {
    let now = now.microsecondsSince1970
    return try tx.rows(
      """
      SELECT \(Self.keyColumns) FROM api_keys k
      WHERE k.revoked_at IS NULL
        AND EXISTS (
          SELECT 1 FROM tokens t WHERE t.key_id = k.id AND t.kid = ?
            AND (t.expires_at IS NULL OR t.expires_at > ?))
        AND NOT EXISTS (
          SELECT 1 FROM tokens t JOIN signing_keys s ON s.kid = t.kid
          WHERE t.key_id = k.id AND t.kid <> ? AND s.retiring_at IS NULL
            AND (t.expires_at IS NULL OR t.expires_at > ?))
      ORDER BY k.created_at DESC, k.id DESC
      """,
      [kid, now, kid, now]
    ).map(stateSeal.keyRecord)
  }
}
