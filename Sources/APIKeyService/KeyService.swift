package import APIKeyCore
package import APIKeyCrypto
package import APIKeyStore
package import Foundation
package import Logging

/// What the daemon does, independent of transport: issue and re-sign API keys, manage signing
/// keys, answer from the in-memory key set. gRPC services are thin adapters over this.
package struct KeyService: Sendable {
  /// Largest page of ListKeys.
  static let maximumPageSize = 1000
  static let defaultPageSize = 100

  package let store: any KeyStore
  package let ring: KeyRing
  let sealingKey: SealingKey
  package let clock: @Sendable () -> Date
  package let logger: Logger
  /// Where committed changes are counted (nil in tests that do not look).
  let metrics: (any KeyServiceMetrics)?
  /// Draws a new API key's id: random, 63 bits, never 0 (`KeyRecord.randomID`).
  let drawID: @Sendable () -> Int64
  /// Stores new keys and usage reports in batches (`KeyService+Issuance.swift`).
  let writes: GroupCommit<PendingWrite, PendingWrite.Outcome>
  /// What is kept of verifiers' reports, and how they are judged.
  package let usagePolicy: UsagePolicy
  /// How far `renew` moves a key's expiry (`--renewal-period`).
  package let renewalPeriod: Double
  /// Reports per peer, and forwarded reports per bridge.
  let usageLimiter: RateLimiter
  let forwardedLimiter: RateLimiter
  /// The name verifiers' reports are recorded under as the daemon that received them.
  package let daemonName: String

  /// A service over `store`; call `reload()` once before serving.
  package init(
    store: any KeyStore, ring: KeyRing, sealingKey: SealingKey,
    clock: @escaping @Sendable () -> Date = Date.init, metrics: (any KeyServiceMetrics)? = nil,
    drawID: @escaping @Sendable () -> Int64 = { KeyRecord.randomID(using: SecureRandom.uint64) },
    usagePolicy: UsagePolicy = UsagePolicy(), renewalPeriod: Double = 365 * 86_400,
    daemonName: String = ProcessInfo.processInfo.hostName, logger: Logger
  ) {
    self.renewalPeriod = renewalPeriod
    self.drawID = drawID
    writes = Self.writes(over: store, policy: usagePolicy)
    self.usagePolicy = usagePolicy
    usageLimiter = RateLimiter(usagePolicy.perPeer)
    forwardedLimiter = RateLimiter(
      RateLimit(count: usagePolicy.perPeer.count * 10, window: usagePolicy.perPeer.window))
    self.daemonName = daemonName
    self.store = store
    self.ring = ring
    self.sealingKey = sealingKey
    self.clock = clock
    self.metrics = metrics
    self.logger = logger
  }

  /// After a change is committed: one info line naming the action, its target and the caller
  /// (never a contact detail or a secret: the audit entry holds neither), and the metrics.
  /// `issued` counts the API keys the change created.
  func committed(_ entry: AuditEntry, issued: Int = 0, _ metadata: Logger.Metadata = [:]) {
    logger.info(
      "Change",
      metadata: metadata.merging(
        ["action": "\(entry.action)", "target": "\(entry.target)", "caller": "\(entry.caller)"],
        uniquingKeysWith: { $1 }))
    metrics?.recordWrite(action: entry.action, keys: issued, at: Date())
  }

  /// Reads the signing keys and the revocation list from the store into the key ring (unsealing
  /// new keys). `movingOnTo`: read-only, the revision to publish the set under instead of the
  /// stored one (at least this, and past both the stored and the installed one).
  func reload(movingOnTo floor: UInt64? = nil) async throws {
    let now = clock()
    var state = try await store.publishedState(at: now)
    if let floor {
      state.revision = max(floor, state.revision + 1, ring.snapshot.revision + 1)
    }
    for problem in state.problems {
      // The row is in its safer state (retired, revoked) already; someone must look at it.
      logger.critical(
        "Security state changed outside apikeyserv", metadata: ["problem": "\(problem)"])
    }
    if let problem = state.securityRecordProblem {
      // Which revocations and retirements were removed cannot be known: nothing is dropped from
      // what this daemon knew, and without that there is nothing safe to start with.
      logger.critical(
        "Audit trail's record of revocations and retirements changed outside apikeyserv",
        metadata: ["problem": "\(problem)"])
      guard ring.isLoaded else {
        throw APIKeyError.failedPrecondition(
          "\(problem); refusing to start: restore the last good backup (apikeyserv restore) and run apikeyctl audit verify"
        )
      }
      state.keepSaferState(of: ring.snapshot, retirements: ring.retirements)
    }
    let revision = state.revision
    let sealed = Dictionary(
      state.keys.map { ($0.info.kid, $0.sealedPrivateKey) }, uniquingKeysWith: { a, _ in a })
    let changed = try ring.install(
      state.keys.map(\.info), revoked: state.revoked, revision: revision, now: now
    ) { kid in
      guard let box = sealed[kid] else { return nil }
      do {
        let seed = try sealingKey.open(box, associatedData: Array(kid.utf8))
        return TokenSigner(key: try Ed25519PrivateKey(seed: seed))
      } catch {
        logger.error(
          "Signing key does not unseal with this master key", metadata: ["signing.kid": "\(kid)"])
        throw APIKeyError.failedPrecondition(
          "signing key \(kid) cannot be unsealed: is this the master key of this database?")
      }
    }
    if changed {
      logger.info(
        "Key set loaded",
        metadata: [
          "keyset.revision": "\(revision)", "keyset.size": "\(ring.snapshot.keys.count)",
          "keyset.revoked": "\(ring.snapshot.revoked.count)",
        ])
    }
  }

  /// Publishes a new revision of the set as it is at the clock's time, at least `floor`: after a
  /// scheduled change fell due (a grace period ended, a revoked key's last token expired), and at
  /// startup, so a revision never names two different sets.
  /// Read-only, nothing can be written: the revision moves on in memory only, by the same rule.
  package func advance(floor: UInt64 = 0) async throws {
    if store.isReadOnly { return try await reload(movingOnTo: floor) }
    _ = try await store.bumpRevision(atLeast: floor)
    try await reload()
  }

  /// Publishes a new revision for a scheduled change that fell due, once however many daemons
  /// share the database: the revision moves on only from the one installed here; when another
  /// daemon moved it first, its revision is loaded instead.
  func advanceScheduled() async throws {
    if store.isReadOnly { return try await reload(movingOnTo: 0) }
    _ = try await store.bumpRevision(from: ring.snapshot.revision)
    try await reload()
  }

  // MARK: API keys

  /// Validates `request`, stores a new key (or finds the one its request id made) and signs a token;
  /// the audit trail records it as `action` (`request_key` for self-service).
  package func issue(
    _ request: IssueRequest, caller: Caller, action: String = "issue_key"
  ) async throws -> IssuedToken {
    let request = try request.validated()
    let now = clock()
    let expiresAt = try request.expiry.resolve(now: now)
    let (outcome, signer) = try await withCurrentSigner(at: now) { signer in
      try await withFreshID { id in
        try await writes.submit(
          key: PendingKey(
            id: id, contact: request.contact, expiresAt: expiresAt, requestID: request.requestID,
            name: request.name, tags: request.tags, now: now, signedBy: signer.kid,
            audit: AuditEntry(at: now, action: action, target: "\(id)", caller: "\(caller)")))
      }
    }
    let record = outcome.record
    let audit = AuditEntry(at: now, action: action, target: "\(record.id)", caller: "\(caller)")
    if case .replayed(_, let first) = outcome {
      try Self.checkReplay(of: record, for: request)
      logger.info("Key request replayed", metadata: ["key.id": "\(record.id)"])
      return try await replay(record, first: first, caller: caller)
    }
    let token = signer.sign(
      TokenClaims(keyID: record.id, issuedAt: now, expiresAt: record.expiresAt))
    committed(audit, issued: 1, ["signing.kid": "\(signer.kid)"])
    return IssuedToken(record: record, token: token, kid: signer.kid)
  }

  /// A request id used before stands for the key it made only with the same contact details and
  /// while that key is not revoked.
  static func checkReplay(of earlier: KeyRecord, for request: IssueRequest) throws {
    // '!' is fine: only requests with an id are replayed.
    let requestID = request.requestID!
    guard earlier.contact == request.contact else {
      throw APIKeyError.alreadyExists("request_id \(requestID) was used before for a different key")
    }
    if earlier.revokedAt != nil {
      throw APIKeyError.failedPrecondition(
        "request_id \(requestID) made key \(earlier.id), which is revoked; use a new request_id")
    }
  }

  /// The answer to a replayed request: the very token the first request got (same `iat`, same
  /// key: Ed25519 is deterministic), so a retry mints nothing new. When that key no longer signs,
  /// a fresh token, recorded and audited as a re-signing.
  private func replay(
    _ record: KeyRecord, first: RecordedToken?, caller: Caller
  ) async throws
    -> IssuedToken
  {
    let now = clock()
    if let first, let signer = ring.signer(kid: first.kid, at: now) {
      let claims = TokenClaims(
        keyID: record.id, issuedAt: first.issuedAt, expiresAt: first.expiresAt)
      return IssuedToken(
        record: record, token: signer.sign(claims), kid: signer.kid, replayed: true)
    }
    var token = try await resign(id: record.id, caller: caller)
    token.replayed = true
    return token
  }

  /// A fresh token for key `id`, signed by the current key; refused for a revoked or expired key.
  package func resign(id: Int64, caller: Caller) async throws -> IssuedToken {
    try Self.checkKeyID(id)
    return try await resign(caller: caller) { signer, now, audit in
      try await store.write { store in
        guard let record = try store.record(id: id) else { throw Self.unknownKey(id) }
        try Self.checkSigning(signer.kid, in: store)
        return [try Self.resign(record, by: signer.kid, at: now, audit: audit, in: store)]
      }
    }[0]
  }

  /// Fresh tokens from the current key for every API key that a retirement of `signedBy` would
  /// break (see `KeyStore.keysSignedOnly`), recorded in one transaction.
  package func resign(signedBy kid: String, caller: Caller) async throws -> [IssuedToken] {
    guard !kid.isEmpty else {
      throw APIKeyError.invalidArgument(field: "signed_by", reason: "is required")
    }
    guard try await signingKeys().contains(where: { $0.kid == kid }) else {
      throw Self.unknownSigningKey(kid)
    }
    return try await resign(caller: caller) { signer, now, audit in
      guard signer.kid != kid else {
        let pending = ring.snapshot.keys.first { $0.retiringAt == nil && $0.notBefore > now }
        let next =
          pending.map {
            "the new key \($0.kid) starts signing at \($0.notBefore.ISO8601Format()): re-sign after that"
          } ?? "rotate first (apikeyctl signing-key rotate), then re-sign once the new key signs"
        throw APIKeyError.invalidArgument(
          field: "signed_by", reason: "\(kid) is the key that signs now; \(next)")
      }
      return try await store.write { store in
        try Self.checkSigning(signer.kid, in: store)
        return try store.keysSignedOnly(by: kid, now: now).map { record in
          try Self.resign(record, by: signer.kid, at: now, audit: audit, in: store)
        }
      }
    }
  }

  /// Throws `SignerStopped` when `kid` was retired before this write (see `withCurrentSigner`).
  static func checkSigning(_ kid: String, in store: StoreWrite) throws {
    if try store.hasStoppedSigning(kid) { throw SignerStopped(kid: kid) }
  }

  /// Records a token of `kid` for `record` at `now`, with its audit entry; refused for a revoked
  /// or expired key.
  static func resign(
    _ record: KeyRecord, by kid: String, at now: Date, audit: (Int64) -> AuditEntry,
    in store: StoreWrite
  ) throws -> KeyRecord {
    if let revoked = record.revokedAt {
      throw APIKeyError.failedPrecondition(
        "key \(record.id) was revoked at \(revoked.ISO8601Format()) and cannot be re-signed; issue a new key for its owner"
      )
    }
    if let expiresAt = record.expiresAt, expiresAt <= now {
      throw APIKeyError.failedPrecondition(
        "key \(record.id) expired at \(expiresAt.ISO8601Format()); issue a new key instead")
    }
    try store.recordToken(for: record, kid: kid, at: now)
    try store.append(audit(record.id))
    return record
  }

  /// Records tokens for the keys `record` returns (after the current signer is known), then signs.
  /// (`action`: the audit entries' action, `resign_key` or `key_renewed`.)
  func resign(
    caller: Caller, action: String = "resign_key",
    _ record: (TokenSigner, Date, @escaping @Sendable (Int64) -> AuditEntry) async throws ->
      [KeyRecord]
  ) async throws -> [IssuedToken] {
    let now = clock()
    // The audit entry of re-signing key `id` with `kid`.
    let audit = { @Sendable (kid: String) in
      { @Sendable (id: Int64) in
        AuditEntry(at: now, action: action, target: "\(id)", outcome: kid, caller: "\(caller)")
      }
    }
    let (records, signer) = try await withCurrentSigner(at: now) { signer in
      try await record(signer, now, audit(signer.kid))
    }
    for record in records {
      committed(audit(signer.kid)(record.id), ["signing.kid": "\(signer.kid)"])
    }
    return records.map { record in
      IssuedToken(
        record: record,
        token: signer.sign(
          TokenClaims(keyID: record.id, issuedAt: now, expiresAt: record.expiresAt)),
        kid: signer.kid)
    }
  }

  /// The record of key `id`; `notFound` when there is none.
  package func key(id: Int64) async throws -> KeyRecord {
    try Self.checkKeyID(id)
    guard let record = try await store.key(id: id) else {
      throw APIKeyError.notFound("no API key with id \(id)")
    }
    return record
  }

  /// The tokens signed for key `id`, oldest first (`notFound` for an unknown id).
  package func tokens(of id: Int64) async throws -> [RecordedToken] {
    try Self.checkKeyID(id)
    return try await store.tokens(of: id)
  }

  /// One page of the records matching `filter`, in `filter.order`, and the token of the next page
  /// (nil on the last).
  package func keys(
    pageSize: Int, pageToken: String, filter: KeyFilter = KeyFilter()
  ) async throws
    -> (keys: [KeyRecord], next: String?)
  {
    let limit = try Self.pageLimit(pageSize)
    let cursor =
      pageToken.isEmpty ? nil : try KeyPageCursor(token: pageToken, order: filter.order)
    let page = try await store.keys(after: cursor, limit: limit + 1, filter: filter, now: clock())
    let keys = Array(page.prefix(limit))
    // '!' is fine: page has more than `limit` elements, so keys is non-empty.
    let next =
      page.count > limit ? KeyPageCursor(after: keys.last!, order: filter.order).token : nil
    return (keys, next)
  }

  // MARK: Verification

  /// Checks `token` against the published set, without touching the database.
  package func verify(_ token: String) -> Result<VerifiedToken, TokenVerificationFailure> {
    Result { () throws(TokenVerificationFailure) in
      try TokenVerifier().verify(token, keys: ring.snapshot, now: clock())
    }
  }

  /// The number of rows a page holds for a requested `page_size` (0: the default).
  static func pageLimit(_ pageSize: Int) throws(APIKeyError) -> Int {
    guard pageSize >= 0, pageSize <= maximumPageSize else {
      throw .invalidArgument(field: "page_size", reason: "must be between 1 and \(maximumPageSize)")
    }
    return pageSize == 0 ? defaultPageSize : pageSize
  }

  /// The refusal for an id that names no API key.
  static func unknownKey(_ id: Int64) -> APIKeyError { .notFound("no API key with id \(id)") }

  static func checkKeyID(_ id: Int64) throws(APIKeyError) {
    guard id > 0 else { throw .invalidArgument(field: "id", reason: "must be a positive key id") }
  }

  /// Runs `write` with the key that signs at `now`; when the write finds that key retired
  /// meanwhile (`SignerStopped`: by another daemon, or by a retirement here that this call
  /// overtook), the ring is read again and the write runs once more with the key that signs then.
  func withCurrentSigner<T>(
    at now: Date, _ write: (TokenSigner) async throws -> T
  ) async throws -> (T, TokenSigner) {
    guard let signer = ring.signer(at: now) else { throw Self.noSigningKey }
    do {
      return (try await write(signer), signer)
    } catch let stopped as SignerStopped {
      logger.notice(
        "The signing key stopped signing during the write; reloading",
        metadata: ["signing.kid": "\(stopped.kid)"])
      try await reload()
      guard let next = ring.signer(at: now), next.kid != stopped.kid else {
        throw Self.noSigningKey
      }
      return (try await write(next), next)
    }
  }

  /// Runs `insert` with a newly drawn id, and again with another while the store finds the id
  /// taken (`IDTaken`: by a stored key, or by another key of the same batch). With 63 random
  /// bits that is about never; a source that keeps drawing taken ids is a fault, not bad luck.
  func withFreshID<T>(_ insert: (Int64) async throws -> T) async throws -> T {
    for _ in 0 ..< Self.idDraws {
      do {
        return try await insert(drawID())
      } catch let taken as IDTaken {
        logger.notice(
          "A new key's id was taken; drawing another", metadata: ["key.id": "\(taken.id)"])
      }
    }
    throw APIKeyError.internalError("\(Self.idDraws) API key ids drawn in a row were all taken")
  }

  /// How many ids `withFreshID` draws before it gives up.
  static let idDraws = 16

  static let noSigningKey = APIKeyError.failedPrecondition(
    "no signing key can sign now: add one (apikeyctl signing-key add FILE, or signing-key generate)"
  )
}
