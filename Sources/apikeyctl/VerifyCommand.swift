import APIKeyControl
import APIKeyRPC
import ArgumentParser
import SwiftProtobuf

/// `apikeyctl verify TOKEN`: exit 0 when valid, 1 with the reason when not.
struct VerifyCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Check an API key against the published keys (exit 0 valid, 1 invalid).")

  @OptionGroup var options: ControlOptions

  @Argument(help: "The token.")
  var token: String

  func run() async throws {
    let output = Output(json: options.json)
    try await ControlSession.run(options) { session in
      let result = try await session.publicKeys.verifyKey(
        .with { $0.token = token }, metadata: session.metadata, options: session.options)
      if output.json {
        try output.printJSON(result)
      } else if result.valid {
        output.printRows([
          ("valid", "yes"), ("subject", result.subject), ("kid", result.kid),
          ("expires", result.hasExpiresAt ? Output.time(result.expiresAt) : "never"),
        ])
      }
      if !result.valid { throw ControlFailure("invalid: \(result.message)") }
    }
  }
}
