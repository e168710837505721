public import Foundation

/// Why a token did not verify.
public enum TokenVerificationFailure: Error, Equatable, Sendable, CustomStringConvertible {
  /// Not a compact JWS with a header and claims apikeyserv accepts.
  case malformed(String)
  /// The header's kid names no published key.
  case unknownKid(String)
  /// No published key's signature check passes.
  case badSignature
  /// The `exp` claim has passed.
  case expired(Date)
  /// The `nbf` claim has not been reached.
  case notYetValid(Date)
  /// The API key (this subject) was revoked.
  case revoked(String)

  public var description: String {
    switch self {
    case .malformed(let why): return "malformed token: \(why)"
    case .unknownKid(let kid): return "unknown kid \(kid)"
    case .badSignature: return "bad signature"
    case .expired(let at): return "expired at \(at.ISO8601Format())"
    case .notYetValid(let at): return "not valid before \(at.ISO8601Format())"
    case .revoked(let subject): return "API key \(subject) was revoked"
    }
  }
}
