import CSodium

/// HMAC-SHA-256 (RFC 2104), for tags only the holder of a key can compute.
public enum HMACSHA256 {
  /// The 32-byte tag of `data` under `key`.
  public static func authenticate(
    _ data: some Collection<UInt8>, key: some Collection<UInt8>
  ) -> [UInt8] {
    Sodium.ensureInitialised()
    let input = Array(data)
    let keyBytes = Array(key)
    var state = crypto_auth_hmacsha256_state()
    var tag = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_BYTES))
    _ = crypto_auth_hmacsha256_init(&state, keyBytes, keyBytes.count)
    _ = crypto_auth_hmacsha256_update(&state, input, UInt64(input.count))
    _ = crypto_auth_hmacsha256_final(&state, &tag)
    return tag
  }
}
