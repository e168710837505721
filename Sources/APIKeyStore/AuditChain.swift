import APIKeyCore
import APIKeyCrypto
import Foundation
import GRDB

/// The audit trail's hash chain: each row's hash covers the previous row's hash and every field of
/// its own, so an edited, inserted or deleted row breaks the chain from there on; a deleted tail
/// shows against SQLite's AUTOINCREMENT counter, which keeps the highest sequence ever used.
/// The hash is an HMAC-SHA-256 under a key derived from the master key: someone who can write the
/// database file but not read the master key cannot recompute the chain after an edit.
struct AuditChain: Sendable {
  /// The HMAC key.
  let key: [UInt8]

  /// The "previous hash" of the first row.
  static let genesis = [UInt8](repeating: 0, count: 32)

  /// The hash of row `seq` holding `entry`, after a row with hash `previous`.
  func hash(previous: [UInt8], seq: Int64, entry: AuditEntry) -> [UInt8] {
    var input = previous
    Self.bigEndian(UInt64(bitPattern: seq), to: &input)
    Self.bigEndian(UInt64(bitPattern: entry.at.microsecondsSince1970), to: &input)
    for field in [entry.action, entry.target, entry.outcome, entry.caller] {
      let bytes = Array(field.utf8)
      Self.bigEndian(UInt64(bytes.count), to: &input)
      input += bytes
    }
    return HMACSHA256.authenticate(input, key: key)
  }

  private static func bigEndian(_ value: UInt64, to bytes: inout [UInt8]) {
    for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
  }

  /// Appends `entry` as the next row of the chain (inside the caller's transaction).
  func append(_ entry: AuditEntry, in db: Database) throws {
    let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    let previous: [UInt8] = (last?["hash"] as Data?).map(Array.init) ?? Self.genesis
    try db.execute(
      sql: "INSERT INTO audit_log (at, action, target, outcome, caller) VALUES (?, ?, ?, ?, ?)",
      arguments: [
        entry.at.microsecondsSince1970, entry.action, entry.target, entry.outcome, entry.caller,
      ])
    let seq = db.lastInsertedRowID
    try db.execute(
      sql: "UPDATE audit_log SET hash = ? WHERE seq = ?",
      arguments: [Data(hash(previous: previous, seq: seq, entry: entry)), seq])
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
        return AuditVerification(checked: checked, firstBroken: (stored.seq, problem), head: previous)
      }
      if stored.hash != hash(previous: previous, seq: stored.seq, entry: stored.entry) {
        let problem = "row \(stored.seq) does not match its hash (edited, or the row before it was)"
        return AuditVerification(checked: checked, firstBroken: (stored.seq, problem), head: previous)
      }
      previous = stored.hash
      expectedSeq += 1
    }
    let highest = try Int64.fetchOne(
      db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'") ?? 0
    if highest >= expectedSeq {
      let problem = "rows \(expectedSeq) to \(highest) are missing (the trail was truncated)"
      return AuditVerification(checked: checked, firstBroken: (expectedSeq, problem), head: previous)
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
