import APIKeyCore
public import Foundation
import GRDB
import Glibc

/// A backup file made by `SQLKeyStore.backup`, opened read-only to be checked and installed.
public struct BackupFile: Sendable {
  static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.sortedKeys]
    return encoder
  }()

  /// Where the backup is (it is only read until `install`).
  public let path: String
  /// What the backup says it holds, checked against its content when opened.
  public let manifest: BackupManifest
  /// Its signing keys (sealed).
  public let signingKeys: [StoredSigningKey]

  /// The keys the backup is checked with.
  private let keys: StoreKeys

  /// Opens `path` and checks it with the store keys of the master key: SQLite's integrity check, a
  /// schema version this version knows, no schema object the daemon did not create (a trigger,
  /// view or column someone added), and a manifest whose MAC matches the schema and content.
  /// Throws `failedPrecondition` saying what is wrong.
  public init(path: String, keys: StoreKeys) throws {
    guard FileManager.default.fileExists(atPath: path) else {
      throw APIKeyError.notFound("no backup file at \(path)")
    }
    var configuration = Configuration()
    configuration.readonly = true
    let queue: DatabaseQueue
    do {
      queue = try DatabaseQueue(path: path, configuration: configuration)
    } catch {
      throw APIKeyError.failedPrecondition("\(path) is not a SQLite database: \(error)")
    }
    defer { try? queue.close() }
    let migrator = Schema.migrator()
    let known = migrator.migrations
    let (manifest, signingKeys) = try queue.read {
      db throws -> (BackupManifest, [StoredSigningKey]) in
      let check = (try? String.fetchAll(db, sql: "PRAGMA integrity_check")) ?? ["unreadable"]
      guard check == ["ok"] else {
        throw APIKeyError.failedPrecondition(
          "\(path) fails SQLite's integrity check: \(check.prefix(3).joined(separator: "; "))")
      }
      guard try db.tableExists("backup_manifest"),
        let json = try String.fetchOne(db, sql: "SELECT manifest FROM backup_manifest")
      else {
        throw APIKeyError.failedPrecondition(
          "\(path) has no backup manifest: not made by apikeyctl backup")
      }
      guard let manifest = try? Self.decoder.decode(BackupManifest.self, from: Data(json.utf8))
      else {
        if json.contains("content_sha256") && !json.contains("content_mac") {
          throw APIKeyError.failedPrecondition(
            "\(path) was made by an older apikeyserv whose backups are not keyed with the master key, so a change to it cannot be told apart: restore it with that version, then take a new backup"
          )
        }
        throw APIKeyError.failedPrecondition(
          "\(path) has no readable backup manifest: not made by apikeyctl backup")
      }
      guard known.contains(manifest.schemaVersion) else {
        throw APIKeyError.failedPrecondition(
          "\(path) has schema \(manifest.schemaVersion), which this apikeyserv does not know (it knows \(known.joined(separator: ", "))): restore with a newer apikeyserv"
        )
      }
      do {
        try StateSeal(key: keys.state).checkKey(in: GRDBTransaction(db: db))
      } catch {
        throw APIKeyError.failedPrecondition(
          "\(path) was sealed with another master key: this is not the master key of that backup")
      }
      let expected = try Self.schemaObjects(upTo: manifest.schemaVersion, migrator: migrator)
      let present = try SQLKeyStore.schemaObjects(of: db)
      if let foreign = present.subtracting(expected).sorted(by: { $0.name < $1.name }).first {
        throw APIKeyError.failedPrecondition(
          "\(path) holds a schema object apikeyserv did not create (\(foreign)): it was changed after the backup"
        )
      }
      if let missing = expected.subtracting(present).sorted(by: { $0.name < $1.name }).first {
        throw APIKeyError.failedPrecondition(
          "\(path) lacks part of schema \(manifest.schemaVersion) (\(missing)): it was changed after the backup"
        )
      }
      let actual = try SQLKeyStore.manifest(of: db, at: manifest.createdAt, key: keys.backup)
      guard actual == manifest else {
        throw APIKeyError.failedPrecondition(
          "\(path) does not match its manifest (\(Self.difference(actual, manifest))): it was changed after the backup, or made by a daemon with another master key"
        )
      }
      let keys = try GRDBTransaction(db: db).rows("SELECT * FROM signing_keys ORDER BY created_at")
        .map(SQLKeyStore.signingKey)
      return (manifest, keys)
    }
    self.path = path
    self.manifest = manifest
    self.signingKeys = signingKeys
    self.keys = keys
  }

  /// The schema objects a database migrated up to `version` has.
  private static func schemaObjects(
    upTo version: String, migrator: DatabaseMigrator
  ) throws
    -> Set<SchemaObject>
  {
    let reference = try DatabaseQueue()
    try migrator.migrate(reference, upTo: version)
    return try reference.read { db in try SQLKeyStore.schemaObjects(of: db) }
  }

  /// What differs between two manifests, for the message.
  private static func difference(_ actual: BackupManifest, _ claimed: BackupManifest) -> String {
    if actual.apiKeys != claimed.apiKeys {
      return "\(actual.apiKeys) API keys, not \(claimed.apiKeys)"
    }
    if actual.kids != claimed.kids { return "other signing keys" }
    if actual.auditEntries != claimed.auditEntries {
      return "\(actual.auditEntries) audit entries, not \(claimed.auditEntries)"
    }
    return "the content's MAC differs"
  }

  private static let decoder: JSONDecoder = {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return decoder
  }()

  /// Checks the backup's audit trail and sealed security state.
  public func verifyAuditTrail() throws -> AuditVerification {
    var configuration = Configuration()
    configuration.readonly = true
    let queue = try DatabaseQueue(path: path, configuration: configuration)
    defer { try? queue.close() }
    return try queue.read { db in
      let tx = GRDBTransaction(db: db)
      let chain = AuditChain(key: keys.audit)
      var result = try chain.verify(in: tx)
      result.stateProblems = try StateSeal(key: keys.state).problems(in: tx, chain: chain)
      return result
    }
  }

  /// Installs the backup as the database at `databasePath`, atomically: a prepared copy (without
  /// the manifest) is renamed over it. An existing database is kept beside it first, as
  /// `<database>.replaced-<time>`. Returns that path, if any. The daemon must be stopped.
  public func install(as databasePath: String, now: Date) throws -> String? {
    let staging = "\(databasePath).restoring"
    for suffix in ["", "-wal", "-shm", "-journal"] { unlink(staging + suffix) }
    do {
      try FileManager.default.copyItem(atPath: path, toPath: staging)
      try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: staging)
    } catch {
      throw APIKeyError.internalError("cannot write \(staging): \(error)")
    }
    let queue = try DatabaseQueue(path: staging)
    try queue.write { db in try db.execute(sql: "DROP TABLE backup_manifest") }
    try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
    try queue.close()
    try Self.sync(staging)
    var kept: String?
    if FileManager.default.fileExists(atPath: databasePath) {
      let stamp = Int(now.timeIntervalSince1970)
      kept = "\(databasePath).replaced-\(stamp)"
      // The old database's WAL holds committed pages: fold them in before setting it aside.
      let old = try DatabaseQueue(path: databasePath)
      try old.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
      try old.close()
      guard link(databasePath, kept!) == 0 else {
        throw APIKeyError.internalError(
          "cannot keep the old database as \(kept!): \(String(cString: strerror(errno)))")
      }
    }
    for suffix in ["-wal", "-shm"] { unlink(databasePath + suffix) }
    guard rename(staging, databasePath) == 0 else {
      throw APIKeyError.internalError(
        "cannot install \(databasePath): \(String(cString: strerror(errno)))")
    }
    try Self.sync((databasePath as NSString).deletingLastPathComponent)
    return kept
  }

  private static func sync(_ path: String) throws {
    let fd = open(path.isEmpty ? "." : path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw APIKeyError.internalError("cannot open \(path) to sync it") }
    defer { close(fd) }
    _ = fsync(fd)
  }
}
