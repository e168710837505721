/// The one domain error of apikeyserv. Transports map it at their edge (gRPC status, CLI exit,
/// HTTP status). Messages are safe to show to callers: never key material, tokens or secrets.
public enum APIKeyError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The request is wrong; `field` names the offending input.
  case invalidArgument(field: String, reason: String)
  /// The named thing does not exist.
  case notFound(String)
  /// The thing to create exists already.
  case alreadyExists(String)
  /// The system is not in a state that allows the operation.
  case failedPrecondition(String)
  /// Too much at once; try again later.
  case resourceExhausted(String)
  /// A dependency (the database, the daemon) cannot be reached now.
  case unavailable(String)
  /// A fault inside apikeyserv; details are in the daemon's log, not here.
  case internalError(String)

  /// The caller-facing message.
  public var message: String {
    switch self {
    case .invalidArgument(let field, let reason): return "\(field): \(reason)"
    case .notFound(let message), .alreadyExists(let message), .failedPrecondition(let message),
      .resourceExhausted(let message), .unavailable(let message), .internalError(let message):
      return message
    }
  }

  public var description: String { message }
}
