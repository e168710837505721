import APIKeyCommandSupport
import APIKeyControl
import APIKeyRPC
import ArgumentParser
import Foundation
import SwiftProtobuf

extension SigningKeyCommand {
  /// `signing-key retire KID [--grace DURATION] [--dry-run] [--yes]`.
  struct Retire: SessionCommand {
    static let configuration = CommandConfiguration(
      abstract: "Retire a signing key: it stops signing, and leaves the published set.",
      discussion: """
        Shows the impact first: the API keys whose every still-valid token this key signed stop \
        verifying when it leaves the set. When there are any, asks for confirmation (--yes to \
        skip; without a terminal the answer is no). Re-sign them first with \
        `apikeyctl keys resign --signed-by KID --output FILE`. With --grace the key stays \
        published that long (it stops signing at once).
        """)

    @OptionGroup var options: ControlOptions

    @Argument(help: "The key's kid (see signing-key list).")
    var kid: KidArgument

    @Option(
      help: ArgumentHelp(
        "Keep the key published this long before it leaves the set (90s, 65m, 2h, 7d).",
        valueName: "duration"))
    var grace: DurationArgument?

    @Flag(help: "Only print the impact; change nothing.")
    var dryRun = false

    @Flag(help: "Retire even when API keys would stop verifying, without asking.")
    var yes = false

    @OptionGroup var verifiers: VerifierWaitOption

    func run(_ session: ControlSession, output: Output) async throws {
      let kid = self.kid.kid
      var request = Apikeyserv_V1_RetireKeyRequest()
      request.kid = kid
      if let grace {
        request.grace = grace.protobufDuration
      }
      request.dryRun = true
      let preview = try await session.admin.retireKey(request)
      if dryRun {
        if output.json { return try output.printJSON(preview) }
        return print(Self.describe(preview.impact, kid: kid, header: "Dry run, nothing changed."))
      }
      if preview.impact.affectedKeys > 0 && !yes {
        output.note(Self.describe(preview.impact, kid: kid, header: ""))
        guard Confirmation.ask("Retire \(kid) anyway?") else {
          throw ControlFailure(
            "not retired: \(preview.impact.affectedKeys) API keys would stop verifying; re-sign them first, or pass --yes"
          )
        }
      }
      request.dryRun = false
      let response = try await session.admin.retireKey(request)
      if output.json {
        try output.printJSON(response)
      } else {
        let leaves =
          response.key.hasLeavesAt
          ? "leaves the published set at \(Output.time(response.key.leavesAt))"
          : "left the published set"
        try SigningKeyCommand.report(
          response.key,
          note:
            "Retired \(kid): it no longer signs and \(leaves) (key set revision \(response.revision))",
          output)
      }
      try await VerifierWait.finish(
        verifiers.wait, revision: response.revision, session: session, output: output)
    }

    private static func describe(
      _ impact: Apikeyserv_V1_RetirementImpact, kid: String, header: String
    )
      -> String
    {
      var lines = header.isEmpty ? [] : [header]
      if impact.affectedKeys == 0 {
        lines.append(
          "Retiring \(kid) breaks no API key: every still-valid token has another signer.")
      } else {
        lines.append(
          "Retiring \(kid) breaks \(impact.affectedKeys) API keys (their still-valid tokens are all signed by it):"
        )
        lines += impact.organisations.map { "  \($0.organisation): \($0.affectedKeys)" }
        lines.append(
          "Re-sign them first: apikeyctl keys resign --signed-by \(kid) --output new-tokens.jsonl")
      }
      return lines.joined(separator: "\n")
    }
  }
}
