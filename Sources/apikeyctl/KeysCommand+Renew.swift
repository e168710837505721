import APIKeyControl
import APIKeyRPC
import ArgumentParser
import SwiftProtobuf

extension KeysCommand {
  /// `keys renew ID [--until DATE]`.
  struct Renew: SessionCommand {
    static let configuration = CommandConfiguration(
      abstract: "Renew an API key, keeping its id: a later expiry and a fresh token (on stdout).",
      discussion: """
        Without --until the expiry moves by the daemon's --renewal-period (365 days) from the \
        current expiry. The new token has the same sub, so services that count use by sub keep \
        their history; the old token keeps its own exp. Refused for a revoked or erased key.
        """)

    @OptionGroup var options: ControlOptions

    @Argument(help: "The key id.")
    var id: UInt64

    @Option(help: ArgumentHelp("The new expiry (2027-06-30).", valueName: "date"))
    var until: DateArgument?

    func run(_ session: ControlSession, output: Output) async throws {
      let response = try await session.admin.renewKey(
        .with {
          $0.id = id
          if let until { $0.until = until.timestamp }
        })
      if output.json { return try output.printJSON(response) }
      output.note(
        "Renewed key \(response.key.id) until \(Output.time(response.key.expiresAt)), signed by \(response.kid)"
      )
      print(response.token)
    }
  }
}
