public import APIKeyCrypto

/// The public JWK (RFC 7517, RFC 8037) of an Ed25519 key, and its RFC 7638 thumbprint.
public struct JSONWebKey: Sendable, Equatable {
  /// The key the JWK publishes; `x` is its raw 32 bytes.
  public let publicKey: Ed25519PublicKey

  /// Wraps a public key.
  public init(publicKey: Ed25519PublicKey) {
    self.publicKey = publicKey
  }

  /// The `x` member: the raw public key as base64url.
  public var x: String { Base64URL.encode(publicKey.rawRepresentation) }

  /// The RFC 7638 thumbprint (SHA-256 of the required members in lexicographic order, no
  /// whitespace), base64url: apikeyserv's `kid`. Same key, same kid, everywhere.
  public var thumbprint: String {
    let canonical = #"{"crv":"Ed25519","kty":"OKP","x":"\#(x)"}"#
    return Base64URL.encode(SHA256.hash(Array(canonical.utf8)))
  }

  /// The JWK as a JSON object, with `kid`, `alg` and `use` for verifiers that select by them.
  /// Every value is base64url or a fixed name, so no escaping is needed.
  public var json: String {
    #"{"kty":"OKP","crv":"Ed25519","x":"\#(x)","alg":"EdDSA","use":"sig","kid":"\#(thumbprint)"}"#
  }

  /// A JWK Set document (`{"keys":[...]}`) of `keys`, in the given order.
  public static func set(_ keys: [JSONWebKey]) -> String {
    #"{"keys":[\#(keys.map(\.json).joined(separator: ","))]}"#
  }
}
