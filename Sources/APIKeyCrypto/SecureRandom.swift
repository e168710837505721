import CSodium

/// Cryptographically secure random bytes from libsodium.
public enum SecureRandom {
  /// `count` random bytes.
  public static func bytes(_ count: Int) -> [UInt8] {
    Sodium.ensureInitialised()
    var out = [UInt8](repeating: 0, count: count)
    out.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, count) }
    return out
  }

  /// A random 64-bit unsigned integer.
  public static func uint64() -> UInt64 {
    bytes(8).reduce(0) { ($0 << 8) | UInt64($1) }
  }
}
