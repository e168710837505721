package import APIKeyCore
import APIKeyStore
package import Foundation
import Logging

/// Erasing an owner's personal data (GDPR): on request (`erase`) and on a schedule for keys
/// expired or revoked long enough ago (`eraseExpired`). The key stays (its id, dates, tokens and
/// revocation) so that the audit trail, which never held the details, still verifies and names it.
extension KeyService {
  /// Erases key `id`: revokes it if it is not revoked (a new revision), blanks its contact
  /// details, name, tags and reason, audits `erase_key`, and leaves no copy of the old values in
  /// the database's write-ahead log. The record as erased and the revision.
  package func erase(id: Int64, caller: Caller) async throws -> (KeyRecord, UInt64) {
    try Self.checkKeyID(id)
    let now = clock()
    let (record, revised) = try await store.write { store in
      guard let record = try store.record(id: id) else { throw Self.unknownKey(id) }
      try Self.checkNotErased(record)
      return try Self.erase(record, at: now, caller: caller, in: store)
    }
    return (record, try await erased([record], revised: revised, caller: caller))
  }

  /// Erases, as the daemon, every key not yet erased that expired or was revoked more than
  /// `after` seconds ago, at most `limit` per call; the keys erased.
  package func eraseExpired(after: Double, limit: Int = 1000) async throws -> [KeyRecord] {
    let now = clock()
    let caller = Caller.daemon("apikeyserv erasure schedule")
    let (records, revised) = try await store.write { store in
      var revised = false
      let records = try store.keysToErase(before: now - after, limit: limit).map { record in
        let (erased, revoked) = try Self.erase(record, at: now, caller: caller, in: store)
        revised = revised || revoked
        return erased
      }
      return (records, revised)
    }
    if !records.isEmpty { _ = try await erased(records, revised: revised, caller: caller) }
    return records
  }

  /// Refuses a change to an erased key's details.
  static func checkNotErased(_ record: KeyRecord) throws {
    if let erased = record.erasedAt {
      throw APIKeyError.failedPrecondition(
        "key \(record.id) was erased at \(erased.ISO8601Format()); its details are gone")
    }
  }

  /// Erases `record` in `store` (revoking it first when it is not revoked); the record as
  /// erased, and whether it was revoked now.
  private static func erase(
    _ record: KeyRecord, at now: Date, caller: Caller, in store: StoreWrite
  ) throws -> (KeyRecord, Bool) {
    let revokes = record.revokedAt == nil
    if revokes {
      _ = try revoke(
        record, at: now,
        audit: AuditEntry(
          at: now, action: "revoke_key", target: "\(record.id)", outcome: "reason: erasure",
          caller: "\(caller)"),
        in: store)
    }
    try store.erase(id: record.id, at: now)
    try store.append(
      AuditEntry(at: now, action: "erase_key", target: "\(record.id)", caller: "\(caller)"))
    // '!' is fine: the record was read in this transaction.
    return (try store.record(id: record.id)!, revokes)
  }

  /// After erasures committed: the ring reloaded when one revoked (the revocation list changed),
  /// the write-ahead log emptied, the log lines and metrics. The revision now.
  private func erased(
    _ records: [KeyRecord], revised: Bool, caller: Caller
  ) async throws
    -> UInt64
  {
    if revised { try await reload() }
    try await store.scrub()
    for record in records {
      committed(
        AuditEntry(
          at: record.erasedAt ?? clock(), action: "erase_key", target: "\(record.id)",
          caller: "\(caller)"))
    }
    return ring.snapshot.revision
  }
}
