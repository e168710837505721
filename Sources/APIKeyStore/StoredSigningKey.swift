public import APIKeyCore

/// A signing key as it rests in the store: public facts plus the private key sealed under the
/// master key (never plain text).
public struct StoredSigningKey: Sendable, Equatable {
  /// Public facts and lifecycle times.
  public var info: SigningKeyInfo
  /// The Ed25519 seed sealed with XChaCha20-Poly1305, the kid as associated data.
  public var sealedPrivateKey: [UInt8]

  /// A key as the store holds it: public information and the private key sealed under the master key.
  public init(info: SigningKeyInfo, sealedPrivateKey: [UInt8]) {
    self.info = info
    self.sealedPrivateKey = sealedPrivateKey
  }
}
