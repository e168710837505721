import APIKeyCrypto
public import Foundation

/// Verifies compact JWS API keys offline against a set of Ed25519 public keys.
///
/// Accepts only `EdDSA` (and `Ed25519`, RFC 9864's name); `none`, HMAC, RSA and anything else
/// are refused before any signature work. A `kid` selects one key; a token without one (issued by
/// the original) is tried against every key. A validly signed token of a revoked API key fails.
public struct TokenVerifier: Sendable {
  /// Tokens longer than this are refused unread.
  public static let maximumTokenLength = 4096

  /// Whether `exp` is enforced (the original's client ignores it).
  public var checksExpiry: Bool
  /// Slack allowed on `exp` and `nbf` for clock skew between hosts (at most 5 minutes).
  public private(set) var leeway: TimeInterval

  /// A verifier; by default expiry is checked, with no leeway. The leeway is capped at
  /// `RevokedKey.maximumLeeway` (5 minutes), below the time a revoked key stays listed after its
  /// last token expires, so a lenient clock never accepts a revoked key's token again.
  public init(checksExpiry: Bool = true, leeway: TimeInterval = 0) {
    self.checksExpiry = checksExpiry
    self.leeway = min(max(leeway, 0), RevokedKey.maximumLeeway)
  }

  /// The verified claims of `token`, or why it is not valid at `now`.
  public func verify(
    _ token: String, keys: some VerificationKeys, now: Date
  ) throws(TokenVerificationFailure) -> VerifiedToken {
    let (kid, payloadBytes) = try verifiedPayload(of: token, keys: keys)
    let payload = try Self.decode(Payload.self, from: payloadBytes, part: "payload")
    let claims = try payload.claims()
    // '!' is fine: claims() refuses a subject that is not a key id.
    if keys.isRevoked(keyID: claims.keyID!) { throw .revoked(claims.subject) }
    if checksExpiry, let expiresAt = claims.expiresAt, now >= expiresAt + leeway {
      throw .expired(expiresAt)
    }
    if let notBefore = claims.notBefore, now + leeway < notBefore { throw .notYetValid(notBefore) }
    return VerifiedToken(claims: claims, kid: kid)
  }

  /// Checks the JWS signature only (any payload, e.g. RFC 8037 A.4's text): the kid of the key
  /// that verified it, and the payload bytes.
  public func verifiedPayload(
    of token: String, keys: some VerificationKeys
  ) throws(TokenVerificationFailure) -> (kid: String, payload: [UInt8]) {
    guard token.utf8.count <= Self.maximumTokenLength else {
      throw .malformed("longer than \(Self.maximumTokenLength) bytes")
    }
    let parts = token.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
    guard parts.count == 3 else { throw .malformed("a token has three dot-separated parts") }
    guard let headerBytes = Base64URL.decode(Substring(parts[0])),
      let payloadBytes = Base64URL.decode(Substring(parts[1])),
      let signature = Base64URL.decode(Substring(parts[2]))
    else { throw .malformed("a part is not base64url") }
    let header = try Self.decode(Header.self, from: headerBytes, part: "header")
    guard header.alg == "EdDSA" || header.alg == "Ed25519" else {
      throw .malformed("algorithm \(header.alg) is not accepted; only EdDSA")
    }
    guard header.crit == nil else {
      throw .malformed("critical header parameters are not supported")
    }

    let signingInput = Array(token.utf8.prefix(parts[0].count + 1 + parts[1].count))
    if let named = header.kid {
      guard let key = keys.publicKey(kid: named) else { throw .unknownKid(named) }
      guard key.isValidSignature(signature, for: signingInput) else { throw .badSignature }
      return (named, payloadBytes)
    }
    guard
      let match = keys.allKeys.first(where: {
        $0.key.isValidSignature(signature, for: signingInput)
      })
    else { throw .badSignature }
    return (match.kid, payloadBytes)
  }

  private static func decode<T: Decodable>(
    _ type: T.Type, from bytes: [UInt8], part: String
  ) throws(TokenVerificationFailure) -> T {
    do {
      return try JSONDecoder().decode(T.self, from: Data(bytes))
    } catch {
      throw .malformed("the \(part) is not the expected JSON object")
    }
  }

  private struct Header: Decodable {
    var alg: String
    var kid: String?
    var crit: [String]?
  }

  private struct Payload: Decodable {
    var sub: String
    var iat: Double?
    var exp: Double?
    var nbf: Double?

    func claims() throws(TokenVerificationFailure) -> TokenClaims {
      for value in [iat, exp, nbf] {
        if let value, !value.isFinite || abs(value) > 1e15 {
          throw .malformed("a time claim is out of range")
        }
      }
      let claims = TokenClaims(
        subject: sub,
        issuedAt: iat.map(Date.init(timeIntervalSince1970:)),
        expiresAt: exp.map(Date.init(timeIntervalSince1970:)),
        notBefore: nbf.map(Date.init(timeIntervalSince1970:)))
      guard claims.keyID != nil else { throw .malformed("sub is not an API key id") }
      return claims
    }
  }
}
