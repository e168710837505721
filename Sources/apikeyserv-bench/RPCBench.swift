import APIKeyCrypto
import APIKeyRPC
import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import SwiftProtobuf

/// `apikeyserv-bench rpc`: RPC throughput and latency against a running daemon's sockets, each
/// path beside its limit (the gRPC health check, an empty unary call, on the same socket), the
/// two alternating round by round so drift hits both; with `--daemon-pid`, the daemon's CPU time
/// per call from /proc.
struct RPCBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rpc",
    abstract: "Measure the daemon's RPCs over its Unix sockets.")

  @Option(help: "Admin socket.")
  var adminSocket: String = "./var/admin.sock"

  @Option(help: "Public socket.")
  var socket: String = "./var/apikeyserv.sock"

  @Option(help: "Calls per path and round.")
  var count: Int = 2000

  @Option(help: "Rounds; the paths alternate within each.")
  var rounds: Int = 3

  @Option(help: "Concurrent callers.")
  var callers: Int = 64

  @Option(
    parsing: .upToNextOption,
    help:
      "Paths to measure: check, check-admin, list-public-keys, verify-key, issue-key, list-keys, verify-keys."
  )
  var paths: [String] = ["check", "list-public-keys", "verify-key", "check-admin", "issue-key"]

  @Option(help: "The daemon's process id, for its CPU time per call.")
  var daemonPid: Int32?

  @Flag(help: "Print the figures as a JSON array (for scripts/bench.py).")
  var json = false

  func run() async throws {
    try await withGRPCClient(
      transport: .http2NIOPosix(
        target: .unixDomainSocket(path: adminSocket), transportSecurity: .plaintext)
    ) { adminClient in
      try await withGRPCClient(
        transport: .http2NIOPosix(
          target: .unixDomainSocket(path: socket), transportSecurity: .plaintext)
      ) { publicClient in
        let calls = try await RPCPaths(admin: adminClient, public: publicClient)
        var results: [String: LatencyRun] = [:]
        var cpu: [String: Double] = [:]
        for _ in 0 ..< max(rounds, 1) {
          for path in paths {
            let before = daemonPid.flatMap(ProcessCPU.seconds)
            let run = try await calls.measure(path, count: count, callers: callers)
            if let before, let after = daemonPid.flatMap(ProcessCPU.seconds) {
              cpu[path, default: 0] += after - before
            }
            results[path] = results[path].map { $0.merged(with: run) } ?? run
          }
        }
        let rows = paths.map { path in
          // '!' is fine: every path was measured above.
          results[path]!.summary(
            path: path, callers: path == "verify-keys" ? 1 : callers,
            daemonCPU: cpu[path])
        }
        if json {
          let data = try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys])
          print(String(decoding: data, as: UTF8.self))
        } else {
          print(LatencyRun.header)
          for row in rows { print(LatencyRun.row(row)) }
        }
      }
    }
  }
}
