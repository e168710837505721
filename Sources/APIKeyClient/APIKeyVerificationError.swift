/// Why an API key was not accepted. A struct around a private enum, so that cases can be added
/// without breaking callers; compare with the static members.
public struct APIKeyVerificationError: Error, Hashable, Sendable, CustomStringConvertible {
  private enum Code: Hashable, Sendable {
    case malformed, unknownKey, badSignature, expired, notYetValid, revoked, noKeys, stale
    case invalidKeySet
  }

  private let code: Code
  /// A human-readable explanation (never the token).
  public let description: String

  private init(_ code: Code, _ description: String) {
    self.code = code
    self.description = description
  }

  /// Not a compact JWS with the claims of an API key, an unaccepted `alg`, or too long.
  public static let malformed = APIKeyVerificationError(.malformed, "malformed API key")
  /// Its `kid` names no key in the set.
  public static let unknownKey = APIKeyVerificationError(.unknownKey, "unknown key")
  /// The signature does not verify.
  public static let badSignature = APIKeyVerificationError(.badSignature, "bad signature")
  /// Its `exp` has passed.
  public static let expired = APIKeyVerificationError(.expired, "expired")
  /// Its `nbf` has not been reached.
  public static let notYetValid = APIKeyVerificationError(.notYetValid, "not yet valid")
  /// The API key was revoked by its issuer.
  public static let revoked = APIKeyVerificationError(.revoked, "revoked API key")
  /// The verifier has no keys (yet).
  public static let noKeys = APIKeyVerificationError(.noKeys, "no verification keys available")

  /// The verifier's keys or revocation list are older than its provider's maximum staleness:
  /// it cannot know whether a key was retired or revoked meanwhile, so it accepts nothing.
  /// A service should answer 503 (try later), not "invalid key".
  public static let stale = APIKeyVerificationError(.stale, "verification keys are stale")

  static func invalidKeySet(_ why: String) -> APIKeyVerificationError {
    APIKeyVerificationError(.invalidKeySet, "invalid key set: \(why)")
  }

  /// Same kind of failure, whatever the detail.
  public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
  public func hash(into hasher: inout Hasher) { hasher.combine(code) }

  func detailed(_ detail: String) -> APIKeyVerificationError {
    APIKeyVerificationError(code, "\(description): \(detail)")
  }
}
