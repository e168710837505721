import APIKeyCore
import APIKeyCrypto
import Foundation

/// Reading and writing the sealed security state of rows, and checking it against the audit
/// trail, whose revocations and retirements cannot be removed without breaking the chain.
extension StateSeal {
  /// The key check: a MAC of a fixed text, stored once, so that a daemon started with another
  /// master key refuses the database instead of reading every row as tampered.
  var keyCheck: [UInt8] { HMACSHA256.authenticate(Array("apikeyserv key check".utf8), key: key) }

  /// Throws unless the database's key check was made with this key.
  func checkKey(in tx: any SQLTransaction) throws {
    guard let stored = try tx.value("SELECT mac FROM key_check WHERE id = 1", as: [UInt8].self),
      Self.matches(stored, keyCheck)
    else {
      throw APIKeyError.failedPrecondition(
        "the database was sealed with another master key (or its key check was removed): is this the master key of this database?"
      )
    }
  }

  /// Computes the MAC of every row (when sealing is introduced: the rows are trusted as they are)
  /// and the key check.
  func seal(in tx: any SQLTransaction) throws {
    try tx.execute(
      "INSERT INTO key_check (id, mac) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET mac = excluded.mac",
      [keyCheck])
    for row in try tx.rows("SELECT * FROM signing_keys") {
      let key = try SQLKeyStore.signingKey(row)
      try tx.execute(
        "UPDATE signing_keys SET state_mac = ? WHERE kid = ?", [mac(key.info), key.info.kid])
    }
    for row in try tx.rows("SELECT id, revoked_at, revoked_until FROM api_keys") {
      let id: Int64 = try row["id"]
      try tx.execute(
        "UPDATE api_keys SET state_mac = ? WHERE id = ?",
        [
          mac(apiKey: id, revokedAt: try row["revoked_at"], revokedUntil: try row["revoked_until"]),
          id,
        ])
    }
  }

