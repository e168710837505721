import APIKeyCore
import APIKeyService
import APIKeyUnixServer
import GRPCCore
package import Logging
import NIOCore

/// The edge between gRPC and the handlers of one socket, for every RPC, unary or streaming:
/// - hands the handler its `Caller` (`context.caller`);
/// - maps what a handler throws, before or while it streams its answer: domain errors to their
///   status (`APIKeyError+RPC`), gRPC errors as they are, cancellation to CANCELLED, and anything
///   else to INTERNAL, logged with the method, so no caller ever sees UNKNOWN with an empty
///   message, or the internals of a fault;
/// - counts each call by method and status, and times the bounded ones (`DaemonMetrics`).
package struct CallBoundary: ServerInterceptor {
  /// The socket's name, as `Caller.socket` records it.
  let socket: String
  var metrics: DaemonMetrics? = nil
  let logger: Logger

  /// The boundary of the socket `socket`, counting calls in `metrics` when given.
  package init(
    socket: String, metrics: DaemonMetrics? = nil, logger: Logger
  ) {
    self.socket = socket
    self.metrics = metrics
    self.logger = logger
  }

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
    let started = ContinuousClock.now
    let finish = { @Sendable (code: RPCError.Code?) in
      self.record(method, code: code, duration: ContinuousClock.now - started)
    }
    var response: StreamingServerResponse<Output>
    do {
      response = try await mapped(method) { try await next(request, context) }
    } catch {
      finish((error as? RPCError)?.code)
      throw error
    }
    switch response.accepted {
    case .success(var contents):
      let producer = contents.producer
      contents.producer = { writer in
        do {
          let metadata = try await mapped(method) { try await producer(writer) }
          finish(nil)
          return metadata
        } catch {
          finish((error as? RPCError)?.code)
          throw error
        }
      }
      response.accepted = .success(contents)
    case .failure(let error):
      finish(error.code)
    }
    return response
  }

  /// Counts a finished call (`code` nil: OK) and times it unless it is a stream without bound;
  /// counts a write that failed on the database's side.
  private func record(_ method: MethodDescriptor, code: RPCError.Code?, duration: Duration) {
    guard let metrics else { return }
    metrics.recordCall(
      method: method, code: code,
      duration: CallDeadline.isUnbounded(method) ? nil : duration)
    if let code, Self.storeFailures.contains(code), Self.isWrite(method),
      !(Self.isRegistration(method) && code == .resourceExhausted)
    {
      metrics.recordWriteError()
    }
  }

  /// What a write that the database refused or did not answer ends with.
  private static let storeFailures: Set<RPCError.Code> = [
    .unavailable, .internalError, .dataLoss, .resourceExhausted,
  ]

  /// Whether `method` changes the store: the Admin service's methods but those that only read,
  /// and a self-service request (whose RESOURCE_EXHAUSTED is a rate limit, not the store).
  static func isWrite(_ method: MethodDescriptor) -> Bool {
    switch method.service.fullyQualifiedService {
    case "apikeyserv.v1.Admin":
      !["List", "Get", "Verify", "Audit", "Backup"].contains { method.method.hasPrefix($0) }
    case "apikeyserv.v1.Registration": true
    default: false
    }
  }

  /// Whether `method` is the self-service request (its RESOURCE_EXHAUSTED is a rate limit).
  static func isRegistration(_ method: MethodDescriptor) -> Bool {
    method.service.fullyQualifiedService == "apikeyserv.v1.Registration"
  }

  /// Whether `error` says the caller's connection closed under a call (it went away).
  static func callerLeft(_ error: ChannelError) -> Bool {
    switch error {
    case .ioOnClosedChannel, .alreadyClosed, .outputClosed, .eof: true
    default: false
    }
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
    } catch let error as ChannelError where Self.callerLeft(error) {
      // A watcher that goes away (a bridge restarting) mid-stream: not a fault of the daemon's.
      logger.debug(
        "Caller went away", metadata: ["rpc.method": "\(method.fullyQualifiedMethod)"])
      throw RPCError(code: .cancelled, message: "the caller went away")
    } catch {
      logger.error(
        "Internal error",
        metadata: ["rpc.method": "\(method.fullyQualifiedMethod)", "error": "\(error)"])
      throw RPCError(code: .internalError, message: "internal error in apikeyserv; see its log")
    }
  }
}
