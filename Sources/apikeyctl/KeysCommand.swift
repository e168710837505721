import APIKeyControl
import APIKeyRPC
import ArgumentParser
import SwiftProtobuf

/// `apikeyctl keys`: API key records.
struct KeysCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "keys",
    abstract: "List, show, update, re-sign, renew, revoke and erase API keys.",
    subcommands: [
      List.self, Expiring.self, Show.self, Usage.self, Update.self, MarkSent.self, Resign.self,
      Renew.self, Revoke.self, Erase.self,
    ])

  /// `keys show ID`: one record.
  struct Show: SessionCommand {
    static let configuration = CommandConfiguration(abstract: "Show one API key's record.")

    @OptionGroup var options: ControlOptions

    @Argument(help: "The key id (the token's sub).")
    var id: UInt64

    func run(_ session: ControlSession, output: Output) async throws {
      let response = try await session.admin.getKey(.with { $0.id = id })
      if output.json { return try output.printJSON(response) }
      let tokens = response.tokens.map { token in
        (
          "token",
          "signed by \(token.kid) at \(Output.time(token.issuedAt)), expires \(token.hasExpiresAt ? Output.time(token.expiresAt) : "never")"
        )
      }
      output.printText(
        response.key, extra: [("origin", response.origin)] + Usage.rows(response.usage) + tokens)
    }
  }

  /// `keys revoke ID`.
  struct Revoke: SessionCommand {
    static let configuration = CommandConfiguration(
      abstract: "Revoke an API key for good (asks first on a terminal).",
      discussion: """
        The key joins the revocation list. Who honours it: the daemon's VerifyKey and \
        `apikeyctl verify`, the bridge's /revoked list and whatever reads it, and the Swift \
        library APIKeyClient (pushed over the socket; over HTTP within the provider's refresh \
        interval). The original's Python middleware (datadiensten-apikeyclient) never reads the \
        list: services using it keep accepting the key's tokens until they expire. A revoked \
        key cannot be re-signed; issue a new key for its owner.
        """)

    @OptionGroup var options: ControlOptions

    @Argument(help: "The key id.")
    var id: UInt64

    @Option(
      help:
        "Why, in a few words; recorded in the audit entry (no contact data: addresses are taken out)."
    )
    var reason: String?

    @Flag(help: "Revoke without asking (a terminal is asked to confirm; scripts are not).")
    var yes = false

    @OptionGroup var verifiers: VerifierWaitOption

    func run(_ session: ControlSession, output: Output) async throws {
      if !yes, Confirmation.isInteractive,
        !Confirmation.ask("Revoke key \(id) for good? It cannot be undone.")
      {
        throw ControlFailure("key \(id) not revoked")
      }
      let response = try await session.admin.revokeKey(
        .with {
          $0.id = id
          $0.reason = reason ?? ""
        })
      if output.json {
        try output.printJSON(response)
      } else {
        output.note("Revoked key \(response.key.id) (key set revision \(response.revision))")
        output.printText(response.key)
      }
      try await VerifierWait.finish(
        verifiers.wait, revision: response.revision, session: session, output: output)
    }
  }

  /// `keys mark-sent ID...`.
  struct MarkSent: SessionCommand {
    static let configuration = CommandConfiguration(
      commandName: "mark-sent", abstract: "Record that keys were handed to their owners.")

    @OptionGroup var options: ControlOptions

    @Argument(help: "Key ids; all must exist, or nothing changes.")
    var ids: [UInt64]

    func run(_ session: ControlSession, output: Output) async throws {
      let response = try await session.admin.markSent(.with { $0.ids = ids })
      if output.json { return try output.printJSON(response) }
      output.note("Marked \(response.keys.count) keys as sent")
    }
  }
}
