import APIKeyCore
import APIKeyCrypto
public import Foundation
import GRDB
import Glibc

/// Online backup of the live database.
extension SQLKeyStore {
  /// A consistent copy of the database as it is now, with its manifest stored inside: the
  /// file's bytes. Always a SQLite database: from SQLite through its online backup API, from a
  /// read snapshot (writers go on meanwhile); from another backend, its rows copied out of one
  /// snapshot into a new SQLite database.
  public func backup(at now: Date) async throws -> (manifest: BackupManifest, file: [UInt8]) {
    // Beside the database file (same file system, same protection), or in the temporary
    // directory for a store in memory, on another backend, or read-only (its file system is).
    let base = (isReadOnly ? nil : databasePath) ?? "\(NSTemporaryDirectory())/apikeyserv"
    let path = "\(base).backup-\(UUID().uuidString.prefix(8))"
    defer {
      for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }
    if let sqlite = backend as? SQLiteBackend {
      let copy = try DatabaseQueue(path: path)
      try sqlite.database.backup(to: copy)
      try copy.close()
    } else {
      let copy = try SQLKeyStore(.file(path), keys: keys)
      _ = try await StoreCopy.copy(from: self, to: copy)
      try copy.close()
    }
    let copy = try DatabaseQueue(path: path)
    let manifestKey = keys.backup
    let manifest = try await copy.write { db in
      let manifest = try Self.manifest(of: db, at: now, key: manifestKey)
      try db.execute(sql: "CREATE TABLE backup_manifest (manifest TEXT NOT NULL)")
      let json = String(decoding: try BackupFile.encoder.encode(manifest), as: UTF8.self)
      try db.execute(sql: "INSERT INTO backup_manifest (manifest) VALUES (?)", arguments: [json])
      return manifest
    }
    try await copy.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA journal_mode = DELETE")
    }
    try copy.close()
    guard let data = FileManager.default.contents(atPath: path) else {
      throw APIKeyError.internalError("cannot read the backup copy")
    }
    return (manifest, Array(data))
  }

  /// The manifest of the database `db`, its content MAC keyed with `key`.
  static func manifest(of db: Database, at now: Date, key: [UInt8]) throws -> BackupManifest {
    let content = try content(of: db)
    let kids = try String.fetchAll(db, sql: "SELECT kid FROM signing_keys ORDER BY created_at, kid")
    return BackupManifest(
      schemaVersion: try String.fetchOne(
        db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid DESC LIMIT 1") ?? "",
      createdAt: now,
      apiKeys: try Int.fetchOne(db, sql: "SELECT count(*) FROM api_keys") ?? 0,
      revokedKeys: try Int.fetchOne(
        db, sql: "SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL") ?? 0,
      signingKeys: kids.count, kids: kids,
      auditEntries: try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") ?? 0,
      keySetRevision: try revision(in: GRDBTransaction(db: db)),
      contentSHA256: Hex.encode(SHA256.hash(content)),
      contentMAC: Hex.encode(HMACSHA256.authenticate(content, key: key)))
  }

  /// The schema objects of `db` (tables, indexes, triggers, views) but the backup's manifest.
  static func schemaObjects(of db: Database) throws -> Set<SchemaObject> {
    Set(
      try Row.fetchAll(
        db,
        sql: "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name <> 'backup_manifest'"
      ).map {
        SchemaObject(type: $0["type"], name: $0["name"], table: $0["tbl_name"], sql: $0["sql"])
      })
  }

  /// The tables of the data, each with its ordering.
  private static let contentTables = [
    ("signing_keys", "kid"), ("api_keys", "id"), ("tokens", "rowid"), ("audit_log", "seq"),
    ("meta", "name"), ("audit_head", "id"), ("key_check", "id"),
  ]

  /// Every value of every data table, in order, each tagged with its type and length.
  private static func content(of db: Database) throws -> [UInt8] {
    var bytes: [UInt8] = []
    func append(_ tag: UInt8, _ value: [UInt8]) {
      bytes.append(tag)
      withUnsafeBytes(of: UInt64(value.count).bigEndian) { bytes += $0 }
      bytes += value
    }
    // The schema first: a trigger, view or column someone added is part of what the MAC covers.
    append(0x53, [])
    let schema = try Row.fetchCursor(
      db,
      sql: """
        SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name <> 'backup_manifest'
        ORDER BY type, name
        """)
    while let row = try schema.next() {
      append(0x52, [])
      for column in ["type", "name", "tbl_name", "sql"] {
        let text: String? = row[column]
        append(text == nil ? 0x00 : 0x03, Array((text ?? "").utf8))
      }
    }
    for (table, order) in contentTables {
      append(0x54, Array(table.utf8))
      let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(table) ORDER BY \(order)")
      while let row = try rows.next() {
        append(0x52, [])
        for value in row.databaseValues {
          switch value.storage {
          case .null: append(0x00, [])
          case .int64(let number): append(0x01, withUnsafeBytes(of: number.bigEndian) { Array($0) })
          case .double(let number):
            append(0x02, withUnsafeBytes(of: number.bitPattern.bigEndian) { Array($0) })
          case .string(let text): append(0x03, Array(text.utf8))
          case .blob(let data): append(0x04, Array(data))
          }
        }
      }
    }
    return bytes
  }
}
