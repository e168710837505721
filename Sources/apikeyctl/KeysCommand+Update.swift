import APIKeyControl
import APIKeyRPC
import ArgumentParser
import Foundation
import SwiftProtobuf

extension KeysCommand {
  /// `keys update ID [--email …] …`.
  struct Update: SessionCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Change an API key's owner record, name or tags; options left out keep their value.",
      discussion: """
        A new expiry applies to tokens signed from now on: tokens already handed out keep their \
        own exp. When the expiry moves earlier this says so; --resign then signs a fresh token \
        with the new expiry (printed on stdout) to hand out instead, and revoking the key is the \
        way to stop the old tokens at once. A name or tags never change a token.
        """)

    enum Sent: EnumerableFlag { case sent, unsent }

    @OptionGroup var options: ControlOptions

    @Argument(help: "The key id.")
    var id: UInt64

    @OptionGroup var contact: ContactOptions
    @OptionGroup var expiry: ExpiryOptions
    @OptionGroup var labels: LabelOptions

    @Option(
      help: ArgumentHelp("Remove the tag with this key (repeat for several).", valueName: "key"))
    var untag: [String] = []

    @Flag(help: "Mark as handed to its owner, or not.")
    var sent: Sent?

    @Flag(help: "Also sign a fresh token with the record as changed (printed on stdout).")
    var resign = false

    func run(_ session: ControlSession, output: Output) async throws {
      var request = Apikeyserv_V1_UpdateKeyRequest()
      request.id = id
      contact.apply(to: &request)
      expiry.apply(to: &request)
      if let sent { request.sent = sent == .sent }
      if let name = labels.name { request.name = name }
      request.setTags = try labels.tags()
      request.removeTags = untag
      let before = try await session.admin.getKey(.with { $0.id = id }).key
      let response = try await session.admin.updateKey(request)
      let resigned = resign ? try await session.admin.resignKey(.with { $0.id = id }) : nil
      if output.json {
        try output.printJSON(response)
        if let resigned { try output.printJSON(resigned) }
        return
      }
      if let resigned {
        // As `issue`: the token alone on stdout, the rest on stderr.
        let expires = response.key.hasExpiresAt ? Output.time(response.key.expiresAt) : "never"
        output.note("Updated key \(id) (expires \(expires)); re-signed with \(resigned.kid)")
        return print(resigned.token)
      }
      output.printText(response.key)
      if let note = Self.shortened(from: before, to: response.key) { output.note(note) }
    }

    /// What to say when the expiry moved earlier: tokens signed before keep their own `exp`.
    static func shortened(
      from before: Apikeyserv_V1_KeyRecord, to after: Apikeyserv_V1_KeyRecord
    ) -> String? {
      guard after.hasExpiresAt,
        !before.hasExpiresAt || before.expiresAt.date > after.expiresAt.date
      else { return nil }
      let old = before.hasExpiresAt ? "until \(Output.time(before.expiresAt))" : "for ever"
      return """
        The expiry moved earlier, but tokens already handed out keep verifying \(old) (their own \
        exp). Re-sign and hand out the new token (apikeyctl keys resign \(after.id), or this \
        command with --resign), or revoke the key to stop them at once.
        """
    }
  }
}
