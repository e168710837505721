import APIKeyRPC
import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import SwiftProtobuf

/// `apikeyserv-bench`: benchmarks. Run them on a release build (`make bench` does everything).
@main
struct Bench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "apikeyserv-bench",
    abstract: "Benchmarks of apikeyserv.",
    subcommands: [RPCBench.self, VerifyBench.self],
    defaultSubcommand: RPCBench.self)
}

/// `apikeyserv-bench rpc`: RPC latency and throughput against a running daemon's sockets.
struct RPCBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rpc",
    abstract: "Measure IssueKey, ListPublicKeys and VerifyKey over the daemon's Unix sockets.")

  @Option(help: "Admin socket.")
  var adminSocket: String = "./var/admin.sock"

  @Option(help: "Public socket.")
  var socket: String = "./var/apikeyserv.sock"

  @Option(help: "Calls per measurement.")
  var count: Int = 2000

  @Option(help: "Concurrent callers for the throughput runs.")
  var concurrency: Int = 16

  func run() async throws {
    try await withGRPCClient(
      transport: .http2NIOPosix(
        target: .unixDomainSocket(path: adminSocket), transportSecurity: .plaintext)
    ) { adminClient in
      try await withGRPCClient(
        transport: .http2NIOPosix(
          target: .unixDomainSocket(path: socket), transportSecurity: .plaintext)
      ) { publicClient in
        let admin = Apikeyserv_V1_Admin.Client(wrapping: adminClient)
        let publicKeys = Apikeyserv_V1_PublicKeys.Client(wrapping: publicClient)
        let token = try await admin.issueKey(Self.issueRequest(0)).token
        let measurements: [(String, Int, @Sendable (Int) async throws -> Void)] = [
          ("ListPublicKeys", 1, { _ in _ = try await publicKeys.listPublicKeys(.init()) }),
          (
            "ListPublicKeys", concurrency, { _ in _ = try await publicKeys.listPublicKeys(.init()) }
          ),
          ("VerifyKey", 1, { _ in _ = try await publicKeys.verifyKey(.with { $0.token = token }) }),
          (
            "VerifyKey", concurrency,
            { _ in _ = try await publicKeys.verifyKey(.with { $0.token = token }) }
          ),
          ("IssueKey", 1, { i in _ = try await admin.issueKey(Self.issueRequest(i)) }),
          ("IssueKey", concurrency, { i in _ = try await admin.issueKey(Self.issueRequest(i)) }),
        ]
        print("rpc              callers  calls   calls/s   p50 ms   p90 ms   p99 ms   max ms")
        for (name, callers, call) in measurements {
          for i in 0 ..< 50 { try await call(i) }  // warm up
          let result = try await LatencyRun.measure(count: count, concurrency: callers, call)
          print(result.row(name: name, callers: callers))
        }
      }
    }
  }

  static func issueRequest(_ index: Int) -> Apikeyserv_V1_IssueKeyRequest {
    var request = Apikeyserv_V1_IssueKeyRequest()
    request.email = "bench\(index)@example.com"
    request.organisation = "Benchmark"
    return request
  }
}
