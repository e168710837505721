import APIKeyCore
import Foundation

/// The audit chain's head as stored in `audit_head`: the last row's sequence number and hash, and
/// the security record (how many revocations and retirements the trail holds, and a keyed hash
/// over them), under one MAC. The security record lets the daemon check, each time it loads the
/// security state, that none of those entries was edited, removed or added outside apikeyserv,
/// without walking the whole trail.
struct AuditHead: Sendable, Equatable {
  /// The last row's sequence number (0: no row yet).
  var seq: Int64 = 0
  /// The last row's hash.
  var hash: [UInt8] = AuditChain.genesis
  /// How many security entries (`AuditChain.securityActions`) the trail holds.
  var securityCount: Int64 = 0
  /// The keyed hash over every security entry, oldest first.
  var securityHash: [UInt8] = AuditChain.genesis
  /// The stored MAC (empty for a head not read from the database).
  var mac: [UInt8] = []
  /// Read from a schema before v5 (a backup made then): no security record, the MAC over the
  /// sequence number and hash only.
  var hasSecurityRecord = true

  /// An empty chain's head.
  init() {}

  /// The stored head; nil when there is none.
  init?(in tx: any SQLTransaction) throws {
    guard
      let row = try tx.row("SELECT * FROM audit_head WHERE id = 1")
    else { return nil }
    hasSecurityRecord = row.columns.contains("security_count")
    seq = try row["seq"]
    hash = (try? row["hash"]) ?? []
    mac = (try? row["mac"]) ?? []
    securityCount = (try? row["security_count"]) ?? 0
    securityHash = (try? row["security_hash"]) ?? []
  }

  /// Adds the security entry `entry`, at `seq`, to the security record.
  mutating func record(securityEntry entry: AuditEntry, seq: Int64, chain: AuditChain) {
    securityCount += 1
    securityHash = chain.securityHash(previous: securityHash, seq: seq, entry: entry)
  }

  /// Writes the head with `mac` (inside the caller's transaction).
  func write(mac: [UInt8], in tx: any SQLTransaction) throws {
    try tx.execute(
      """
      INSERT INTO audit_head (id, seq, hash, mac, security_count, security_hash)
      VALUES (1, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, mac = excluded.mac,
        security_count = excluded.security_count, security_hash = excluded.security_hash
      """,
      [seq, hash, mac, securityCount, securityHash])
  }
}
