import APIKeyCommandSupport
import APIKeyControl
import APIKeyRPC
import ArgumentParser
import Foundation

/// `apikeyctl verifiers`: who verifies API keys, and whether each holds the current revision.
struct VerifiersCommand: SessionCommand {
  static let configuration = CommandConfiguration(
    commandName: "verifiers",
    abstract: "List the verifiers that reported recently, SYNCED or STALE.",
    discussion: """
      A verifier (APIKeyClient with usage reporting, the bridge, the Python client) reports the \
      key-set revision it verifies with at every interval and as soon as it applies a new one. \
      STALE: it holds an older revision than the current one for longer than the daemon's \
      --verifier-stale-after, or has been silent that long. Exit status 3 when one is STALE.
      """)

  @OptionGroup var options: ControlOptions

  @Option(
    help: ArgumentHelp(
      "Verifiers that reported within this long (default 24h).", valueName: "duration"))
  var window: DurationArgument?

  func run(_ session: ControlSession, output: Output) async throws {
    var request = Apikeyserv_V1_ListVerifiersRequest()
    if let window { request.window = window.protobufDuration }
    let response = try await session.admin.listVerifiers(request)
    if output.json {
      try output.printJSON(response)
    } else {
      output.note("Current key-set revision \(response.currentRevision)")
      output.printTable(
        header: ["NAME", "DAEMON", "PEER", "REVISION", "LAST REPORT", "STATE"],
        rows: response.verifiers.map { verifier in
          [
            verifier.name, verifier.daemon, verifier.peer, "\(verifier.revision)",
            Output.time(verifier.lastReportAt),
            verifier.state == .stale ? "STALE: \(verifier.problem)" : "SYNCED",
          ]
        })
    }
    if response.verifiers.contains(where: { $0.state == .stale }) { throw ExitCode(3) }
  }
}
