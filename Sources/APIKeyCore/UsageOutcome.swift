/// How a verifier judged a presented API key, as it reports it.
public enum UsageOutcome: String, Sendable, Hashable, CaseIterable {
  case accepted
  case expired
  case revoked
  case unknownKid = "unknown_kid"
  case badSignature = "bad_signature"
  case notYetValid = "not_yet_valid"

  /// The outcome of a verification failure that names a key (a malformed token names none).
  public init?(_ failure: TokenVerificationFailure) {
    switch failure {
    case .expired: self = .expired
    case .revoked: self = .revoked
    case .unknownKid: self = .unknownKid
    case .badSignature: self = .badSignature
    case .notYetValid: self = .notYetValid
    case .malformed: return nil
    }
  }
}
