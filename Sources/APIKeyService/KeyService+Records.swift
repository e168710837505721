package import APIKeyCore
import APIKeyStore
import Foundation
import Logging

/// Owner records: revocation, updates, sent marks.
extension KeyService {
  /// Revokes key `id` for good: it joins the published revocation list (a new revision, pushed to
  /// watchers) until its last token expires. `reason`, checked as a record's text fields are and
  /// with any e-mail address taken out (the audit trail holds no contact data), is recorded in
  /// the audit entry's outcome.
  package func revoke(
    id: Int64, reason: String = "", caller: Caller
  ) async throws -> (KeyRecord, UInt64) {
    try Self.checkKeyID(id)
    let reason = Redaction.emailAddresses(
      in: try FieldRule.text(required: false).check(reason, field: "reason"))
    let now = clock()
    let audit = AuditEntry(
      at: now, action: "revoke_key", target: "\(id)",
      outcome: reason.isEmpty ? "ok" : "reason: \(reason)", caller: "\(caller)")
    let (record, revision) = try await store.write { store in
      guard let record = try store.record(id: id) else { throw Self.unknownKey(id) }
      if let revoked = record.revokedAt {
        throw APIKeyError.failedPrecondition(
          "key \(id) was revoked already at \(revoked.ISO8601Format())")
      }
      let revision = try Self.revoke(record, at: now, audit: audit, in: store)
      // '!' is fine: the record was read in this transaction.
      return (try store.record(id: id)!, revision)
    }
    try await reload()
    committed(audit, ["keyset.revision": "\(revision)"])
    return (record, revision)
  }

  /// Writes `record`'s revocation at `now` with its audit entry: listed until the last token it
  /// ever got expires (for ever when one never expires). The new revision.
  static func revoke(
    _ record: KeyRecord, at now: Date, audit: AuditEntry, in store: StoreWrite
  ) throws -> UInt64 {
    let until = RevokedKey.listedUntil(
      tokenExpiries: try store.tokenExpiries(of: record.id), keyExpiry: record.expiresAt)
    try store.updateRevocation(id: record.id, at: now, until: until)
    try store.append(audit)
    return try store.bumpRevision()
  }

  /// Applies `update` to key `id`'s record, checked as a new key's fields are.
  package func update(id: Int64, _ update: KeyUpdate, caller: Caller) async throws -> KeyRecord {
    try Self.checkKeyID(id)
    let now = clock()
    let audit = AuditEntry(at: now, action: "update_key", target: "\(id)", caller: "\(caller)")
    let record = try await store.write { store in
      guard let record = try store.record(id: id) else { throw Self.unknownKey(id) }
      try Self.checkNotErased(record)
      try store.updateRecord(try update.applied(to: record, now: now))
      try store.append(audit)
      // '!' is fine: the record was read in this transaction.
      return try store.record(id: id)!
    }
    committed(audit)
    return record
  }

  /// Marks the keys as handed to their owners; all exist, or nothing changes.
  package func markSent(ids: [Int64], caller: Caller) async throws -> [KeyRecord] {
    guard !ids.isEmpty else { throw APIKeyError.invalidArgument(field: "ids", reason: "is empty") }
    guard ids.count <= Self.maximumPageSize else {
      throw APIKeyError.invalidArgument(
        field: "ids", reason: "holds more than \(Self.maximumPageSize) ids")
    }
    for id in ids { try Self.checkKeyID(id) }
    let now = clock()
    let audit = { @Sendable (id: Int64) in
      AuditEntry(at: now, action: "mark_sent", target: "\(id)", caller: "\(caller)")
    }
    let records = try await store.write { store in
      try ids.map { id in
        guard var record = try store.record(id: id) else { throw Self.unknownKey(id) }
        record.sent = true
        record.modifiedAt = now
        try store.updateRecord(record)
        try store.append(audit(id))
        // '!' is fine: the record was read in this transaction.
        return try store.record(id: id)!
      }
    }
    for record in records { committed(audit(record.id)) }
    return records
  }
}
