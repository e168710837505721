public import APIKeyCore

/// The kind of an `APIKeyError` without its wording (and for `invalidArgument`, the field it
/// names), so a test can expect "not found" or "refused naming email" exactly, not just any error.
public enum Refusal: Equatable, Sendable {
  case invalidArgument(field: String)
  case notFound
  case alreadyExists
  case failedPrecondition
  case resourceExhausted
  case unavailable
  case internalError

  /// The kind of `error`.
  public init(_ error: APIKeyError) {
    switch error {
    case .invalidArgument(let field, _): self = .invalidArgument(field: field)
    case .notFound: self = .notFound
    case .alreadyExists: self = .alreadyExists
    case .failedPrecondition: self = .failedPrecondition
    case .resourceExhausted: self = .resourceExhausted
    case .unavailable: self = .unavailable
    case .internalError: self = .internalError
    }
  }
}
