import APIKeyCore
import APIKeyCrypto
import Foundation

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
  private func writeHead(seq: Int64, hash: [UInt8], in tx: any SQLTransaction) throws {
    try tx.execute(
      """
      INSERT INTO audit_head (id, seq, hash, mac) VALUES (1, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, mac = excluded.mac
      """,
      [seq, hash, headMAC(seq: seq, hash: hash)])
  }

  /// Writes the head of the chain as it is (when the head row is introduced).
  func sealHead(in tx: any SQLTransaction) throws {
    let last = try tx.row("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    try writeHead(
      seq: try last?["seq"] ?? 0, hash: try last?["hash"] ?? Self.genesis, in: tx)
  }

  /// Appends `entry` as the next row of the chain (inside the caller's transaction). It follows
  /// the recorded head, not whatever row is last: after a cut the new row does not fit the rows
  /// left, and the cut stays visible.
  func append(_ entry: AuditEntry, in tx: any SQLTransaction) throws {
    let head = try tx.row("SELECT seq, hash FROM audit_head WHERE id = 1")
    let previousSeq: Int64 = try head?["seq"] ?? 0
    let previous: [UInt8] = try head?["hash"] ?? Self.genesis
    let seq = previousSeq + 1
    let hash = hash(previous: previous, seq: seq, entry: entry)
    try tx.execute(
      """
      INSERT INTO audit_log (seq, at, action, target, outcome, caller, hash)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      """,
      [
        seq, entry.at.microsecondsSince1970, entry.action, entry.target, entry.outcome,
        entry.caller, hash,
      ])
    try writeHead(seq: seq, hash: hash, in: tx)
  }

  /// Appends `entries`, in order, as the next rows of the chain: the head read and written once,
  /// the rows in multi-row inserts.
  func append(_ entries: [AuditEntry], in tx: any SQLTransaction) throws {
    guard !entries.isEmpty else { return }
    let head = try tx.row("SELECT seq, hash FROM audit_head WHERE id = 1")
    var seq: Int64 = try head?["seq"] ?? 0
    var previous: [UInt8] = try head?["hash"] ?? Self.genesis
    var rows: [[SQLValue]] = []
    for entry in entries {
      seq += 1
      previous = hash(previous: previous, seq: seq, entry: entry)
      rows.append([
        .integer(seq), .integer(entry.at.microsecondsSince1970), .text(entry.action),
        .text(entry.target), .text(entry.outcome), .text(entry.caller), .blob(previous),
      ])
    }
    try tx.insertRows(
      into: "audit_log", columns: ["seq", "at", "action", "target", "outcome", "caller", "hash"],
      rows)
    try writeHead(seq: seq, hash: previous, in: tx)
  }

  /// Rows per query when the whole trail is read.
  private static let page = 5000

  /// Calls `body` with every row of the trail, oldest first, reading a page at a time; stops
  /// when `body` returns false.
  static func forEachRow(
    in tx: any SQLTransaction, _ body: (StoredAuditEntry) throws -> Bool
  ) throws {
    var after = Int64.min
    while true {
      let rows = try tx.rows(
        "SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", [after, page])
      for row in rows {
        let stored = try StoredAuditEntry(row)
        guard try body(stored) else { return }
        after = stored.seq
      }
      if rows.count < page { return }
    }
  }

  /// Computes the hash of every row that has none (rows written before the chain existed).
  func seal(in tx: any SQLTransaction) throws {
    var previous = Self.genesis
    try Self.forEachRow(in: tx) { stored in
      let hash = hash(previous: previous, seq: stored.seq, entry: stored.entry)
      try tx.execute("UPDATE audit_log SET hash = ? WHERE seq = ?", [hash, stored.seq])
      previous = hash
      return true
    }
  }

  /// Walks the whole trail, oldest first.
  func verify(in tx: any SQLTransaction) throws -> AuditVerification {
    var previous = Self.genesis
    var expectedSeq: Int64 = 1
    var checked = 0
    var broken: (Int64, String)?
    try Self.forEachRow(in: tx) { stored in
      checked += 1
      if stored.seq != expectedSeq {
        broken = (stored.seq, "rows \(expectedSeq) to \(stored.seq - 1) are missing (deleted)")
        return false
      }
      if stored.hash != hash(previous: previous, seq: stored.seq, entry: stored.entry) {
        broken = (
          stored.seq, "row \(stored.seq) does not match its hash (edited, or the row before it was)"
        )
        return false
      }
      previous = stored.hash
      expectedSeq += 1
      return true
    }
    if let broken {
      return AuditVerification(checked: checked, firstBroken: broken, head: previous)
    }
    let lastSeq = expectedSeq - 1
    guard let head = try tx.row("SELECT seq, hash, mac FROM audit_head WHERE id = 1") else {
      let problem = "the chain's head record is missing (deleted)"
      return AuditVerification(
        checked: checked, firstBroken: (expectedSeq, problem), head: previous)
    }
    let headSeq: Int64 = try head["seq"]
    let headHash: [UInt8] = (try? head["hash"]) ?? []
    let storedMAC: [UInt8] = (try? head["mac"]) ?? []
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
  init(_ row: SQLRow) throws {
    self.init(
      seq: try row["seq"],
      entry: AuditEntry(
        at: Date(microsecondsSince1970: try row["at"]), action: try row["action"],
        target: try row["target"], outcome: try row["outcome"], caller: try row["caller"]),
      hash: (try? row["hash"]) ?? [])
  }
}
