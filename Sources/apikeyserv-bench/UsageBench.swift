import APIKeyRPC
import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import SwiftProtobuf

/// `apikeyserv-bench report`: a verifier that reports usage at a steady rate (batches of 500
/// entries over the public socket, paced every 50 ms), for measuring IssueKey beside it. Issues
/// `--keys` keys first so that the entries name keys the daemon knows (and writes). Prints, once a
/// quarter of a second, the entries sent so far as JSON.
struct UsageBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report", abstract: "Report usage at a steady rate until stopped.")

  @Option(help: "Admin socket (to issue the keys the entries name).")
  var adminSocket: String

  @Option(help: "Public socket.")
  var socket: String

  @Option(help: "Usage entries per second.")
  var entriesPerSecond = 10_000

  @Option(help: "Distinct keys the entries name.")
  var keys = 500

  func run() async throws {
    try await withGRPCClient(
      transport: .http2NIOPosix(
        target: .unixDomainSocket(path: adminSocket), transportSecurity: .plaintext)
    ) { adminClient in
      let admin = Apikeyserv_V1_Admin.Client(wrapping: adminClient)
      var ids: [UInt64] = []
      for index in 0 ..< keys {
        ids.append(try await admin.issueKey(RPCPaths.issueRequest(index)).key.id)
      }
      let kid = try await admin.listSigningKeys(.init()).keys.first?.kid ?? ""
      try await withGRPCClient(
        transport: .http2NIOPosix(
          target: .unixDomainSocket(path: socket), transportSecurity: .plaintext)
      ) { publicClient in
        let publicKeys = Apikeyserv_V1_PublicKeys.Client(wrapping: publicClient)
        let perBatch = max(1, entriesPerSecond / 20)
        var sent = 0
        var next = ContinuousClock.now
        var printed = ContinuousClock.now
        var batch = 0
        while !Task.isCancelled {
          let now = Date()
          let entries = (0 ..< perBatch).map { index in
            Apikeyserv_V1_UsageEntry.with {
              $0.keyID = ids[(batch * perBatch + index) % ids.count]
              $0.kid = kid
              $0.outcome = .accepted
              $0.count = 1
              $0.firstSeen = .init(date: now)
              $0.lastSeen = .init(date: now)
            }
          }
          _ = try await publicKeys.reportUsage(
            .with {
              $0.verifier = "bench"
              $0.batchID = UUID().uuidString
              $0.entries = entries
            })
          sent += perBatch
          batch += 1
          if ContinuousClock.now - printed >= .milliseconds(250) {
            FileHandle.standardOutput.write(Data("{\"entries\":\(sent)}\n".utf8))
            printed = ContinuousClock.now
          }
          next += .milliseconds(50)
          try await Task.sleep(until: next)
        }
      }
    }
  }
}
