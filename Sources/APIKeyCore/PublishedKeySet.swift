public import APIKeyCrypto
public import Foundation

/// An immutable snapshot of the published signing keys and the revocation list at one revision:
/// what verifiers see. Built once per change, then read without locks or database access.
public struct PublishedKeySet: Sendable {
  /// Published keys, the one that would sign last in the list first.
  public let keys: [SigningKeyInfo]
  /// Revoked API keys whose tokens have not all expired, by id.
  public let revoked: [RevokedKey]
  /// Grows with every change of the set.
  public let revision: UInt64
  /// The RFC 7517 JWK Set document of `keys`.
  public let jwksJSON: String
  /// The revocation list document (see `RevokedKey.document`).
  public let revokedJSON: String
  private let byKid: [String: Ed25519PublicKey]
  private let revokedIDs: Set<Int64>

  /// A snapshot at `revision` of the keys published at `now` and of the revoked keys still
  /// listed at `now`.
  public init(keys: [SigningKeyInfo], revoked: [RevokedKey] = [], revision: UInt64, now: Date) {
    let published = keys.filter { $0.isPublished(at: now) }.sorted(by: Self.signingOrder)
    self.keys = published
    self.revoked = revoked.filter { $0.isListed(at: now) }.sorted { $0.id < $1.id }
    self.revision = revision
    self.jwksJSON = JSONWebKey.set(published.map { JSONWebKey(publicKey: $0.publicKey) })
    self.revokedJSON = RevokedKey.document(self.revoked, revision: revision)
    self.byKid = Dictionary(
      published.map { ($0.kid, $0.publicKey) }, uniquingKeysWith: { a, _ in a })
    self.revokedIDs = Set(self.revoked.map(\.id))
  }

  /// The key that signs at `now`: of the keys whose `not_before` has passed and that are not
  /// retiring, the one that became eligible last (ties: the newest). Nil when none may sign.
  public func signingKey(at now: Date) -> SigningKeyInfo? {
    keys.first { $0.maySign(at: now) }
  }

  /// The published public key with this kid.
  public func publicKey(kid: String) -> Ed25519PublicKey? { byKid[kid] }

  /// Every published public key (for tokens without a kid, as the original issued).
  public var publicKeys: [Ed25519PublicKey] { keys.map(\.publicKey) }

  /// True when API key `id` is on the revocation list.
  public func isRevoked(keyID id: Int64) -> Bool { revokedIDs.contains(id) }

  /// The first time after `now` at which this snapshot goes stale: a retiring key's grace ends or
  /// a revoked key leaves the list. Nil when nothing is scheduled.
  public func nextExpiry(after now: Date) -> Date? {
    let ends = keys.compactMap(\.unpublishedAt) + revoked.compactMap(\.leavesListAt)
    return ends.filter { $0 > now }.min()
  }

  /// True when a scheduled change is due at `now` (see `nextExpiry`).
  public func isStale(at now: Date) -> Bool {
    keys.contains { !$0.isPublished(at: now) } || revoked.contains { !$0.isListed(at: now) }
  }

  /// Order in which keys take over signing: latest `not_before` first, then newest.
  public static func signingOrder(_ a: SigningKeyInfo, _ b: SigningKeyInfo) -> Bool {
    if a.notBefore != b.notBefore { return a.notBefore > b.notBefore }
    if a.createdAt != b.createdAt { return a.createdAt > b.createdAt }
    return a.kid < b.kid
  }
}
