import APIKeyCore
import PostgresNIO

/// Errors of the PostgreSQL client as the store reports them: the database out of reach is
/// `unavailable` (the caller may retry); an error the server reports names its SQLSTATE and
/// message (never a password: the server does not echo it).
enum PostgresFailure {
  static func map(_ error: any Error) -> any Error {
    if error is APIKeyError || error is CancellationError { return error }
    guard let error = error as? PSQLError else {
      return APIKeyError.unavailable("the database is unreachable: \(type(of: error))")
    }
    if error.code == .server, let info = error.serverInfo {
      let state = info[.sqlState] ?? "?"
      let message = info[.message] ?? "no message"
      // Class 08: connection exceptions; 57P: the server is shutting down or was restarted.
      if state.hasPrefix("08") || state.hasPrefix("57P") || state == "53300" {
        return APIKeyError.unavailable("the database is unavailable: \(message) (\(state))")
      }
      if state == "28P01" || state == "28000" {
        return APIKeyError.unavailable("the database refused the login: \(message) (\(state))")
      }
      return APIKeyError.internalError("the database failed: \(message) (SQLSTATE \(state))")
    }
    return APIKeyError.unavailable("the database is unreachable (\(error.code))")
  }
}
