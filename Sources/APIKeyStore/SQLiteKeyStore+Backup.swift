import APIKeyCore
public import Foundation
import Glibc
import GRDB

/// Online backup of the live database.
extension SQLiteKeyStore {
  /// A consistent copy of the database as it is now (SQLite's online backup API, from a read
  /// snapshot: writers go on meanwhile), with its manifest stored inside: the file's bytes.
  public func backup(at now: Date) async throws -> (manifest: BackupManifest, file: [UInt8]) {
    let path = "\(databasePath).backup-\(UUID().uuidString.prefix(8))"
    defer {
      for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }
    let copy = try DatabaseQueue(path: path)
    try pool.backup(to: copy)
    let manifest = try await copy.write { db in
      let manifest = try Self.manifest(of: db, at: now)
      try db.execute(sql: "CREATE TABLE backup_manifest (manifest TEXT NOT NULL)")
      let json = String(decoding: try BackupFile.encoder.encode(manifest), as: UTF8.self)
      try db.execute(sql: "INSERT INTO backup_manifest (manifest) VALUES (?)", arguments: [json])
      return manifest
    }
    try await copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
    try copy.close()
    guard let data = FileManager.default.contents(atPath: path) else {
      throw APIKeyError.internalError("cannot read the backup copy")
    }
    return (manifest, Array(data))
  }

  /// The manifest of the database `db`.
  static func manifest(of db: Database, at now: Date) throws -> BackupManifest {
    let kids = try String.fetchAll(db, sql: "SELECT kid FROM signing_keys ORDER BY created_at, kid")
    return BackupManifest(
      schemaVersion: try String.fetchOne(
        db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid DESC LIMIT 1") ?? "",
      createdAt: now,
      apiKeys: try Int.fetchOne(db, sql: "SELECT count(*) FROM api_keys") ?? 0,
      revokedKeys: try Int.fetchOne(db, sql: "SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL") ?? 0,
      signingKeys: kids.count, kids: kids,
      auditEntries: try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") ?? 0,
      keySetRevision: try revision(in: db))
  }
}
