public import APIKeyCore
public import Foundation
import GRDB

/// Importing records from the original, all or nothing.
extension SQLiteKeyStore {
  public func importRecords(
    _ batch: ImportBatch, dryRun: Bool, now: Date, caller: String
  )
    async throws -> ImportOutcome
  {
    try await database.writeWithoutTransaction { db in
      var outcome = ImportOutcome()
      try db.inTransaction {
        outcome = try self.importRecords(batch, now: now, caller: caller, in: db)
        return dryRun ? .rollback : .commit
      }
      if dryRun { outcome.revision = try Self.revision(in: db) }
      return outcome
    }
  }

  private func importRecords(
    _ batch: ImportBatch, now: Date, caller: String, in db: Database
  ) throws
    -> ImportOutcome
  {
    var outcome = ImportOutcome()
    for key in batch.signingKeys {
      if try Self.signingKeyExists(kid: key.info.kid, in: db) {
        outcome.signingKeysUnchanged += 1
        continue
      }
      try insert(key, in: db)
      try auditChain.append(
        AuditEntry(
          at: now, action: "import_signing_key", target: key.info.kid,
          outcome: key.info.unpublishedAt == nil ? "ok" : "imported retired", caller: caller),
        in: db)
      outcome.signingKeysCreated.append(key.info.kid)
    }
    for (record, signedBy) in batch.keys {
      if let row = try Row.fetchOne(
        db, sql: "SELECT \(Self.keyColumns) FROM api_keys WHERE id = ?", arguments: [record.id])
      {
        let existing = stateSeal.keyRecord(row)
        guard existing.contact == record.contact else {
          throw APIKeyError.alreadyExists(
            "key \(record.id) exists with another owner (\(existing.contact.organisation), not \(record.contact.organisation)); nothing was imported"
          )
        }
        outcome.keysUnchanged += 1
        continue
      }
      try insert(record, requestID: nil, in: db)
      if let signedBy {
        try Self.recordToken(for: record, kid: signedBy, at: record.modifiedAt, in: db)
      }
      try auditChain.append(
        AuditEntry(at: now, action: "import_key", target: "\(record.id)", caller: caller), in: db)
      outcome.keysCreated += 1
    }
    outcome.revision =
      outcome.signingKeysCreated.isEmpty ? try Self.revision(in: db) : try Self.bumpRevision(in: db)
    return outcome
  }
}
