import CSodium

/// An Ed25519 private key, held as its 32-byte seed (RFC 8032) and the expanded secret key.
///
/// Its `description` never shows key material, so a key that ends up in a log line leaks nothing.
public struct Ed25519PrivateKey: Sendable, CustomStringConvertible {
  /// Length of an Ed25519 seed.
  public static let seedByteCount = 32

  /// The 32-byte seed: the secret from which the key pair is derived.
  public let seed: [UInt8]
  /// The matching public key.
  public let publicKey: Ed25519PublicKey
  private let secretKey: [UInt8]

  /// A new random key.
  public init() {
    // '!' is fine: a fresh random seed always has the right length.
    try! self.init(seed: SecureRandom.bytes(Self.seedByteCount))
  }

  /// The key derived from a 32-byte seed.
  public init(seed: some Collection<UInt8>) throws(CryptoError) {
    guard seed.count == Self.seedByteCount else {
      throw .invalidKey("an Ed25519 seed has 32 bytes, not \(seed.count)")
    }
    Sodium.ensureInitialised()
    let seed = Array(seed)
    var publicBytes = [UInt8](repeating: 0, count: Ed25519PublicKey.byteCount)
    var secret = [UInt8](repeating: 0, count: Int(crypto_sign_SECRETKEYBYTES))
    guard crypto_sign_seed_keypair(&publicBytes, &secret, seed) == 0 else {
      throw .invalidKey("libsodium rejected the seed")
    }
    self.seed = seed
    self.secretKey = secret
    self.publicKey = try Ed25519PublicKey(rawRepresentation: publicBytes)
  }

  /// The 64-byte Ed25519 signature of `message`.
  public func signature(for message: some Collection<UInt8>) -> [UInt8] {
    let message = Array(message)
    var signature = [UInt8](repeating: 0, count: Ed25519PublicKey.signatureByteCount)
    // Detached signing with a valid secret key cannot fail in libsodium.
    _ = crypto_sign_detached(&signature, nil, message, UInt64(message.count), secretKey)
    return signature
  }

  public var description: String { "Ed25519PrivateKey(<redacted>)" }
}
