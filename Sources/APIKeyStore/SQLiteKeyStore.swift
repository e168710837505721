public import APIKeyCore
public import APIKeyCrypto
public import Foundation
import GRDB
public import ServiceLifecycle

/// The SQLite store: a file (WAL mode, `synchronous = FULL`: a write is on disk when it
/// returns), or a database in memory for tests and tools that need no durability.
public final class SQLiteKeyStore: KeyStore {
  /// Where a store keeps its database.
  public enum Location: Sendable, Equatable {
    /// A file (its WAL and shared-memory files sit beside it).
    case file(String)
    /// Memory only: gone when the store is.
    case memory
  }

  let database: any DatabaseWriter
  /// The database file; nil in memory.
  public let databasePath: String?
  let issues: GroupCommit
  let auditChain: AuditChain
  let stateSeal: StateSeal
  let manifestKey: [UInt8]

  /// Opens (creating if needed) the database at `location` and migrates it to the current
  /// schema. `keys` key the audit trail's hash chain, the MACs over the security state and backup
  /// manifests (derive them from the master key).
  public init(_ location: Location, keys: StoreKeys) throws {
    switch location {
    case .file(let path):
      var configuration = Configuration()
      configuration.busyMode = .timeout(5)
      configuration.prepareDatabase { db in
        try db.execute(sql: "PRAGMA synchronous = FULL")
      }
      database = try DatabasePool(path: path, configuration: configuration)
      databasePath = path
    case .memory:
      database = try DatabaseQueue()
      databasePath = nil
    }
    auditChain = AuditChain(key: keys.audit)
    stateSeal = StateSeal(key: keys.state)
    manifestKey = keys.backup
    try Schema.migrator(audit: auditChain, state: stateSeal).migrate(database)
    let seal = stateSeal
    try database.read { db in try seal.checkKey(in: db) }
    issues = GroupCommit(writer: database)
  }

  /// Opens (creating if needed) the database file at `path`; see `init(_:keys:)`.
  public convenience init(path: String, keys: StoreKeys) throws {
    try self.init(.file(path), keys: keys)
  }

  /// Opens the database at `path`, keying the audit chain and the state MACs from the daemon's
  /// master key.
  public convenience init(path: String, sealingKey: SealingKey) throws {
    try self.init(path: path, keys: StoreKeys(sealingKey: sealingKey))
  }

  public var services: [any Service] { [issues] }

  // MARK: Published state

  public func publishedState(at now: Date) async throws -> PublishedState {
    try await database.read { db in
      let (keys, keyProblems) = try self.stateSeal.signingKeys(in: db)
      let (revoked, revocationProblems) = try self.stateSeal.revocations(listedAt: now, in: db)
      return PublishedState(
        keys: keys, revoked: revoked, revision: try Self.revision(in: db),
        problems: keyProblems + revocationProblems)
    }
  }

  public func bumpRevision(atLeast floor: UInt64) async throws -> UInt64 {
    try await database.write { db in try Self.bumpRevision(in: db, atLeast: floor) }
  }

  // MARK: Signing keys

  public func addSigningKey(_ key: StoredSigningKey, audit: AuditEntry) async throws -> UInt64 {
    try await database.write { db in
      guard try !Self.signingKeyExists(kid: key.info.kid, in: db) else {
        throw APIKeyError.alreadyExists("signing key \(key.info.kid) exists already")
      }
      try self.insert(key, in: db)
      try self.auditChain.append(audit, in: db)
      return try Self.bumpRevision(in: db)
    }
  }

  public func retireSigningKey(
    kid: String, at: Date, leavesAt: Date, audit: AuditEntry
  )
    async throws -> (StoredSigningKey, UInt64)
  {
    try await database.write { db in
      guard
        let row = try Row.fetchOne(
          db, sql: "SELECT * FROM signing_keys WHERE kid = ?", arguments: [kid])
      else { throw APIKeyError.notFound("no signing key with kid \(kid)") }
      var key = try self.stateSeal.signingKey(row).key
      if let retiring = key.info.retiringAt {
        throw APIKeyError.failedPrecondition(
          "signing key \(kid) was retired already at \(retiring.ISO8601Format())")
      }
      key.info.retiringAt = Date(microsecondsSince1970: at.microsecondsSince1970)
      key.info.unpublishedAt = Date(microsecondsSince1970: leavesAt.microsecondsSince1970)
      try db.execute(
        sql: "UPDATE signing_keys SET retiring_at = ?, retired_at = ?, state_mac = ? WHERE kid = ?",
        arguments: [
          at.microsecondsSince1970, leavesAt.microsecondsSince1970,
          self.stateSeal.column(key.info), kid,
        ])
      try self.auditChain.append(audit, in: db)
      return (key, try Self.bumpRevision(in: db))
    }
  }

  public func keysSignedOnly(by kid: String, now: Date) async throws -> [KeyRecord] {
    try await database.read { db in try self.keysSignedOnly(by: kid, now: now, in: db) }
  }

  func keysSignedOnly(by kid: String, now: Date, in db: Database) throws -> [KeyRecord] {
    try Row.fetchAll(
      db,
      sql: """
        SELECT \(Self.keyColumns) FROM api_keys k
        WHERE k.revoked_at IS NULL
          AND EXISTS (
            SELECT 1 FROM tokens t WHERE t.key_id = k.id AND t.kid = :kid
              AND (t.expires_at IS NULL OR t.expires_at > :now))
          AND NOT EXISTS (
            SELECT 1 FROM tokens t JOIN signing_keys s ON s.kid = t.kid
            WHERE t.key_id = k.id AND t.kid <> :kid AND s.retiring_at IS NULL
              AND (t.expires_at IS NULL OR t.expires_at > :now))
        ORDER BY k.created_at DESC, k.id DESC
        """,
      arguments: ["kid": kid, "now": now.microsecondsSince1970]
    ).map(stateSeal.keyRecord)
  }
}
