import APIKeyControl
import APIKeyRPC
import GRPCCore
import GRPCNIOTransportHTTP2

/// The console's calls to the daemon: each on a connection of its own to the admin socket, as
/// the admin who runs the console (`ControlSession`: the daemon's user checked, the user
/// reported, a deadline). A connection per page costs a few milliseconds and means a daemon
/// that restarts needs nothing from the console: the next page connects again.
struct ConsoleDaemon: Sendable {
  let options: ControlOptions

  /// Runs `body` in a session; a refusal or an unreachable daemon becomes a `ConsoleProblem`.
  func call<Result: Sendable>(
    _ body: @escaping @Sendable (ControlSession) async throws -> Result
  ) async throws(ConsoleProblem) -> Result {
    do {
      return try await ControlSession.run(options) { session in
        do {
          return try await body(session)
        } catch let error as RPCError {
          throw ConsoleProblem(error)
        }
      }
    } catch let problem as ConsoleProblem {
      throw problem
    } catch {
      // ControlSession's own refusals: no socket, a socket served by the wrong user.
      throw .unreachable("\(error)")
    }
  }

  /// The admin service, for one call.
  func admin<Result: Sendable>(
    _ body:
      @escaping @Sendable (Apikeyserv_V1_Admin.Client<HTTP2ClientTransport.Posix>)
      async throws -> Result
  ) async throws(ConsoleProblem) -> Result {
    try await call { session in try await body(session.admin) }
  }
}
