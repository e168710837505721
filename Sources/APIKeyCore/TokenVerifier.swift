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

  /// Whether headers are cached and the payload `TokenSigner` writes is read without a JSON
  /// decoder (the default). Off only to measure what they save (`apikeyserv-bench verify`); the
  /// verdicts are the same either way.
  @_spi(Benchmark) public var usesFastPaths = true

  /// A verifier; by default expiry is checked, with no leeway. The leeway is capped at
  /// `RevokedKey.maximumLeeway` (5 minutes), below the time a revoked key stays listed after its
  /// last token expires, so a lenient clock never accepts a revoked key's token again.
  public init(checksExpiry: Bool = true, leeway: TimeInterval = 0) {
    self.checksExpiry = checksExpiry
    self.leeway = min(max(leeway, 0), RevokedKey.maximumLeeway)
  }

  /// The verified claims of `token`, or why it is not valid at `now`. `observe`, when given, is
  /// told the key id, the kid and the outcome of every token whose signature verified (accepted,
  /// revoked, expired, not yet valid): what a usage report counts.
  public func verify(
    _ token: String, keys: some VerificationKeys, now: Date,
    observe: ((_ keyID: Int64, _ kid: String, _ outcome: UsageOutcome) -> Void)? = nil
  ) throws(TokenVerificationFailure) -> VerifiedToken {
    let (kid, payloadBytes) = try verifiedPayload(of: token, keys: keys)
    guard let payload = TokenPayload.read(payloadBytes, fastPath: usesFastPaths) else {
      throw .malformed("the payload is not the expected JSON object")
    }
    let claims = try payload.claims()
    // '!' is fine: claims() refuses a subject that is not a key id.
    let keyID = claims.keyID!
    let failure: TokenVerificationFailure?
    if keys.isRevoked(keyID: keyID) {
      failure = .revoked(claims.subject)
    } else if checksExpiry, let expiresAt = claims.expiresAt, now >= expiresAt + leeway {
      failure = .expired(expiresAt)
    } else if let notBefore = claims.notBefore, now + leeway < notBefore {
      failure = .notYetValid(notBefore)
    } else {
      failure = nil
    }
    if let observe {
      observe(keyID, kid, failure.flatMap(UsageOutcome.init) ?? .accepted)
    }
    if let failure { throw failure }
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
    var token = token
    return try token.withUTF8 { bytes in
      Result { () throws(TokenVerificationFailure) in try verifiedPayload(of: bytes, keys: keys) }
    }.get()
  }

  /// `verifiedPayload(of:keys:)` on the token's UTF-8 bytes, read in place.
  private func verifiedPayload(
    of token: UnsafeBufferPointer<UInt8>, keys: some VerificationKeys
  ) throws(TokenVerificationFailure) -> (kid: String, payload: [UInt8]) {
    let dot = UInt8(ascii: ".")
    guard let first = token.firstIndex(of: dot),
      let second = token[(first + 1)...].firstIndex(of: dot),
      !token[(second + 1)...].contains(dot)
    else { throw .malformed("a token has three dot-separated parts") }
    guard
      let payloadBytes = Base64URL.decode(bytes: .init(rebasing: token[(first + 1) ..< second])),
      let signature = Base64URL.decode(bytes: .init(rebasing: token[(second + 1)...]))
    else { throw .malformed("a part is not base64url") }
    guard
      let header = TokenHeader.parse(.init(rebasing: token[..<first]), caching: usesFastPaths)
    else {
      throw .malformed("the header is not base64url of the expected JSON object")
    }
    guard header.alg == "EdDSA" || header.alg == "Ed25519" else {
      throw .malformed("algorithm \(header.alg) is not accepted; only EdDSA")
    }
    guard header.crit == nil else {
      throw .malformed("critical header parameters are not supported")
    }

    let signingInput = UnsafeBufferPointer(rebasing: token[..<second])
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
}
