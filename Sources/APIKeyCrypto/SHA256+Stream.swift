import CSodium

extension SHA256 {
  /// A SHA-256 digest of data that arrives in parts (a streamed backup), without holding it.
  public struct Stream: Sendable {
    private var state = crypto_hash_sha256_state()

    /// An empty stream.
    public init() {
      Sodium.ensureInitialised()
      _ = crypto_hash_sha256_init(&state)
    }

    /// Adds `data`.
    public mutating func update(_ data: [UInt8]) {
      _ = crypto_hash_sha256_update(&state, data, UInt64(data.count))
    }

    /// The digest of everything added.
    public mutating func finish() -> [UInt8] {
      var digest = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
      _ = crypto_hash_sha256_final(&state, &digest)
      return digest
    }
  }
}
