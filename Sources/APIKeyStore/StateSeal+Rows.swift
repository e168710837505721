import APIKeyCore
import APIKeyCrypto
import Foundation
import GRDB

/// Reading and writing the sealed security state of rows, and checking it against the audit
/// trail, whose revocations and retirements cannot be removed without breaking the chain.
extension StateSeal {
  /// The `state_mac` value for a signing key.
  func column(_ key: SigningKeyInfo) -> Data { Data(mac(key)) }

  /// The `state_mac` value for an API key's revocation fields.
  func column(apiKey id: Int64, revokedAt: Int64?, revokedUntil: Int64?) -> Data {
    Data(mac(apiKey: id, revokedAt: revokedAt, revokedUntil: revokedUntil))
  }

  /// The key check: a MAC of a fixed text, stored once, so that a daemon started with another
  /// master key refuses the database instead of reading every row as tampered.
  var keyCheck: Data { Data(HMACSHA256.authenticate(Array("apikeyserv key check".utf8), key: key)) }

  /// Throws unless the database's key check was made with this key.
  func checkKey(in db: Database) throws {
    guard let stored = try Data.fetchOne(db, sql: "SELECT mac FROM key_check WHERE id = 1"),
      Self.matches(Array(stored), Array(keyCheck))
    else {
      throw APIKeyError.failedPrecondition(
        "the database was sealed with another master key (or its key check was removed): is this the master key of this database?"
      )
    }
  }

  /// Computes the MAC of every row (when sealing is introduced: the rows are trusted as they are)
  /// and the key check.
  func seal(in db: Database) throws {
    try db.execute(
      sql: "INSERT OR REPLACE INTO key_check (id, mac) VALUES (1, ?)", arguments: [keyCheck])
    for row in try Row.fetchAll(db, sql: "SELECT * FROM signing_keys") {
      let key = try SQLiteKeyStore.signingKey(row)
      try db.execute(
        sql: "UPDATE signing_keys SET state_mac = ? WHERE kid = ?",
        arguments: [column(key.info), key.info.kid])
    }
    for row in try Row.fetchAll(db, sql: "SELECT id, revoked_at, revoked_until FROM api_keys") {
      try db.execute(
        sql: "UPDATE api_keys SET state_mac = ? WHERE id = ?",
        arguments: [
          column(
            apiKey: row["id"], revokedAt: row["revoked_at"], revokedUntil: row["revoked_until"]),
          row["id"] as Int64,
        ])
    }
  }

  /// A `signing_keys` row; when its lifecycle does not match its MAC, the key as retired (at its
  /// creation: never published) and the problem.
  func signingKey(_ row: Row) throws -> (key: StoredSigningKey, problem: String?) {
    var key = try SQLiteKeyStore.signingKey(row)
    guard !Self.matches((row["state_mac"] as Data?).map(Array.init), mac(key.info)) else {
      return (key, nil)
    }
    key.info.retiringAt = min(key.info.retiringAt ?? key.info.createdAt, key.info.createdAt)
    key.info.unpublishedAt = key.info.retiringAt
    return (
      key,
      "signing key \(key.info.kid): its lifecycle does not match its MAC (changed outside apikeyserv); treated as retired"
    )
  }

  /// True when an `api_keys` row's revocation fields (`id`, `revoked_at`, `revoked_until`,
  /// `state_mac`) match their MAC.
  func isRevocationIntact(_ row: Row) -> Bool {
    Self.matches(
      (row["state_mac"] as Data?).map(Array.init),
      mac(apiKey: row["id"], revokedAt: row["revoked_at"], revokedUntil: row["revoked_until"]))
  }

  /// An API key record; when its revocation fields do not match their MAC, as revoked.
  func keyRecord(_ row: Row) -> KeyRecord {
    var record = SQLiteKeyStore.keyRecord(row)
    if !isRevocationIntact(row), record.revokedAt == nil { record.revokedAt = record.modifiedAt }
    return record
  }

