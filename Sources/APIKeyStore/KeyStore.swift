public import APIKeyCore
public import Foundation
public import ServiceLifecycle

/// Durable state of apikeyserv: signing keys, API key records, the tokens signed for them, the
/// key-set revision and the audit trail. Every mutation writes its audit entry in the same
/// transaction.
public protocol KeyStore: Sendable {
  /// Work the store does for as long as it is used: on PostgreSQL the connection pool and the
  /// listener for other daemons' changes (none on SQLite). Run them in the service group ahead
  /// of anything that writes, so they stop after it.
  var services: [any Service] { get }
  /// Whether the store was opened read-only (its file system is): every change is refused, and
  /// the key-set revision cannot be stored.
  var isReadOnly: Bool { get }

  // MARK: Published state

  /// Every signing key (retired ones included), the revoked API keys still listed at `now`, and
  /// the key-set revision they make up, read in one transaction so the three always agree. Rows
  /// whose security state does not match its MAC or the audit trail come in their safer state
  /// (retired, revoked), each named in `problems`.
  func publishedState(at now: Date) async throws -> PublishedState
  /// The key-set revision as stored now.
  func revision() async throws -> UInt64
  /// Moves the key-set revision on by one, unless it is no longer `current` (another daemon on
  /// the same database moved it meanwhile): the new revision, or nil when it had moved.
  func bumpRevision(from current: UInt64) async throws -> UInt64?
  /// Ticks when another process may have changed the store (daemons on several hosts sharing a
  /// database); nil when no other process writes it.
  var changes: AsyncStream<Void>? { get }
  /// Moves the key-set revision on without another change (a scheduled change fell due, or the
  /// daemon started), to at least `floor`; returns the new revision.
  func bumpRevision(atLeast floor: UInt64) async throws -> UInt64

  // MARK: Signing keys

  /// Runs `body` in a write transaction (the only one at a time on the database, across every
  /// daemon that shares it) and commits what it wrote; nothing when it throws. The service's
  /// rules run in `body`, on what it reads there.
  func write<T: Sendable>(_ body: @escaping @Sendable (StoreWrite) throws -> T) async throws -> T
  /// Runs `body` as `write` does, then rolls back what it wrote (a dry run).
  func rehearse<T: Sendable>(
    _ body: @escaping @Sendable (StoreWrite) throws -> T
  ) async throws -> T

  /// The API keys (not revoked) that hold a token valid at `now` signed by `kid`, and none valid
  /// at `now` signed by another key that is published and not retiring.
  func keysSignedOnly(by kid: String, now: Date) async throws -> [KeyRecord]

  // MARK: API keys

  /// The record with this id.
  func key(id: Int64) async throws -> KeyRecord?
  /// The tokens signed for key `id`, oldest first (as recorded: never the tokens themselves).
  func tokens(of id: Int64) async throws -> [RecordedToken]
  /// Up to `limit` records matching `filter`, in `filter.order` (or the cursor's), after
  /// `cursor`.
  func keys(
    after cursor: KeyPageCursor?, limit: Int, filter: KeyFilter, now: Date
  ) async throws
    -> [KeyRecord]

  /// Leaves no copy of overwritten values outside the live database (SQLite: checkpoints and
  /// empties its write-ahead log); after an erasure.
  func scrub() async throws

  // MARK: Usage

  /// Key `id`'s use as verifiers reported it: the last use, the 7- and 30-day counts, the
  /// verifiers that saw it, and the daily counts of the last `days` days (today first).
  func usage(of id: Int64, days: Int, now: Date) async throws -> KeyUsage
  /// The verifiers whose last report came at or after `since`, by name.
  func verifiers(reportedSince since: Date) async throws -> [VerifierRecord]
  /// The expiry reminders claimed for keys `ids`, by key, expiry and threshold.
  func reminders(of ids: [Int64]) async throws -> [ExpiryReminder]

  /// A consistent copy of the whole database as it is now, with its manifest inside.
  func backup(at now: Date) async throws -> (manifest: BackupManifest, file: [UInt8])

  // MARK: Audit trail

  /// The key a request with idempotency key `requestID` made; nil when none did.
  func key(requestID: String) async throws -> KeyRecord?
  /// Up to `limit` audit entries that `filter` matches, oldest first after sequence `afterSeq`
  /// (or, with `filter.newestFirst`, newest first before it; 0 from the end).
  func auditEntries(
    filter: AuditFilter, afterSeq: Int64, limit: Int
  ) async throws -> [StoredAuditEntry]
  /// Checks the audit trail's hash chain and head, and every row's sealed security state.
  func verifyAuditTrail() async throws -> AuditVerification
}

extension KeyStore {
  /// Up to `limit` audit entries at or after `since`, oldest first, after sequence `afterSeq`.
  public func auditEntries(
    since: Date?, afterSeq: Int64, limit: Int
  ) async throws -> [StoredAuditEntry] {
    try await auditEntries(filter: AuditFilter(since: since), afterSeq: afterSeq, limit: limit)
  }

  /// Stores a new signing key (`alreadyExists` when the kid is known) with its audit entry;
  /// returns the new revision.
  public func addSigningKey(_ key: StoredSigningKey, audit: AuditEntry) async throws -> UInt64 {
    try await write { store in
      try store.insert(key)
      try store.append(audit)
      return try store.bumpRevision()
    }
  }
}
