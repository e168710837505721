package import APIKeyCore
import APIKeyCrypto
import APIKeyStore
package import Foundation
import Logging

/// Signing-key management: add, generate, rotate, retire, list.
extension KeyService {
  /// How long `rotate` publishes a key before it signs by default: longer than the hourly refresh
  /// of the original's client, so every verifier knows the key before its first token.
  static let defaultPublishAhead: TimeInterval = 65 * 60

  /// Adds a key from PKCS#8 PEM; it is published at once and signs from `notBefore` (default now).
  package func addSigningKey(
    pem: String, notBefore: Date?, caller: Caller
  ) async throws
    -> (SigningKeyInfo, UInt64)
  {
    let key: Ed25519PrivateKey
    do {
      key = try Ed25519PrivateKey(pem: pem)
    } catch {
      throw APIKeyError.invalidArgument(field: "private_key_pem", reason: error.description)
    }
    return try await store(key, notBefore: notBefore, action: "add_signing_key", caller: caller)
  }

  /// Generates a key inside the daemon; published at once, signs from `notBefore` (default now).
  package func generateSigningKey(
    notBefore: Date?, caller: Caller
  ) async throws -> (SigningKeyInfo, UInt64) {
    try await store(
      Ed25519PrivateKey(), notBefore: notBefore, action: "generate_signing_key", caller: caller)
  }

  /// Generates a key that is published now and signs `publishAhead` seconds later; the current
  /// key keeps signing until then. Refused when no key signs now (generate the first key instead)
  /// or when another key is pending already. Returns the new key, the revision and the kid that
  /// keeps signing.
  package func rotateSigningKey(
    publishAhead: TimeInterval?, caller: Caller
  ) async throws
    -> (key: SigningKeyInfo, revision: UInt64, previousKid: String)
  {
    let ahead = try Self.checkDuration(
      publishAhead ?? Self.defaultPublishAhead, field: "publish_ahead")
    let now = clock()
    let snapshot = ring.snapshot
    guard let current = snapshot.signingKey(at: now) else {
      throw APIKeyError.failedPrecondition(
        "no key signs now, so there is nothing to rotate from: generate the first key (apikeyctl signing-key generate)"
      )
    }
    // Decided inside the write, on what the database holds: two rotations at once (on this
    // daemon or another one on the same database) cannot both add a pending key, and a key
    // retired meanwhile (by another daemon) is not rotated from.
    let (key, revision) = try await store(
      Ed25519PrivateKey(), notBefore: now + ahead, action: "rotate_signing_key", caller: caller,
      rotatingFrom: current.kid, at: now)
    return (key, revision, current.kid)
  }

  /// Retires a key: it stops signing at once and leaves the published set after `grace` seconds
  /// (at once without). With `dryRun` nothing changes. Either way the answer carries the impact:
  /// the API keys whose every still-valid token this key signed.
  package func retireSigningKey(
    kid: String, grace: TimeInterval = 0, dryRun: Bool = false, caller: Caller
  )
    async throws -> (key: SigningKeyInfo, revision: UInt64, impact: RetirementImpact)
  {
    guard !kid.isEmpty else {
      throw APIKeyError.invalidArgument(field: "kid", reason: "is required")
    }
    _ = try Self.checkDuration(grace, field: "grace")
    let now = clock()
    if dryRun {
      guard let key = try await signingKeys().first(where: { $0.kid == kid }) else {
        throw Self.unknownSigningKey(kid)
      }
      let impact = RetirementImpact(affected: try await store.keysSignedOnly(by: kid, now: now))
      return (key, ring.snapshot.revision, impact)
    }
    // The impact is read in the transaction that retires: a key issued or re-signed meanwhile
    // (here or on another daemon) is counted as it stands when the retirement commits.
    let (key, revision, impact, audit) = try await store.write { store in
      guard let stored = try store.signingKey(kid: kid) else { throw Self.unknownSigningKey(kid) }
      if let retiring = stored.info.retiringAt {
        throw APIKeyError.failedPrecondition(
          "signing key \(kid) was retired already at \(retiring.ISO8601Format())")
      }
      let impact = RetirementImpact(affected: try store.keysSignedOnly(by: kid, now: now))
      let key = try store.retire(stored, at: now, leavesAt: now + grace)
      let audit = AuditEntry(
        at: now, action: "retire_signing_key", target: kid,
        outcome: grace > 0
          ? "grace \(Int(grace))s, \(impact.affectedKeys) keys affected"
          : "\(impact.affectedKeys) keys affected",
        caller: "\(caller)")
      try store.append(audit)
      return (key, try store.bumpRevision(), impact, audit)
    }
    try await reload()
    committed(
      audit,
      [
        "keyset.revision": "\(revision)", "grace.seconds": "\(Int(grace))",
        "affected.keys": "\(impact.affectedKeys)",
      ])
    if ring.signer(at: now) == nil {
      logger.warning("No signing key can sign now: IssueKey fails until one is added")
    }
    return (key.info, revision, impact)
  }

