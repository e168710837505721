import APIKeyCore
import GRPCCore
import Logging

/// The edge between gRPC and the handlers of one socket, for every RPC, unary or streaming:
/// - hands the handler its `Caller` (`context.caller`);
/// - maps what a handler throws, before or while it streams its answer: domain errors to their
///   status (`APIKeyError+RPC`), gRPC errors as they are, cancellation to CANCELLED, and anything
///   else to INTERNAL, logged with the method, so no caller ever sees UNKNOWN with an empty
///   message, or the internals of a fault.
struct CallBoundary: ServerInterceptor {
  /// The socket's name, as `Caller.socket` records it.
  let socket: String
  let logger: Logger

  func intercept<Input: Sendable, Output: Sendable>(
    request: StreamingServerRequest<Input>,
    context: ServerContext,
    next:
      @Sendable (StreamingServerRequest<Input>, ServerContext) async throws ->
      StreamingServerResponse<Output>
  ) async throws -> StreamingServerResponse<Output> {
    var context = context
    context.caller = Caller(socket: socket, metadata: request.metadata)
    let method = context.descriptor
    var response = try await mapped(method) { try await next(request, context) }
    if case .success(var contents) = response.accepted {
      let producer = contents.producer
      contents.producer = { writer in try await mapped(method) { try await producer(writer) } }
      response.accepted = .success(contents)
    }
    return response
  }

  private func mapped<T>(_ method: MethodDescriptor, _ body: () async throws -> T) async throws -> T
  {
    do {
      return try await body()
    } catch let error as APIKeyError {
      throw RPCError(code: error.rpcErrorCode, message: error.message)
    } catch let error as RPCError {
      throw error
    } catch is CancellationError {
      throw RPCError(code: .cancelled, message: "the call was cancelled")
    } catch {
      logger.error(
        "Internal error",
        metadata: ["rpc.method": "\(method.fullyQualifiedMethod)", "error": "\(error)"])
      throw RPCError(code: .internalError, message: "internal error in apikeyserv; see its log")
    }
  }
}
