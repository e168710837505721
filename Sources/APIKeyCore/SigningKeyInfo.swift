public import APIKeyCrypto
public import Foundation

/// What is public about a signing key: its kid, public key and lifecycle times.
public struct SigningKeyInfo: Sendable, Equatable {
  /// RFC 7638 thumbprint of the public key.
  public let kid: String
  /// The Ed25519 public key.
  public let publicKey: Ed25519PublicKey
  /// When the key was added.
  public let createdAt: Date
  /// From when the key may sign; before this it is published only.
  public let notBefore: Date
  /// When the key was retired; nil while it is published.
  public var retiredAt: Date?

  /// A key description; the kid is derived from the public key.
  public init(publicKey: Ed25519PublicKey, createdAt: Date, notBefore: Date, retiredAt: Date? = nil)
  {
    self.kid = JSONWebKey(publicKey: publicKey).thumbprint
    self.publicKey = publicKey
    self.createdAt = createdAt
    self.notBefore = notBefore
    self.retiredAt = retiredAt
  }

  /// True while the key is in the published set.
  public var isPublished: Bool { retiredAt == nil }

  /// True when the key may sign at `now`: published and past its `not_before`.
  public func maySign(at now: Date) -> Bool { isPublished && notBefore <= now }
}
