import APIKeyCore
public import Foundation

/// Importing records from the original, all or nothing.
extension SQLKeyStore {
  public func importRecords(
    _ batch: ImportBatch, dryRun: Bool, now: Date, caller: String
  )
    async throws -> ImportOutcome
  {
    guard dryRun else {
      return try await backend.write { tx in
        try self.importRecords(batch, now: now, caller: caller, in: tx)
      }
    }
    var outcome = try await backend.rehearse { tx in
      try self.importRecords(batch, now: now, caller: caller, in: tx)
    }
    outcome.revision = try await revision()
    return outcome
  }

  private func importRecords(
    _ batch: ImportBatch, now: Date, caller: String, in tx: any SQLTransaction
  ) throws
    -> ImportOutcome
  {
    var outcome = ImportOutcome()
    for key in batch.signingKeys {
      if try Self.signingKeyExists(kid: key.info.kid, in: tx) {
        outcome.signingKeysUnchanged += 1
        continue
      }
      try insert(key, in: tx)
      try auditChain.append(
        AuditEntry(
          at: now, action: "import_signing_key", target: key.info.kid,
          outcome: key.info.unpublishedAt == nil ? "ok" : "imported retired", caller: caller),
        in: tx)
      outcome.signingKeysCreated.append(key.info.kid)
    }
    for (record, signedBy) in batch.keys {
      if let row = try tx.row(
        "SELECT \(Self.keyColumns) FROM api_keys WHERE id = ?", [record.id])
      {
        let existing = try stateSeal.keyRecord(row)
        guard existing.contact == record.contact else {
          throw APIKeyError.alreadyExists(
            "key \(record.id) exists with another owner (\(existing.contact.organisation), not \(record.contact.organisation)); nothing was imported"
          )
        }
        outcome.keysUnchanged += 1
        continue
      }
      try insert(record, requestID: nil, in: tx)
      if let signedBy {
        try Self.recordToken(for: record, kid: signedBy, at: record.modifiedAt, in: tx)
      }
      try auditChain.append(
        AuditEntry(at: now, action: "import_key", target: "\(record.id)", caller: caller), in: tx)
      outcome.keysCreated += 1
    }
    outcome.revision =
      outcome.signingKeysCreated.isEmpty ? try Self.revision(in: tx) : try Self.bumpRevision(in: tx)
    return outcome
  }
}
