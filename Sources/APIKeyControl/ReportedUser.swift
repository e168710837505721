import APIKeyRPC
public import Foundation
public import GRPCCore

/// Adds the OS user apikeyctl runs as to every call (`RPCHeader.reportedUser`), for the daemon's
/// audit trail beside the kernel's word on the caller.
public struct ReportedUser: ClientInterceptor {
  /// The user's name.
  public let name: String

  /// The user running this process.
  public init(name: String = ProcessInfo.processInfo.userName) {
    self.name = name
  }

  public func intercept<Input: Sendable, Output: Sendable>(
    request: StreamingClientRequest<Input>,
    context: ClientContext,
    next: (StreamingClientRequest<Input>, ClientContext) async throws -> StreamingClientResponse<
      Output
    >
  ) async throws -> StreamingClientResponse<Output> {
    var request = request
    request.metadata.replaceOrAddString(name, forKey: RPCHeader.reportedUser)
    return try await next(request, context)
  }
}