  /// A `signing_keys` row; when its lifecycle does not match its MAC, the key as retired (at its
  /// creation: never published) and the problem.
  func signingKey(_ row: SQLRow) throws -> (key: StoredSigningKey, problem: String?) {
    var key = try SQLKeyStore.signingKey(row)
    guard !Self.matches(try? row["state_mac"], mac(key.info)) else {
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
  func isRevocationIntact(_ row: SQLRow) -> Bool {
    // A field that cannot be read as what it should be (a text where a time belongs) fails the
    // check: `try?` would read it as NULL, which a MAC over NULL would then accept.
    let id: Int64
    let revokedAt: Int64?
    let revokedUntil: Int64?
    do {
      (id, revokedAt, revokedUntil) = (
        try row["id"], try row["revoked_at"], try row["revoked_until"]
      )
    } catch {
      return false
    }
    return Self.matches(
      try? row["state_mac"], mac(apiKey: id, revokedAt: revokedAt, revokedUntil: revokedUntil))
  }

  /// An API key record; when its revocation fields do not match their MAC, as revoked.
  func keyRecord(_ row: SQLRow) throws -> KeyRecord {
    var record = try SQLKeyStore.keyRecord(row)
    if !isRevocationIntact(row), record.revokedAt == nil { record.revokedAt = record.modifiedAt }
    return record
  }

  /// Every signing key, in their safer state where a MAC does not match or where the audit trail
  /// records a retirement the row no longer shows; with the problems found. `record`: the audit
  /// trail's security entries (`AuditChain.securityEntries`).
  func signingKeys(
    in tx: any SQLTransaction, record: [StoredAuditEntry]
  ) throws -> (
    keys: [StoredSigningKey], problems: [String]
  ) {
    var problems: [String] = []
    let retired = Set(
      record.lazy.filter { $0.entry.action == "retire_signing_key" }.map(\.entry.target))
    let keys = try tx.rows("SELECT * FROM signing_keys ORDER BY created_at, kid").map { row in
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

  /// Ids per query when the rows of audited revocations are read.
  private static let idsPerQuery = 500

  /// The revoked API keys listed at `now`, plus every key the audit trail records as revoked whose
  /// row is gone, no longer revoked or does not match its MAC (listed for good); with the
  /// problems found. `record`: the audit trail's security entries.
  func revocations(
    listedAt now: Date, in tx: any SQLTransaction, record: [StoredAuditEntry]
  ) throws
    -> (revoked: [RevokedKey], problems: [String])
  {
    var problems: [String] = []
    var listed: [Int64: RevokedKey] = [:]
    let rows = try tx.rows(
      """
      SELECT id, revoked_at, revoked_until, state_mac, modified_at FROM api_keys
      WHERE revoked_at IS NOT NULL AND (revoked_until IS NULL OR revoked_until > ?)
      """,
      [(now - RevokedKey.listingMargin).microsecondsSince1970])
    for row in rows {
      var key = try SQLKeyStore.revokedKey(row)
      if !isRevocationIntact(row) {
        key = RevokedKey(id: key.id, revokedAt: key.revokedAt, expiresAt: nil)
        problems.append(
          "API key \(key.id): its revocation does not match its MAC (changed outside apikeyserv); listed for good"
        )
      }
      listed[key.id] = key
    }
    // The first audited revocation of each id (ids of any length, 1 to 2^63 - 1).
    var audited: [Int64: Date] = [:]
    for stored in record where stored.entry.action == "revoke_key" {
      guard let id = Int64(stored.entry.target), audited[id] == nil else { continue }
      audited[id] = stored.entry.at
    }
    let ids = audited.keys.sorted()
    var found: [Int64: SQLRow] = [:]
    for start in stride(from: 0, to: ids.count, by: Self.idsPerQuery) {
      let chunk = ids[start ..< min(start + Self.idsPerQuery, ids.count)]
      let marks = chunk.map { _ in "?" }.joined(separator: ", ")
      for row in try tx.rows(
        "SELECT id, revoked_at, revoked_until, state_mac FROM api_keys WHERE id IN (\(marks))",
        chunk.map { SQLValue.integer($0) })
      {
        found[try row["id"]] = row
      }
    }
    for id in ids {
      let problem: String
      if let row = found[id] {
        if !isRevocationIntact(row) {
          problem =
            "API key \(id): its revocation does not match its MAC (changed outside apikeyserv)"
        } else if row.value("revoked_at") == .null {
          problem =
            "API key \(id): the audit trail records its revocation, its row does not (rolled back)"
        } else {
          continue
        }
      } else {
        problem =
          "API key \(id): the audit trail records its revocation, its record is gone (deleted)"
      }
      if !problems.contains(where: { $0.hasPrefix("API key \(id):") }) {
        problems.append(problem + "; listed for good")
      }
      // '!' is fine: ids are the keys of audited.
      listed[id] = RevokedKey(id: id, revokedAt: audited[id]!, expiresAt: nil)
    }
    return (listed.values.sorted { $0.id < $1.id }, problems)
  }

  /// The security state as the daemon loads it: every signing key and the revocations listed at
  /// `now`, each in its safer state where its row does not match its MAC or the audit trail's
  /// security record; and whether that record itself is intact (when it is not, the rows cannot
  /// be trusted to show every revocation and retirement).
  func securityState(
    listedAt now: Date, in tx: any SQLTransaction, chain: AuditChain
  ) throws -> (
    keys: [StoredSigningKey], revoked: [RevokedKey], problems: [String],
    recordProblem: String?
  ) {
    let verified = try chain.verifiedSecurityEntries(in: tx)
    let record: [StoredAuditEntry]
    let recordProblem: String?
    switch verified {
    case .success(let entries): (record, recordProblem) = (entries, nil)
    case .failure(let problem):
      (record, recordProblem) = (try chain.securityEntries(in: tx), problem.description)
    }
    let (keys, keyProblems) = try signingKeys(in: tx, record: record)
    let (revoked, revocationProblems) = try revocations(listedAt: now, in: tx, record: record)
    return (
      keys, revoked, (recordProblem.map { [$0] } ?? []) + keyProblems + revocationProblems,
      recordProblem
    )
  }

  /// Every problem with the sealed state: all rows' MACs, and the audit trail's revocations and
  /// retirements against the rows (for `audit verify` and `restore`).
  func problems(in tx: any SQLTransaction, chain: AuditChain) throws -> [String] {
    var problems = try securityState(listedAt: .distantPast, in: tx, chain: chain).problems
    var after = Int64.min
    while true {
      let rows = try tx.rows(
        "SELECT id, revoked_at, revoked_until, state_mac FROM api_keys WHERE id > ? ORDER BY id LIMIT 5000",
        [after])
      for row in rows {
        let id: Int64 = try row["id"]
        after = id
        if !isRevocationIntact(row), !problems.contains(where: { $0.hasPrefix("API key \(id):") }) {
          problems.append(
            "API key \(id): its revocation fields do not match their MAC (changed outside apikeyserv); treated as revoked"
          )
        }
      }
      if rows.count < 5000 { return problems }
    }
  }
}
