import APIKeyCore
import APIKeyMetrics
import APIKeyRPC
import GRPCCore
import Logging
import NIOCore
import Testing

@testable import APIKeyGRPCServices
@testable import APIKeyService

/// `CallBoundary` on its own: what a handler throws, before or while it streams, and what it is
/// told about its caller.
@Suite("Call boundary")
struct CallBoundaryTests {
  struct Boom: Error {}

  let boundary = CallBoundary(socket: "admin", logger: Logger(label: "test"))
  let context = ServerContext(
    descriptor: MethodDescriptor(fullyQualifiedService: "apikeyserv.v1.Admin", method: "IssueKey"),
    remotePeer: "in-process", localPeer: "in-process", cancellation: .init())

  func call(
    metadata: Metadata = [:],
    _ handler: @escaping @Sendable (ServerContext) async throws -> StreamingServerResponse<String>
  ) async throws -> StreamingServerResponse<String> {
    try await boundary.intercept(
      request: StreamingServerRequest(
        single: ServerRequest(metadata: metadata, message: "request")),
      context: context
    ) { _, context in try await handler(context) }
  }

  @Test(
    "A handler's error reaches the caller as its status: domain errors keep code and message, others become INTERNAL with a safe message",
    arguments: [
      (
        APIKeyError.invalidArgument(field: "email", reason: "is required"),
        RPCError.Code.invalidArgument, "email: is required"
      ),
      (APIKeyError.notFound("no API key with id 7"), .notFound, "no API key with id 7"),
      (RPCError(code: .permissionDenied, message: "no"), .permissionDenied, "no"),
      (CancellationError(), .cancelled, "the call was cancelled"),
      // A watcher that leaves mid-stream (a bridge restarting) is not an internal error.
      (ChannelError.ioOnClosedChannel, .cancelled, "the caller went away"),
      (Boom(), .internalError, "internal error in apikeyserv; see its log"),
    ] as [(any Error & Sendable, RPCError.Code, String)])
  func errors(thrown: any Error & Sendable, code: RPCError.Code, message: String) async throws {
    let before = await #expect(throws: RPCError.self) { _ = try await call { _ in throw thrown } }
    #expect(before?.code == code && before?.message == message)
    // The same error thrown while the answer streams.
    let response = try await call { _ in StreamingServerResponse { _ in throw thrown } }
    let contents = try response.accepted.get()
    let during = await #expect(throws: RPCError.self) {
      _ = try await contents.producer(RPCWriter(wrapping: DiscardingWriter()))
    }
    #expect(during?.code == code && during?.message == message)
  }

  @Test(
    "The handler's context names the caller: socket, the kernel's peer header, and the reported user cleaned to printable ASCII"
  )
  func caller() async throws {
    let metadata: Metadata = [
      RPCHeader.peer: "pid=42 uid=1000 gid=100", RPCHeader.reportedUser: "bob\n\u{1b}[31m",
    ]
    let response = try await call(metadata: metadata) { context in
      let caller = context.caller
      #expect(caller.peer == Caller.Peer(pid: 42, uid: 1000, gid: 100))
      #expect(caller.reportedUser == "bob[31m")
      #expect("\(caller)" == "admin-socket pid=42 uid=1000 gid=100 user=bob[31m")
      return StreamingServerResponse(single: ServerResponse(message: "ok"))
    }
    #expect(try response.accepted.get().metadata.isEmpty)
    let anonymous = try await call { context in
      #expect("\(context.caller)" == "admin-socket")
      return StreamingServerResponse(single: ServerResponse(message: "ok"))
    }
    _ = try anonymous.accepted.get()
  }
}

extension CallBoundaryTests {
  @Test(
    "A self-service request that the store or the mail agent fails counts as a write error; one over a rate limit does not"
  )
  func registrationWriteErrors() async throws {
    let metrics = DaemonMetrics()
    let boundary = CallBoundary(socket: "register", metrics: metrics, logger: Logger(label: "t"))
    let context = ServerContext(
      descriptor: MethodDescriptor(
        fullyQualifiedService: "apikeyserv.v1.Registration", method: "RequestKey"),
      remotePeer: "in-process", localPeer: "in-process", cancellation: .init())
    func fail(_ error: APIKeyError) async {
      _ = await #expect(throws: RPCError.self) {
        _ = try await boundary.intercept(
          request: StreamingServerRequest(single: ServerRequest(metadata: [:], message: "r")),
          context: context
        ) { (_, _) -> StreamingServerResponse<String> in throw error }
      }
    }
    func writeErrors() -> String {
      String(decoding: metrics.registry.exposition(), as: UTF8.self).split(separator: "\n")
        .first { $0.hasPrefix("apikeyserv_write_errors_total ") }.map(String.init) ?? ""
    }
    await fail(.unavailable("the e-mail could not be handed to /usr/sbin/sendmail"))
    #expect(writeErrors() == "apikeyserv_write_errors_total 1")
    await fail(.resourceExhausted("too many key requests (per e-mail address)"))
    #expect(writeErrors() == "apikeyserv_write_errors_total 1")
  }
}

/// A writer that drops what it is given.
private struct DiscardingWriter: RPCWriterProtocol {
  func write(_ element: String) async throws {}
  func write(contentsOf elements: some Sequence<String>) async throws {}
}
