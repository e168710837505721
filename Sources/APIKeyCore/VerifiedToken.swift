/// A token whose signature checked out against a published key.
public struct VerifiedToken: Sendable, Equatable {
  /// The claims, to be trusted only because the signature checked out.
  public let claims: TokenClaims
  /// The kid of the key that verified the signature.
  public let kid: String

  /// The API key id (the `sub`).
  public var subject: String { claims.subject }

  /// A token whose signature checked out against the key `kid`.
  public init(claims: TokenClaims, kid: String) {
    self.claims = claims
    self.kid = kid
  }
}