  /// Every signing key: published ones in signing order, then retired ones, newest first.
  package func signingKeys() async throws -> [SigningKeyInfo] {
    let now = clock()
    let infos = try await store.publishedState(at: now).keys.map(\.info)
    return infos.filter { $0.isPublished(at: now) }.sorted(by: PublishedKeySet.signingOrder)
      + infos.filter { !$0.isPublished(at: now) }.sorted { $0.createdAt > $1.createdAt }
  }

  /// The refusal for a kid that names no signing key.
  static func unknownSigningKey(_ kid: String) -> APIKeyError {
    .notFound("no signing key with kid \(kid)")
  }

  /// `seconds` when it is between 0 and 366 days, else `invalidArgument` on `field`.
  private static func checkDuration(
    _ seconds: TimeInterval, field: String
  ) throws(APIKeyError)
    -> TimeInterval
  {
    guard seconds >= 0, seconds <= 366 * 24 * 3600 else {
      throw .invalidArgument(field: field, reason: "must be between 0 and 366 days")
    }
    return seconds
  }

  /// The state of `key` now.
  package func state(of key: SigningKeyInfo) -> SigningKeyState {
    let now = clock()
    return key.state(at: now, signingKid: ring.snapshot.signingKey(at: now)?.kid)
  }

  /// A rotation from `current` at `now` stands only while `current` signs and no key is pending.
  private static func checkRotation(
    from current: String, at now: Date, in store: StoreWrite
  ) throws {
    guard let key = try store.signingKey(kid: current), key.info.retiringAt == nil else {
      throw APIKeyError.failedPrecondition(
        "signing key \(current) was retired meanwhile, so there is nothing to rotate from: generate a new key (apikeyctl signing-key generate)"
      )
    }
    if let pending = try store.pendingSigningKeys(at: now).first {
      throw APIKeyError.failedPrecondition(
        "signing key \(pending.kid) is pending already (signs from \(pending.notBefore.ISO8601Format())); wait for it or retire it first"
      )
    }
  }

  private func store(
    _ key: Ed25519PrivateKey, notBefore: Date?, action: String, caller: Caller,
    rotatingFrom current: String? = nil, at rotation: Date? = nil
  ) async throws -> (SigningKeyInfo, UInt64) {
    let now = clock()
    let info = SigningKeyInfo(
      publicKey: key.publicKey, createdAt: now, notBefore: max(notBefore ?? now, now))
    let sealed = sealingKey.seal(key.seed, associatedData: Array(info.kid.utf8))
    let audit = AuditEntry(at: now, action: action, target: info.kid, caller: "\(caller)")
    let stored = StoredSigningKey(info: info, sealedPrivateKey: sealed)
    let revision = try await store.write { store in
      if let current, let rotation {
        try Self.checkRotation(from: current, at: rotation, in: store)
      }
      try store.insert(stored)
      try store.append(audit)
      return try store.bumpRevision()
    }
    try await reload()
    committed(
      audit,
      [
        "keyset.revision": "\(revision)",
        "signing.not_before": "\(info.notBefore.ISO8601Format())",
      ])
    return (info, revision)
  }
}
