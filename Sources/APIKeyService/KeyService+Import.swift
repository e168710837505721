import APIKeyCore
import APIKeyCrypto
package import APIKeyStore
import Foundation
import Logging

/// Moving from the original: importing its `dumpdata` JSON.
extension KeyService {
  /// Largest dump accepted (the whole dump is held in memory and imported in one transaction).
  package static let maximumDumpBytes = 256 * 1024 * 1024

  /// Imports a dump of the original (`python manage.py dumpdata apikeys`): same ids, times and
  /// signing keys (sealed here; inactive ones retired), all in one transaction, or nothing.
  package func importDjango(
    dump: [UInt8], timeZone identifier: String, dryRun: Bool, caller: Caller
  )
    async throws -> (outcome: ImportOutcome, inDump: (keys: Int, signingKeys: Int))
  {
    let name = identifier.isEmpty ? DjangoDump.defaultTimeZone : identifier
    guard let timeZone = TimeZone(identifier: name) else {
      throw APIKeyError.invalidArgument(
        field: "timezone", reason: "\(name) is not an IANA time zone")
    }
    let parsed = try DjangoDump(json: dump, timeZone: timeZone)
    let now = clock()
    let signingKeys = parsed.signingKeys.map { imported in
      let key = imported.privateKey
      let info = SigningKeyInfo(
        publicKey: key.publicKey, createdAt: imported.createdAt, notBefore: imported.createdAt,
        unpublishedAt: imported.active ? nil : now)
      return StoredSigningKey(
        info: info,
        sealedPrivateKey: sealingKey.seal(key.seed, associatedData: Array(info.kid.utf8)))
    }
    let active = parsed.signingKeys.filter(\.active).sorted { $0.createdAt < $1.createdAt }
    let batch = ImportBatch(
      keys: parsed.keys.map { ($0, Self.attributedSigner(of: $0, active: active)) },
      signingKeys: signingKeys)
    let outcome = try await importRecords(batch, dryRun: dryRun, now: now, caller: "\(caller)")
    if !dryRun {
      if !outcome.signingKeysCreated.isEmpty { try await reload() }
      // One line for the import (each key has its audit row; a line each would flood the log).
      committed(
        AuditEntry(
          at: now, action: "import_records", target: "\(outcome.keysCreated) keys",
          caller: "\(caller)"),
        issued: outcome.keysCreated,
        [
          "keys.unchanged": "\(outcome.keysUnchanged)",
          "signing_keys.created": "\(outcome.signingKeysCreated.count)",
        ])
    }
    return (outcome, (parsed.keys.count, parsed.signingKeys.count))
  }

  /// Imports `batch` in one transaction: new records and signing keys are added, ones already
  /// here unchanged are skipped; a record whose id is here with another owner fails the whole
  /// import (`alreadyExists`). With `dryRun` the transaction is rolled back: the outcome says
  /// what would change.
  func importRecords(
    _ batch: ImportBatch, dryRun: Bool, now: Date, caller: String
  ) async throws -> ImportOutcome {
    let body = { @Sendable (store: StoreWrite) in
      try Self.importRecords(batch, now: now, caller: caller, into: store)
    }
    guard dryRun else { return try await store.write(body) }
    var outcome = try await store.rehearse(body)
    outcome.revision = try await store.revision()
    return outcome
  }

  private static func importRecords(
    _ batch: ImportBatch, now: Date, caller: String, into store: StoreWrite
  ) throws -> ImportOutcome {
    var outcome = ImportOutcome()
    for key in batch.signingKeys {
      if try store.signingKeyExists(kid: key.info.kid) {
        outcome.signingKeysUnchanged += 1
        continue
      }
      try store.insert(key)
      try store.append(
        AuditEntry(
          at: now, action: "import_signing_key", target: key.info.kid,
          outcome: key.info.unpublishedAt == nil ? "ok" : "imported retired", caller: caller))
      outcome.signingKeysCreated.append(key.info.kid)
    }
    for (record, signedBy) in batch.keys {
      if let existing = try store.record(id: record.id) {
        guard existing.contact == record.contact else {
          throw APIKeyError.alreadyExists(
            "key \(record.id) exists with another owner (\(existing.contact.organisation), not \(record.contact.organisation)); nothing was imported"
          )
        }
        outcome.keysUnchanged += 1
        continue
      }
      try store.insert(record)
      if let signedBy { try store.recordToken(for: record, kid: signedBy, at: record.modifiedAt) }
      try store.append(
        AuditEntry(at: now, action: "import_key", target: "\(record.id)", caller: caller))
      outcome.keysCreated += 1
    }
    outcome.revision =
      outcome.signingKeysCreated.isEmpty ? try store.revision() : try store.bumpRevision()
    return outcome
  }

  /// The original signs with its newest active key and records no kid, so the signer of a key's
  /// token is a best guess: the newest active key created by the time the record was last
  /// modified (else the newest active key). It lets a retirement's impact count imported keys.
  static func attributedSigner(of record: KeyRecord, active: [ImportedSigningKey]) -> String? {
    (active.last { $0.createdAt <= record.modifiedAt } ?? active.last)?.kid
  }
}
