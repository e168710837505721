public import APIKeyCrypto

/// Where a verifier finds public keys (by kid, or all of them for tokens without a kid) and which
/// API keys are revoked.
public protocol VerificationKeys: Sendable {
  /// The key with this kid, if published.
  func publicKey(kid: String) -> Ed25519PublicKey?
  /// Every published key with its kid.
  var allKeys: [(kid: String, key: Ed25519PublicKey)] { get }
  /// True when API key `id` is revoked.
  func isRevoked(keyID id: Int64) -> Bool
}

extension PublishedKeySet: VerificationKeys {
  public var allKeys: [(kid: String, key: Ed25519PublicKey)] {
    keys.map { ($0.kid, $0.publicKey) }
  }
}
