import CSodium

/// SHA-256 digests.
public enum SHA256 {
  /// The 32-byte SHA-256 digest of `data`.
  public static func hash(_ data: some Collection<UInt8>) -> [UInt8] {
    Sodium.ensureInitialised()
    let input = Array(data)
    var digest = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
    _ = crypto_hash_sha256(&digest, input, UInt64(input.count))
    return digest
  }
}
