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

  /// Appends `entry` as the next row of the chain (inside the caller's transaction).
  func append(_ entry: AuditEntry, in tx: any SQLTransaction) throws {
    try append([entry], in: tx)
  }

  /// Appends `entries`, in order, as the next rows of the chain: the head read and written once,
  /// the rows in multi-row inserts. It follows the recorded head, not whatever row is last: after
  /// a cut the new rows do not fit the rows left, and the cut stays visible.
  func append(_ entries: [AuditEntry], in tx: any SQLTransaction) throws {
    guard !entries.isEmpty else { return }
    var head = try AuditHead(in: tx) ?? AuditHead()
    var rows: [[SQLValue]] = []
    for entry in entries {
      head.seq += 1
      head.hash = hash(previous: head.hash, seq: head.seq, entry: entry)
      if Self.securityActions.contains(entry.action) {
        head.record(securityEntry: entry, seq: head.seq, chain: self)
      }
      rows.append([
        .integer(head.seq), .integer(entry.at.microsecondsSince1970), .text(entry.action),
        .text(entry.target), .text(entry.outcome), .text(entry.caller), .blob(head.hash),
      ])
    }
    try tx.insertRows(
      into: "audit_log", columns: ["seq", "at", "action", "target", "outcome", "caller", "hash"],
      rows)
    try head.write(mac: headMAC(head), in: tx)
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
    guard let head = try AuditHead(in: tx) else {
      let problem = "the chain's head record is missing (deleted)"
      return AuditVerification(
        checked: checked, firstBroken: (expectedSeq, problem), head: previous)
    }
    let (headSeq, headHash) = (head.seq, head.hash)
    guard StateSeal.matches(head.mac, headMAC(head)) else {
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
