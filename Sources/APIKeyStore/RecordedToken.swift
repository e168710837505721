public import Foundation

/// A token the daemon signed, as recorded (never the token itself): enough to sign the very same
/// token again, since Ed25519 signatures are deterministic.
public struct RecordedToken: Sendable, Equatable {
  /// The signing key that signed it.
  public var kid: String
  /// Its `iat`.
  public var issuedAt: Date
  /// Its `exp`; nil when it never expires.
  public var expiresAt: Date?

  /// A token as recorded when it was handed out (the token itself is never stored).
  public init(kid: String, issuedAt: Date, expiresAt: Date?) {
    self.kid = kid
    self.issuedAt = issuedAt
    self.expiresAt = expiresAt
  }
}
