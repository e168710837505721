import APIKeyCore
import APIKeyCrypto
import Foundation

/// The security record under the chain's keyed head: the audit entries that change security
/// state one way only (a signing key's retirement, an API key's revocation), chained by their own
/// keyed hash and counted in the head. The rows' state MACs cannot say which of their earlier
/// states is current (an earlier MAC stays valid); these entries can, and someone who can write
/// the database but not read the master key can neither remove nor edit one unnoticed.
extension AuditChain {
  /// The actions whose entries make the security record.
  static let securityActions: Set<String> = ["retire_signing_key", "revoke_key"]

  /// The security record's hash after `entry` at `seq`, following `previous`.
  func securityHash(previous: [UInt8], seq: Int64, entry: AuditEntry) -> [UInt8] {
    var input = MACInput(prefix: previous)
    input.append("security")
    input.append(seq)
    input.append(entry.at.microsecondsSince1970)
    input.append(entry.action)
    input.append(entry.target)
    return HMACSHA256.authenticate(input.bytes, key: key)
  }

  /// The MAC of the chain's head: the last row's sequence number and hash, and the security
  /// record.
  func headMAC(_ head: AuditHead) -> [UInt8] {
    guard head.hasSecurityRecord else { return headMACv4(head) }
    var input = MACInput(domain: "audit_head")
    input.append(head.seq)
    input.append(head.hash)
    input.append(head.securityCount)
    input.append(head.securityHash)
    return HMACSHA256.authenticate(input.bytes, key: key)
  }

  /// Writes the head of the chain with its security record, sealed from the trail as it is (when
  /// the head, or its security record, is introduced: the entries are trusted as they are). A
  /// head there already keeps its sequence number and hash, so a cut trail stays visible; one
  /// whose MAC (`previousMAC`, the older schema's) did not match keeps its MAC too, so the upgrade
  /// does not bless an edit: it stays reported.
  func sealHead(in tx: any SQLTransaction, previousMAC: (AuditHead) -> [UInt8]) throws {
    var head = AuditHead()
    if let stored = try AuditHead(in: tx) {
      (head.seq, head.hash) = (stored.seq, stored.hash)
    } else if let last = try tx.row("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1") {
      (head.seq, head.hash) = (try last["seq"], try last["hash"])
    }
    for entry in try securityEntries(in: tx) {
      head.record(securityEntry: entry.entry, seq: entry.seq, chain: self)
    }
    if let stored = try AuditHead(in: tx), !StateSeal.matches(stored.mac, previousMAC(stored)) {
      return try head.write(mac: stored.mac, in: tx)
    }
    try head.write(mac: headMAC(head), in: tx)
  }

  /// The head's MAC as schema v4 made it (the last row's sequence number and hash only).
  func headMACv4(_ head: AuditHead) -> [UInt8] {
    var input = MACInput(domain: "audit_head")
    input.append(head.seq)
    input.append(head.hash)
    return HMACSHA256.authenticate(input.bytes, key: key)
  }

  /// The security entries, oldest first (the hash column is not read).
  func securityEntries(in tx: any SQLTransaction) throws -> [StoredAuditEntry] {
    let actions = Self.securityActions.sorted()
    return try tx.rows(
      """
      SELECT seq, at, action, target, outcome, caller FROM audit_log
      WHERE action IN (\(actions.map { _ in "?" }.joined(separator: ", "))) ORDER BY seq
      """, actions.map { SQLValue.text($0) }
    ).map(StoredAuditEntry.init)
  }

  /// The security entries when they are exactly those the keyed head records and no row lies past
  /// the head; otherwise what is wrong (an entry edited, removed or added, the head edited or
  /// rolled back).
  func verifiedSecurityEntries(
    in tx: any SQLTransaction
  ) throws -> Result<[StoredAuditEntry], SecurityRecordProblem> {
    let entries = try securityEntries(in: tx)
    let last = try tx.row("SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1")
    guard let head = try AuditHead(in: tx) else {
      return last == nil && entries.isEmpty
        ? .success(entries) : .failure(SecurityRecordProblem("the chain's head record is missing"))
    }
    guard StateSeal.matches(head.mac, headMAC(head)) else {
      return .failure(SecurityRecordProblem("the chain's head record does not match its MAC"))
    }
    // Rows past the head, or a head that is not its row: the head was rolled back (its record may
    // be an older one). A head past the last row is a cut tail: the record still counts every
    // revocation and retirement, so a cut one shows below; `audit verify` reports the cut.
    let lastSeq: Int64 = try last?["seq"] ?? 0
    let headRow = try tx.row("SELECT hash FROM audit_log WHERE seq = ?", [head.seq])
    let headRowHash: [UInt8]? = headRow.map { (try? $0["hash"]) ?? [] }
    guard lastSeq <= head.seq, headRowHash == nil || headRowHash == head.hash else {
      return .failure(
        SecurityRecordProblem(
          "the chain's recorded head (row \(head.seq)) is not the trail's last row (\(lastSeq))"))
    }
    guard head.hasSecurityRecord else { return .success(entries) }
    var record = AuditHead()
    for entry in entries {
      record.record(securityEntry: entry.entry, seq: entry.seq, chain: self)
    }
    guard record.securityCount == head.securityCount,
      StateSeal.matches(record.securityHash, head.securityHash)
    else {
      return .failure(
        SecurityRecordProblem(
          "the trail holds \(record.securityCount) revocations and retirements where its keyed head records \(head.securityCount), or one of them was edited"
        ))
    }
    return .success(entries)
  }
}

/// What is wrong with the audit trail's security record.
struct SecurityRecordProblem: Error, Sendable {
  let reason: String

  init(_ reason: String) { self.reason = reason }

  /// The problem as reported.
  var description: String {
    "the audit trail's revocations and retirements were changed outside apikeyserv (\(reason)): which keys are revoked or retired cannot be known from the database"
  }
}
