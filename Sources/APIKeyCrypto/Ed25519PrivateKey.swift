import CSodium

/// An Ed25519 private key: libsodium's 64-byte secret key (the 32-byte RFC 8032 seed followed by
/// the public key), kept in guarded memory (`SecureBytes`).
///
/// Its `description` never shows key material, so a key that ends up in a log line leaks nothing.
public struct Ed25519PrivateKey: Sendable, CustomStringConvertible {
  /// Length of an Ed25519 seed.
  public static let seedByteCount = 32

  /// The 32-byte seed: the secret from which the key pair is derived. A plain copy: use it only
  /// to seal or export the key, and let it go.
  public var seed: [UInt8] { secretKey.withUnsafeBytes { Array($0.prefix(Self.seedByteCount)) } }
  /// The matching public key.
  public let publicKey: Ed25519PublicKey
  private let secretKey: SecureBytes

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
    var seed = Array(seed)
    var secret = [UInt8](repeating: 0, count: Int(crypto_sign_SECRETKEYBYTES))
    defer {
      seed.wipe()
      secret.wipe()  // the only plain copy; the key lives on in guarded memory
    }
    var publicBytes = [UInt8](repeating: 0, count: Ed25519PublicKey.byteCount)
    guard crypto_sign_seed_keypair(&publicBytes, &secret, seed) == 0 else {
      throw .invalidKey("libsodium rejected the seed")
    }
    self.secretKey = SecureBytes(copying: secret)
    self.publicKey = try Ed25519PublicKey(rawRepresentation: publicBytes)
  }

  /// The 64-byte Ed25519 signature of `message`.
  public func signature(for message: some Collection<UInt8>) -> [UInt8] {
    let message = Array(message)
    var signature = [UInt8](repeating: 0, count: Ed25519PublicKey.signatureByteCount)
    // Detached signing with a valid secret key cannot fail in libsodium. '!' is fine: the secret
    // key has 64 bytes, so its buffer has a base address.
    _ = secretKey.withUnsafeBytes { secret in
      crypto_sign_detached(
        &signature, nil, message, UInt64(message.count),
        secret.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }
    return signature
  }

  public var description: String { "Ed25519PrivateKey(<redacted>)" }
}
