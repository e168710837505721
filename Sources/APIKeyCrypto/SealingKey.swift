import CSodium

/// The master key that seals signing keys at rest: XChaCha20-Poly1305 (IETF AEAD) with a random
/// 24-byte nonce per value and caller-chosen associated data (the kid), so a sealed key cannot be
/// swapped onto another row unnoticed. The key lives in guarded memory (`SecureBytes`).
public struct SealingKey: Sendable, CustomStringConvertible {
  /// Length of a master key.
  public static let byteCount = Int(crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
  private static let nonceByteCount = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
  private static let tagByteCount = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)

  private let key: SecureBytes

  /// A new random master key.
  public init() {
    var bytes = SecureRandom.bytes(Self.byteCount)
    defer { bytes.wipe() }
    self.key = SecureBytes(copying: bytes)
  }

  /// A master key from its 32 raw bytes.
  public init(rawRepresentation: some Collection<UInt8>) throws(CryptoError) {
    guard rawRepresentation.count == Self.byteCount else {
      throw .invalidKey("a master key has \(Self.byteCount) bytes, not \(rawRepresentation.count)")
    }
    self.key = SecureBytes(copying: rawRepresentation)
  }

  /// A 32-byte key for another purpose, derived from this one (HMAC-SHA-256 of `purpose`), so
  /// one master key serves several uses without reusing key material.
  public func derivedKey(for purpose: String) -> [UInt8] {
    key.withUnsafeBytes { HMACSHA256.authenticate(Array("apikeyserv/\(purpose)".utf8), key: $0) }
  }

  /// The raw key bytes, for writing the key file: a plain copy. Handle with care.
  public var rawRepresentation: [UInt8] { key.copiedBytes }

  /// Seals `plaintext`, bound to `associatedData`: nonce ‖ ciphertext ‖ tag.
  public func seal(_ plaintext: [UInt8], associatedData: [UInt8]) -> [UInt8] {
    Sodium.ensureInitialised()
    let nonce = SecureRandom.bytes(Self.nonceByteCount)
    var cipher = [UInt8](repeating: 0, count: plaintext.count + Self.tagByteCount)
    var cipherLength: UInt64 = 0
    _ = key.withUnsafeBytes { key in
      crypto_aead_xchacha20poly1305_ietf_encrypt(
        &cipher, &cipherLength, plaintext, UInt64(plaintext.count),
        associatedData, UInt64(associatedData.count), nil, nonce,
        key.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }
    return nonce + cipher.prefix(Int(cipherLength))
  }

  /// Opens a value made by `seal` with the same associated data; throws when it does not open.
  public func open(_ sealed: [UInt8], associatedData: [UInt8]) throws(CryptoError) -> [UInt8] {
    Sodium.ensureInitialised()
    guard sealed.count >= Self.nonceByteCount + Self.tagByteCount else { throw .unsealFailed }
    let nonce = Array(sealed.prefix(Self.nonceByteCount))
    let cipher = Array(sealed.dropFirst(Self.nonceByteCount))
    var plain = [UInt8](repeating: 0, count: cipher.count - Self.tagByteCount)
    var plainLength: UInt64 = 0
    let status = key.withUnsafeBytes { key in
      crypto_aead_xchacha20poly1305_ietf_decrypt(
        &plain, &plainLength, nil, cipher, UInt64(cipher.count),
        associatedData, UInt64(associatedData.count), nonce,
        key.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }
    guard status == 0 else { throw .unsealFailed }
    return Array(plain.prefix(Int(plainLength)))
  }

  public var description: String { "SealingKey(<redacted>)" }
}
