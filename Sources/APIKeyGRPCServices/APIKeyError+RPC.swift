public import APIKeyCore
public import GRPCCore

/// The gRPC status of each domain error; the message is the domain message.
extension APIKeyError: RPCErrorConvertible {
  public var rpcErrorCode: RPCError.Code {
    switch self {
    case .invalidArgument: return .invalidArgument
    case .notFound: return .notFound
    case .alreadyExists: return .alreadyExists
    case .failedPrecondition: return .failedPrecondition
    case .resourceExhausted: return .resourceExhausted
    case .unavailable: return .unavailable
    case .internalError: return .internalError
    }
  }

  public var rpcErrorMessage: String { message }
}