  /// Every signing key, in their safer state where a MAC does not match or where the audit trail
  /// records a retirement the row no longer shows; with the problems found.
  func signingKeys(in db: Database) throws -> (keys: [StoredSigningKey], problems: [String]) {
    var problems: [String] = []
    let retired = Set(
      try String.fetchAll(
        db, sql: "SELECT DISTINCT target FROM audit_log WHERE action = 'retire_signing_key'"))
    let keys = try Row.fetchAll(db, sql: "SELECT * FROM signing_keys ORDER BY created_at").map {
      row in
      var (key, problem) = try signingKey(row)
      if let problem { problems.append(problem) }
      if problem == nil, retired.contains(key.info.kid), key.info.retiringAt == nil {
        key.info.retiringAt = key.info.createdAt
        key.info.unpublishedAt = key.info.createdAt
        problems.append(
          "signing key \(key.info.kid): the audit trail records its retirement, its row does not (rolled back); treated as retired"
        )
      }
      return key
    }
    return (keys, problems)
  }

  /// The revoked API keys listed at `now`, plus every key the audit trail records as revoked whose
  /// row is gone, no longer revoked or does not match its MAC (listed for good); with the
  /// problems found.
  func revocations(
    listedAt now: Date, in db: Database
  ) throws
    -> (revoked: [RevokedKey], problems: [String])
  {
    var problems: [String] = []
    var listed: [Int64: RevokedKey] = [:]
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT id, revoked_at, revoked_until, state_mac, modified_at FROM api_keys
        WHERE revoked_at IS NOT NULL AND (revoked_until IS NULL OR revoked_until > ?)
        """,
      arguments: [(now - RevokedKey.listingMargin).microsecondsSince1970])
    for row in rows {
      var key = SQLiteKeyStore.revokedKey(row)
      if !isRevocationIntact(row) {
        key = RevokedKey(id: key.id, revokedAt: key.revokedAt, expiresAt: nil)
        problems.append(
          "API key \(key.id): its revocation does not match its MAC (changed outside apikeyserv); listed for good"
        )
      }
      listed[key.id] = key
    }
    let audited = try Row.fetchAll(
      db,
      sql: """
        SELECT a.target, min(a.at) AS audited_at, k.id, k.revoked_at, k.revoked_until, k.state_mac
        FROM audit_log a LEFT JOIN api_keys k ON k.id = CAST(a.target AS INTEGER)
        WHERE a.action = 'revoke_key' GROUP BY a.target
        """)
    for row in audited {
      guard let id = Int64(row["target"] as String) else { continue }
      let revokedAt = Date(microsecondsSince1970: row["audited_at"])
      let problem: String
      if row["id"] as Int64? == nil {
        problem =
          "API key \(id): the audit trail records its revocation, its record is gone (deleted)"
      } else if !isRevocationIntact(row) {
        problem =
          "API key \(id): its revocation does not match its MAC (changed outside apikeyserv)"
      } else if row["revoked_at"] as Int64? == nil {
        problem =
          "API key \(id): the audit trail records its revocation, its row does not (rolled back)"
      } else {
        continue
      }
      if !problems.contains(where: { $0.hasPrefix("API key \(id):") }) {
        problems.append(problem + "; listed for good")
      }
      listed[id] = RevokedKey(id: id, revokedAt: revokedAt, expiresAt: nil)
    }
    return (listed.values.sorted { $0.id < $1.id }, problems)
  }

  /// Every problem with the sealed state: all rows' MACs, and the audit trail's revocations and
  /// retirements against the rows (for `audit verify` and `restore`).
  func problems(in db: Database) throws -> [String] {
    var problems = try signingKeys(in: db).problems
    problems += try revocations(listedAt: .distantPast, in: db).problems
    let rows = try Row.fetchCursor(
      db, sql: "SELECT id, revoked_at, revoked_until, state_mac FROM api_keys ORDER BY id")
    while let row = try rows.next() {
      let id: Int64 = row["id"]
      if !isRevocationIntact(row), !problems.contains(where: { $0.hasPrefix("API key \(id):") }) {
        problems.append(
          "API key \(id): its revocation fields do not match their MAC (changed outside apikeyserv); treated as revoked"
        )
      }
    }
    return problems
  }
}
