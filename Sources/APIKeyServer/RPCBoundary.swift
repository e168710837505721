import APIKeyCore
import GRPCCore
import Logging

/// The edge between a gRPC handler and the domain: domain and gRPC errors pass through (the
/// former mapped by `APIKeyError+RPC`); anything else is logged and answered with `internal`, so
/// no caller ever sees `unknown` with an empty message, or the internals of a fault.
struct RPCBoundary: Sendable {
  let logger: Logger

  /// Runs `body`, translating errors as above.
  func run<T: Sendable>(
    _ method: String, _ body: () async throws -> T
  ) async throws -> T {
    do {
      return try await body()
    } catch let error as APIKeyError {
      throw RPCError(code: error.rpcErrorCode, message: error.message)
    } catch let error as RPCError {
      throw error
    } catch is CancellationError {
      throw RPCError(code: .cancelled, message: "the call was cancelled")
    } catch {
      logger.error("Internal error", metadata: ["rpc.method": "\(method)", "error": "\(error)"])
      throw RPCError(code: .internalError, message: "internal error in apikeyserv; see its log")
    }
  }
}
