import APIKeyRPC
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import SwiftProtobuf

/// The RPCs `apikeyserv-bench rpc` measures, by the names its `--paths` option takes.
struct RPCPaths: Sendable {
  let admin: Apikeyserv_V1_Admin.Client<HTTP2ClientTransport.Posix>
  let publicKeys: Apikeyserv_V1_PublicKeys.Client<HTTP2ClientTransport.Posix>
  let publicHealth: Grpc_Health_V1_Health.Client<HTTP2ClientTransport.Posix>
  let adminHealth: Grpc_Health_V1_Health.Client<HTTP2ClientTransport.Posix>
  /// Tokens of a few keys issued for the run, and their subjects, for the verification paths.
  let tokens: [(token: String, subject: String)]

  init(
    admin adminClient: GRPCClient<HTTP2ClientTransport.Posix>,
    public publicClient: GRPCClient<HTTP2ClientTransport.Posix>
  ) async throws {
    admin = Apikeyserv_V1_Admin.Client(wrapping: adminClient)
    publicKeys = Apikeyserv_V1_PublicKeys.Client(wrapping: publicClient)
    publicHealth = Grpc_Health_V1_Health.Client(wrapping: publicClient)
    adminHealth = Grpc_Health_V1_Health.Client(wrapping: adminClient)
    var tokens: [(String, String)] = []
    for index in 0 ..< 16 {
      let issued = try await admin.issueKey(Self.issueRequest(index))
      tokens.append((issued.token, String(issued.key.id)))
    }
    self.tokens = tokens
  }

  /// `count` calls of `path` from `callers` concurrent tasks (after a warm-up); `verify-keys`
  /// sends `count` tokens over one stream and checks that every verdict comes back, valid and in
  /// order.
  func measure(_ path: String, count: Int, callers: Int) async throws -> LatencyRun {
    if path == "verify-keys" { return try await verifyStream(count: count) }
    let call = try self.call(path)
    for i in 0 ..< 20 { try await call(i) }
    return try await LatencyRun.measure(count: count, concurrency: callers, call)
  }

  private func call(_ path: String) throws -> @Sendable (Int) async throws -> Void {
    let token = tokens[0].token
    switch path {
    case "check": return { _ in _ = try await publicHealth.check(.init()) }
    case "check-admin": return { _ in _ = try await adminHealth.check(.init()) }
    case "list-public-keys": return { _ in _ = try await publicKeys.listPublicKeys(.init()) }
    case "verify-key":
      return { _ in
        let verdict = try await publicKeys.verifyKey(.with { $0.token = token })
        guard verdict.valid else {
          throw BenchFailure("VerifyKey said invalid: \(verdict.message)")
        }
      }
    case "issue-key": return { i in _ = try await admin.issueKey(Self.issueRequest(i)) }
    case "list-keys":
      return { _ in
        let page = try await admin.listKeys(.with { $0.pageSize = 100 })
        guard page.keys.count == 100 else { throw BenchFailure("ListKeys gave \(page.keys.count)") }
      }
    default: throw BenchFailure("unknown path \(path)")
    }
  }

  /// One VerifyKeys stream: all tokens written in batches of 64, verdicts read as they come.
  private func verifyStream(count: Int) async throws -> LatencyRun {
    let tokens = tokens
    let clock = ContinuousClock()
    let start = clock.now
    let verified = try await publicKeys.verifyKeys(
      requestProducer: { writer in
        var sent = 0
        while sent < count {
          let batch = (sent ..< min(count, sent + 64)).map { index in
            Apikeyserv_V1_VerifyKeyRequest.with { $0.token = tokens[index % tokens.count].token }
          }
          try await writer.write(contentsOf: batch)
          sent += batch.count
        }
      },
      onResponse: { response in
        var index = 0
        for try await verdict in response.messages {
          guard verdict.valid, verdict.subject == tokens[index % tokens.count].subject else {
            throw BenchFailure("verdict \(index) is not the expected one: \(verdict)")
          }
          index += 1
        }
        return index
      })
    guard verified == count else { throw BenchFailure("\(verified) verdicts for \(count) tokens") }
    let elapsed = clock.now - start
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    // Per-token latency is not observable on a pipelined stream: the mean stands for each.
    return LatencyRun(
      latencies: Array(repeating: seconds / Double(count), count: count), elapsed: seconds)
  }

  static func issueRequest(_ index: Int) -> Apikeyserv_V1_IssueKeyRequest {
    var request = Apikeyserv_V1_IssueKeyRequest()
    request.email = "bench\(index)@example.com"
    request.organisation = "Benchmark"
    return request
  }
}

/// A benchmark that could not measure what it meant to.
struct BenchFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
