import APIKeyCore
import APIKeyCrypto
import APIKeyStore
import Foundation
import Logging

/// What the daemon does, independent of transport: issue and re-sign API keys, manage signing
/// keys, answer from the in-memory key set. gRPC services are thin adapters over this.
struct KeyService: Sendable {
  /// Largest page of ListKeys.
  static let maximumPageSize = 1000
  static let defaultPageSize = 100

  let store: any KeyStore
  let ring: KeyRing
  let sealingKey: SealingKey
  let clock: @Sendable () -> Date
  let logger: Logger

  /// A service over `store`; call `reload()` once before serving.
  init(
    store: any KeyStore, ring: KeyRing, sealingKey: SealingKey,
    clock: @escaping @Sendable () -> Date = Date.init, logger: Logger
  ) {
    self.store = store
    self.ring = ring
    self.sealingKey = sealingKey
    self.clock = clock
    self.logger = logger
  }

  /// Reads the signing keys from the store into the key ring (unsealing new ones).
  func reload() async throws {
    let (keys, revision) = try await store.signingKeys()
    let sealed = Dictionary(keys.map { ($0.info.kid, $0.sealedPrivateKey) }, uniquingKeysWith: { a, _ in a })
    let changed = try ring.install(keys.map(\.info), revision: revision, now: clock()) { kid in
      guard let box = sealed[kid] else { return nil }
      do {
        let seed = try sealingKey.open(box, associatedData: Array(kid.utf8))
        return TokenSigner(key: try Ed25519PrivateKey(seed: seed))
      } catch {
        logger.error("Signing key does not unseal with this master key", metadata: ["signing.kid": "\(kid)"])
        throw APIKeyError.failedPrecondition(
          "signing key \(kid) cannot be unsealed: is this the master key of this database?")
      }
    }
    if changed {
      logger.info("Key set loaded", metadata: ["keyset.revision": "\(revision)", "keyset.size": "\(ring.snapshot.keys.count)"])
    }
  }

  // MARK: API keys

  /// Validates `request`, stores a new key (or finds the one its request id made) and signs a token.
  func issue(_ request: IssueRequest, caller: String) async throws -> IssuedToken {
    let request = try request.validated()
    let now = clock()
    let expiresAt = try request.expiry.resolve(now: now)
    guard let signer = ring.signer(at: now) else { throw Self.noSigningKey }
    let outcome = try await store.insertKey(
      contact: request.contact, expiresAt: expiresAt, requestID: request.requestID, now: now,
      makeID: { KeyRecord.randomID(using: SecureRandom.uint64) },
      audit: { id in AuditEntry(at: now, action: "issue_key", target: "\(id)", caller: caller) })
    let record = outcome.record
    let token = signer.sign(TokenClaims(keyID: record.id, issuedAt: now, expiresAt: record.expiresAt))
    if case .replayed = outcome {
      logger.info("Key request replayed", metadata: ["key.id": "\(record.id)"])
      return IssuedToken(record: record, token: token, kid: signer.kid, replayed: true)
    }
    logger.info("Key issued", metadata: ["key.id": "\(record.id)", "signing.kid": "\(signer.kid)"])
    return IssuedToken(record: record, token: token, kid: signer.kid)
  }

  /// A fresh token for key `id`, signed by the current key.
  func resign(id: Int64, caller: String) async throws -> IssuedToken {
    let record = try await key(id: id)
    let now = clock()
    if let expiresAt = record.expiresAt, expiresAt <= now {
      throw APIKeyError.failedPrecondition(
        "key \(id) expired at \(expiresAt.ISO8601Format()); issue a new key instead")
    }
    guard let signer = ring.signer(at: now) else { throw Self.noSigningKey }
    try await store.appendAudit(
      AuditEntry(at: now, action: "resign_key", target: "\(id)", outcome: signer.kid, caller: caller))
    let token = signer.sign(TokenClaims(keyID: id, issuedAt: now, expiresAt: record.expiresAt))
    logger.info("Key re-signed", metadata: ["key.id": "\(id)", "signing.kid": "\(signer.kid)"])
    return IssuedToken(record: record, token: token, kid: signer.kid)
  }

  /// The record of key `id`; `notFound` when there is none.
  func key(id: Int64) async throws -> KeyRecord {
    guard id > 0 else { throw APIKeyError.invalidArgument(field: "id", reason: "must be a positive key id") }
    guard let record = try await store.key(id: id) else {
      throw APIKeyError.notFound("no API key with id \(id)")
    }
    return record
  }

  /// One page of records, newest first, and the token of the next page (nil on the last).
  func keys(pageSize: Int, pageToken: String) async throws -> (keys: [KeyRecord], next: String?) {
    guard pageSize >= 0, pageSize <= Self.maximumPageSize else {
      throw APIKeyError.invalidArgument(
        field: "page_size", reason: "must be between 1 and \(Self.maximumPageSize)")
    }
    let limit = pageSize == 0 ? Self.defaultPageSize : pageSize
    let cursor = pageToken.isEmpty ? nil : try KeyPageCursor(token: pageToken)
    let page = try await store.keys(after: cursor, limit: limit + 1)
    let keys = Array(page.prefix(limit))
    // '!' is fine: page has more than `limit` elements, so keys is non-empty.
    let next = page.count > limit ? KeyPageCursor(after: keys.last!).token : nil
    return (keys, next)
  }

  // MARK: Verification

  /// Checks `token` against the published set, without touching the database.
  func verify(_ token: String) -> Result<VerifiedToken, TokenVerificationFailure> {
    Result { () throws(TokenVerificationFailure) in
      try TokenVerifier().verify(token, keys: ring.snapshot, now: clock())
    }
  }

  static let noSigningKey = APIKeyError.failedPrecondition(
    "no signing key can sign now: add one (apikeyctl signing-key add FILE, or signing-key generate)")
}
