import Foundation
import GRPCCore

/// Why a call to the daemon gave no answer to show: the daemon cannot be reached (stopped,
/// restarting, the socket gone), or it refused, in its own words (a field named when it named
/// one: "email: Enter a valid email address.").
enum ConsoleProblem: Error, Sendable {
  case unreachable(String)
  case refused(code: RPCError.Code, field: String?, message: String)

  /// The daemon's refusal `error`; an INVALID_ARGUMENT's message names its field first.
  init(_ error: RPCError) {
    switch error.code {
    case .unavailable, .deadlineExceeded, .cancelled:
      self = .unreachable(error.message)
    case .invalidArgument:
      let parts = error.message.split(separator: ":", maxSplits: 1)
      let field =
        parts.count == 2
          && parts[0].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        ? String(parts[0]) : nil
      self = .refused(
        code: error.code, field: field,
        message: field == nil ? error.message : parts[1].trimmingCharacters(in: .whitespaces))
    default:
      self = .refused(code: error.code, field: nil, message: error.message)
    }
  }

  /// The words to show.
  var message: String {
    switch self {
    case .unreachable(let message): message
    case .refused(_, let field, let message): field.map { "\($0): \(message)" } ?? message
    }
  }
}
