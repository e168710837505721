public import APIKeyCrypto
public import Foundation

/// What is public about a signing key: its kid, public key and lifecycle times.
///
/// Lifecycle: published at `createdAt`, signs from `notBefore` (pending before), stops signing at
/// `retiringAt`, leaves the published set at `unpublishedAt` (the end of a retirement's grace period,
/// or the same moment as `retiringAt` without one).
public struct SigningKeyInfo: Sendable, Equatable {
  /// RFC 7638 thumbprint of the public key.
  public let kid: String
  /// The Ed25519 public key.
  public let publicKey: Ed25519PublicKey
  /// When the key was added.
  public let createdAt: Date
  /// From when the key may sign; before this it is published only.
  public let notBefore: Date
  /// When the key was retired and stopped signing; nil before.
  public var retiringAt: Date?
  /// When the key leaves (or left) the published set; nil while no retirement is scheduled.
  public var unpublishedAt: Date?

  /// A key description; the kid is derived from the public key.
  public init(
    publicKey: Ed25519PublicKey, createdAt: Date, notBefore: Date, retiringAt: Date? = nil,
    unpublishedAt: Date? = nil
  ) {
    self.kid = JSONWebKey(publicKey: publicKey).thumbprint
    self.publicKey = publicKey
    self.createdAt = createdAt
    self.notBefore = notBefore
    self.retiringAt = retiringAt ?? unpublishedAt
    self.unpublishedAt = unpublishedAt
  }

  /// True while the key is in the published set at `now`.
  public func isPublished(at now: Date) -> Bool { unpublishedAt.map { $0 > now } ?? true }

  /// True when the key may sign at `now`: published, not retiring, past its `not_before`.
  public func maySign(at now: Date) -> Bool {
    retiringAt == nil && isPublished(at: now) && notBefore <= now
  }

  /// Where the key is at `now`, given the kid that signs then.
  public func state(at now: Date, signingKid: String?) -> SigningKeyState {
    if !isPublished(at: now) { return .retired }
    if retiringAt != nil { return .retiring }
    if kid == signingKid { return .current }
    return notBefore > now ? .pending : .active
  }
}

/// Where a signing key is in its lifecycle.
public enum SigningKeyState: String, Sendable, CaseIterable {
  /// Published, not yet signing (its `not_before` is ahead).
  case pending
  /// Signs new tokens now.
  case current
  /// Published and verifying; a newer key signs.
  case active
  /// Retired with a grace period: no longer signs, still published until the grace ends.
  case retiring
  /// Out of the published set.
  case retired
}
