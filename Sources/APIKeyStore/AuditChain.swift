import APIKeyCore
import APIKeyCrypto
import Foundation
import GRDB

/// The audit trail's hash chain: each row's hash covers the previous row's hash and every field of
/// its own, so an edited, inserted or deleted row breaks the chain from there on. A deleted tail
/// shows against the chain's head (`audit_head`: the last sequence number and hash, with a MAC),
/// written in the same transaction as every row.
/// The hash is an HMAC-SHA-256 under a key derived from the master key: someone who can write the
/// database file but not read the master key cannot recompute the chain after an edit.
struct AuditChain: Sendable {
  /// Keys every row's HMAC; derived from the master key, so the chain cannot be recomputed
  /// without it.
  let key: [UInt8]

  /// The "previous hash" of the first row.
  static let genesis = [UInt8](repeating: 0, count: 32)

  /// The hash of row `seq` holding `entry`, after a row with hash `previous`.
  func hash(previous: [UInt8], seq: Int64, entry: AuditEntry) -> [UInt8] {
    var input = MACInput(prefix: previous)
    input.append(seq)
    input.append(entry.at.microsecondsSince1970)
    for field in [entry.action, entry.target, entry.outcome, entry.caller] { input.append(field) }
    return HMACSHA256.authenticate(input.bytes, key: key)
  }

  /// The MAC of the chain's head: the last row's sequence number and hash.
  func headMAC(seq: Int64, hash: [UInt8]) -> [UInt8] {
    var input = MACInput(domain: "audit_head")
    input.append(seq)
    input.append(hash)
    return HMACSHA256.authenticate(input.bytes, key: key)
  }

  /// Records `seq` and `hash` as the chain's head (inside the caller's transaction).
  private func writeHead(seq: Int64, hash: [UInt8], in db: Database) throws {
    try db.execute(
      sql: "INSERT OR REPLACE INTO audit_head (id, seq, hash, mac) VALUES (1, ?, ?, ?)",
      arguments: [seq, Data(hash), Data(headMAC(seq: seq, hash: hash))])
  }

  /// Writes the head of the chain as it is (when the head row is introduced).
  func sealHead(in db: Database) throws {
    let last = try Row.fetchOne(
      db, sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    try writeHead(
      seq: last?["seq"] ?? 0, hash: (last?["hash"] as Data?).map(Array.init) ?? Self.genesis, in: db
    )
  }

  /// Appends `entry` as the next row of the chain (inside the caller's transaction). It follows
  /// the recorded head, not whatever row is last: after a cut the new row does not fit the rows
  /// left, and the cut stays visible.
  func append(_ entry: AuditEntry, in db: Database) throws {
    let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_head WHERE id = 1")
    let previousSeq: Int64 = head?["seq"] ?? 0
    let previous: [UInt8] = (head?["hash"] as Data?).map(Array.init) ?? Self.genesis
    let seq = previousSeq + 1
    try db.execute(
      sql:
        "INSERT INTO audit_log (seq, at, action, target, outcome, caller) VALUES (?, ?, ?, ?, ?, ?)",
      arguments: [
        seq, entry.at.microsecondsSince1970, entry.action, entry.target, entry.outcome,
        entry.caller,
      ])
    let hash = hash(previous: previous, seq: seq, entry: entry)
    try db.execute(
      sql: "UPDATE audit_log SET hash = ? WHERE seq = ?", arguments: [Data(hash), seq])
    try writeHead(seq: seq, hash: hash, in: db)
  }

  /// Computes the hash of every row that has none (rows written before the chain existed).
  func seal(in db: Database) throws {
    var previous = Self.genesis
    for row in try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY seq") {
      let stored = StoredAuditEntry(row)
      let hash = hash(previous: previous, seq: stored.seq, entry: stored.entry)
      try db.execute(
        sql: "UPDATE audit_log SET hash = ? WHERE seq = ?", arguments: [Data(hash), stored.seq])
      previous = hash
    }
  }

  /// Walks the whole trail, oldest first.
  func verify(in db: Database) throws -> AuditVerification {
    var previous = Self.genesis
    var expectedSeq: Int64 = 1
    var checked = 0
    let rows = try Row.fetchCursor(db, sql: "SELECT * FROM audit_log ORDER BY seq")
    while let row = try rows.next() {
      let stored = StoredAuditEntry(row)
      checked += 1
      if stored.seq != expectedSeq {
        let problem = "rows \(expectedSeq) to \(stored.seq - 1) are missing (deleted)"
        return AuditVerification(
          checked: checked, firstBroken: (stored.seq, problem), head: previous)
      }
      if stored.hash != hash(previous: previous, seq: stored.seq, entry: stored.entry) {
        let problem = "row \(stored.seq) does not match its hash (edited, or the row before it was)"
        return AuditVerification(
          checked: checked, firstBroken: (stored.seq, problem), head: previous)
      }
      previous = stored.hash
      expectedSeq += 1
    }
    let lastSeq = expectedSeq - 1
    guard let head = try Row.fetchOne(db, sql: "SELECT seq, hash, mac FROM audit_head WHERE id = 1")
    else {
      let problem = "the chain's head record is missing (deleted)"
      return AuditVerification(
        checked: checked, firstBroken: (expectedSeq, problem), head: previous)
    }
    let headSeq: Int64 = head["seq"]
    let headHash: [UInt8] = (head["hash"] as Data?).map(Array.init) ?? []
    let storedMAC: [UInt8] = (head["mac"] as Data?).map(Array.init) ?? []
    guard StateSeal.matches(storedMAC, headMAC(seq: headSeq, hash: headHash)) else {
      let problem = "the chain's head record does not match its MAC (edited)"
      return AuditVerification(
        checked: checked, firstBroken: (expectedSeq, problem), head: previous)
    }
    if headSeq > lastSeq {
      let problem = "rows \(expectedSeq) to \(headSeq) are missing (the trail was cut)"
      return AuditVerification(
        checked: checked, firstBroken: (expectedSeq, problem), head: previous)
    }
    if headSeq < lastSeq || headHash != previous {
      let problem = "the last row is not the chain's recorded head (row \(headSeq))"
      return AuditVerification(
        checked: checked, firstBroken: (min(headSeq + 1, lastSeq), problem), head: previous)
    }
    return AuditVerification(checked: checked, firstBroken: nil, head: previous)
  }
}

extension StoredAuditEntry {
  /// Reads an `audit_log` row.
  init(_ row: Row) {
    self.init(
      seq: row["seq"],
      entry: AuditEntry(
        at: Date(microsecondsSince1970: row["at"]), action: row["action"], target: row["target"],
        outcome: row["outcome"], caller: row["caller"]),
      hash: (row["hash"] as Data?).map(Array.init) ?? [])
  }
}
