import APIKeyCore
import APIKeyCrypto
import Foundation

/// MACs over the security state at rest, keyed from the master key: each signing key's lifecycle
/// (kid, public key, created, not before, retiring, retired) and each API key's revocation
/// (revoked at, listed until). Someone who can write the database but not read the master key
/// cannot un-retire a signing key, publish one of their own, or un-revoke an API key without the
/// MAC showing it; the store then reads the row in its safer state (retired, revoked).
struct StateSeal: Sendable {
  /// The HMAC-SHA-256 key.
  let key: [UInt8]

  /// The MAC of a signing key's row.
  func mac(_ key: SigningKeyInfo) -> [UInt8] {
    var input = MACInput(domain: "signing_keys")
    input.append(key.kid)
    input.append(key.publicKey.rawRepresentation)
    input.append(key.createdAt.microsecondsSince1970)
    input.append(key.notBefore.microsecondsSince1970)
    input.append(key.retiringAt?.microsecondsSince1970)
    input.append(key.unpublishedAt?.microsecondsSince1970)
    return HMACSHA256.authenticate(input.bytes, key: self.key)
  }

  /// The MAC of an API key's revocation fields (microseconds since 1970).
  func mac(apiKey id: Int64, revokedAt: Int64?, revokedUntil: Int64?) -> [UInt8] {
    var input = MACInput(domain: "api_keys")
    input.append(id)
    input.append(revokedAt)
    input.append(revokedUntil)
    return HMACSHA256.authenticate(input.bytes, key: key)
  }

  /// True when `stored` is the MAC of the row (constant time).
  static func matches(_ stored: [UInt8]?, _ expected: [UInt8]) -> Bool {
    guard let stored, stored.count == expected.count else { return false }
    return zip(stored, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
  }
}
