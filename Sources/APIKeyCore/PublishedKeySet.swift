public import APIKeyCrypto
public import Foundation

/// An immutable snapshot of the published signing keys at one revision: what verifiers see.
/// Built once per change, then read without locks or database access.
public struct PublishedKeySet: Sendable {
  /// Published keys, the one that would sign last in the list first.
  public let keys: [SigningKeyInfo]
  /// Grows with every change of the set.
  public let revision: UInt64
  /// The RFC 7517 JWK Set document of `keys`.
  public let jwksJSON: String
  private let byKid: [String: Ed25519PublicKey]

  /// A snapshot of `keys` (retired ones are left out) at `revision`.
  public init(keys: [SigningKeyInfo], revision: UInt64) {
    let published = keys.filter(\.isPublished).sorted(by: Self.signingOrder)
    self.keys = published
    self.revision = revision
    self.jwksJSON = JSONWebKey.set(published.map { JSONWebKey(publicKey: $0.publicKey) })
    self.byKid = Dictionary(published.map { ($0.kid, $0.publicKey) }, uniquingKeysWith: { a, _ in a })
  }

  /// The key that signs at `now`: of the keys whose `not_before` has passed, the one that became
  /// eligible last (ties: the newest). Nil when none may sign.
  public func signingKey(at now: Date) -> SigningKeyInfo? {
    keys.first { $0.maySign(at: now) }
  }

  /// The published public key with this kid.
  public func publicKey(kid: String) -> Ed25519PublicKey? { byKid[kid] }

  /// Every published public key (for tokens without a kid, as the original issued).
  public var publicKeys: [Ed25519PublicKey] { keys.map(\.publicKey) }

  /// Order in which keys take over signing: latest `not_before` first, then newest.
  public static func signingOrder(_ a: SigningKeyInfo, _ b: SigningKeyInfo) -> Bool {
    if a.notBefore != b.notBefore { return a.notBefore > b.notBefore }
    if a.createdAt != b.createdAt { return a.createdAt > b.createdAt }
    return a.kid < b.kid
  }
}
