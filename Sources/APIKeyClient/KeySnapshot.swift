public import APIKeyCore
public import APIKeyCrypto
import Foundation

/// An immutable set of Ed25519 verification keys read from a JWKS document, with the ids of the
/// revoked API keys.
///
/// Keys that are not Ed25519 (`kty` OKP, `crv` Ed25519) or that declare another `alg` are skipped,
/// so one JWKS can also carry keys for other uses. A key without `kid` gets its RFC 7638
/// thumbprint, which is what apikeyserv uses.
public struct KeySnapshot: VerificationKeys, Sendable {
  private let byKid: [String: Ed25519PublicKey]
  /// Every key with its kid, in document order.
  public let allKeys: [(kid: String, key: Ed25519PublicKey)]
  /// API key ids whose tokens are refused although their signature is valid.
  public let revokedIDs: Set<Int64>
  /// The daemon's key-set revision this snapshot holds (0: unknown, e.g. a fixed JWKS).
  public private(set) var revision: UInt64 = 0

  /// No keys: every token fails (`.noKeys`) until a provider fills the set.
  public static let empty = KeySnapshot(keys: [])

  /// A snapshot of `keys` (tried by kid, or all of them for a token without one) and the revoked ids.
  public init(keys: [(kid: String, key: Ed25519PublicKey)], revoked: Set<Int64> = []) {
    self.allKeys = keys
    self.byKid = Dictionary(keys.map { ($0.kid, $0.key) }, uniquingKeysWith: { first, _ in first })
    self.revokedIDs = revoked
  }

  /// The same keys with `revoked` as the revoked ids.
  public func revoking(_ revoked: Set<Int64>) -> KeySnapshot {
    var snapshot = KeySnapshot(keys: allKeys, revoked: revoked)
    snapshot.revision = revision
    return snapshot
  }

  /// The same snapshot, as the daemon's key-set revision `revision`.
  public func at(revision: UInt64) -> KeySnapshot {
    var snapshot = self
    snapshot.revision = revision
    return snapshot
  }

  /// Reads a JWK Set document (`{"keys":[…]}`); throws when it is not one.
  public init(jwks: some Collection<UInt8>) throws(APIKeyVerificationError) {
    let document: Document
    do {
      document = try JSONDecoder().decode(Document.self, from: Data(jwks))
    } catch {
      throw .invalidKeySet("not a JWK Set document")
    }
    var keys: [(kid: String, key: Ed25519PublicKey)] = []
    for jwk in document.keys where jwk.kty == "OKP" && jwk.crv == "Ed25519" {
      guard jwk.alg == nil || jwk.alg == "EdDSA" || jwk.alg == "Ed25519" else { continue }
      guard let x = jwk.x, let raw = Base64URL.decode(x),
        let key = try? Ed25519PublicKey(rawRepresentation: raw)
      else { throw .invalidKeySet("a key's x is not 32 bytes of base64url") }
      keys.append((jwk.kid ?? JSONWebKey(publicKey: key).thumbprint, key))
    }
    self.init(keys: keys)
  }

  /// Reads a JWK Set document from a string.
  public init(jwksJSON: String) throws(APIKeyVerificationError) {
    try self.init(jwks: Array(jwksJSON.utf8))
  }

  public func publicKey(kid: String) -> Ed25519PublicKey? { byKid[kid] }

  public func isRevoked(keyID id: Int64) -> Bool { revokedIDs.contains(id) }

  /// The number of keys.
  public var count: Int { allKeys.count }

  private struct Document: Decodable {
    var keys: [Key]
  }

  private struct Key: Decodable {
    var kty: String?
    var crv: String?
    var x: String?
    var kid: String?
    var alg: String?
  }
}
