import APIKeyCommandSupport
import APIKeyControl
import APIKeyCore
import APIKeyRPC
import ArgumentParser
import Foundation
import SwiftProtobuf

extension SigningKeyCommand {
  /// `signing-key rotate [--publish-ahead DURATION]`.
  struct Rotate: SessionCommand {
    static let configuration = CommandConfiguration(
      abstract: "Generate the next signing key: published now, signing after a delay.",
      discussion: """
        The current key keeps signing until the new key's not_before, so every verifier has the \
        new key before the first token it signs. The daemon switches on its own at that time.
        """)

    @OptionGroup var options: ControlOptions

    @Option(
      help: ArgumentHelp(
        "How long to publish the new key before it signs (90s, 65m, 2h, 7d). Default: 65m.",
        valueName: "duration"))
    var publishAhead: DurationArgument?

    @OptionGroup var verifiers: VerifierWaitOption

    func run(_ session: ControlSession, output: Output) async throws {
      var request = Apikeyserv_V1_RotateSigningKeyRequest()
      if let publishAhead { request.publishAhead = publishAhead.protobufDuration }
      let response = try await session.admin.rotateSigningKey(request)
      if output.json {
        try output.printJSON(response)
      } else {
        output.note(
          "Rotated: \(response.previousKid) signs until \(Output.time(response.key.notBefore)), then \(response.key.kid) (key set revision \(response.revision))"
        )
        output.printRows([
          ("kid", response.key.kid), ("state", SigningKeyState.name(of: response.key.state)),
          ("not_before", Output.time(response.key.notBefore)),
          ("previous_kid", response.previousKid),
        ])
      }
      try await VerifierWait.finish(
        verifiers.wait, revision: response.revision, session: session, output: output)
    }
  }
}
