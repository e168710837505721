public import APIKeyCore
public import Foundation

/// Durable state of apikeyserv: signing keys, API key records, the key-set revision and the
/// audit trail. Every mutation writes its audit entry in the same transaction.
public protocol KeyStore: Sendable {
  /// Every signing key, retired ones included, with the key-set revision they make up (read in
  /// one transaction, so the two always agree).
  func signingKeys() async throws -> (keys: [StoredSigningKey], revision: UInt64)
  /// Stores a new signing key; `alreadyExists` when the kid is known. Returns the new revision.
  func addSigningKey(_ key: StoredSigningKey, audit: AuditEntry) async throws -> UInt64
  /// Marks a key retired; `notFound` for an unknown kid, `failedPrecondition` when retired
  /// already. Returns the updated key and the new revision.
  func retireSigningKey(kid: String, at: Date, audit: AuditEntry) async throws
    -> (StoredSigningKey, UInt64)
  /// Stores a new API key record with a fresh id from `makeID` (retried on collision), or returns
  /// the earlier record when `requestID` was used before with the same contact details
  /// (`alreadyExists` when with different ones).
  func insertKey(
    contact: ContactDetails, expiresAt: Date?, requestID: String?, now: Date,
    makeID: @escaping @Sendable () -> Int64, audit: @escaping @Sendable (Int64) -> AuditEntry
  ) async throws -> IssueOutcome
  /// The record with this id.
  func key(id: Int64) async throws -> KeyRecord?
  /// Up to `limit` records, newest first, after `cursor`.
  func keys(after cursor: KeyPageCursor?, limit: Int) async throws -> [KeyRecord]
  /// Writes an audit entry for a change that touches no other table (e.g. re-signing).
  func appendAudit(_ entry: AuditEntry) async throws
}
