/// Why a key or a sealed value could not be used. Messages never contain key material.
public enum CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The bytes are not a key of the expected kind (wrong length, wrong structure).
  case invalidKey(String)
  /// The PEM text could not be read as an unencrypted Ed25519 PKCS#8 private key.
  case invalidPEM(String)
  /// A sealed value did not open: wrong master key, wrong associated data, or tampering.
  case unsealFailed
  /// Signing failed inside libsodium.
  case signingFailed

  public var description: String {
    switch self {
    case .invalidKey(let why): return "invalid key: \(why)"
    case .invalidPEM(let why): return why
    case .unsealFailed: return "sealed data could not be opened with this master key"
    case .signingFailed: return "signing failed"
    }
  }
}
