import CSodium

/// An Ed25519 public key: 32 raw bytes (RFC 8032).
public struct Ed25519PublicKey: Hashable, Sendable {
  /// Length of a raw Ed25519 public key.
  public static let byteCount = 32
  /// Length of an Ed25519 signature.
  public static let signatureByteCount = 64

  /// The raw key bytes.
  public let rawRepresentation: [UInt8]

  /// Wraps 32 raw bytes; throws when the length is wrong.
  public init(rawRepresentation: some Collection<UInt8>) throws(CryptoError) {
    guard rawRepresentation.count == Self.byteCount else {
      throw .invalidKey("an Ed25519 public key has 32 bytes, not \(rawRepresentation.count)")
    }
    self.rawRepresentation = Array(rawRepresentation)
  }

  /// True when `signature` is a valid Ed25519 signature of `message` by this key.
  public func isValidSignature(
    _ signature: some Collection<UInt8>, for message: some Collection<UInt8>
  ) -> Bool {
    guard signature.count == Self.signatureByteCount else { return false }
    Sodium.ensureInitialised()
    let signature = Array(signature)
    let message = Array(message)
    return crypto_sign_verify_detached(
      signature, message, UInt64(message.count), rawRepresentation) == 0
  }
}
