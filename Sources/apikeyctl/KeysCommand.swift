import APIKeyControl
import APIKeyRPC
import ArgumentParser
import SwiftProtobuf

/// `apikeyctl keys`: API key records.
struct KeysCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "keys",
    abstract: "List, show, update, re-sign and revoke API keys.",
    subcommands: [
      List.self, Expiring.self, Show.self, Update.self, MarkSent.self, Resign.self, Revoke.self,
    ])

  /// `keys show ID`: one record.
  struct Show: SessionCommand {
    static let configuration = CommandConfiguration(abstract: "Show one API key's record.")

    @OptionGroup var options: ControlOptions

    @Argument(help: "The key id (the token's sub).")
    var id: UInt64

    func run(_ session: ControlSession, output: Output) async throws {
      let response = try await session.admin.getKey(.with { $0.id = id })
      if output.json { try output.printJSON(response) } else { output.printText(response.key) }
    }
  }

  /// `keys revoke ID`.
  struct Revoke: SessionCommand {
    static let configuration = CommandConfiguration(
      abstract: "Revoke an API key for good.",
      discussion: """
        Its tokens stop verifying everywhere: the daemon's VerifyKey, the bridge's /revoked list, \
        and APIKeyClient (pushed over the socket; over HTTP within the provider's revocation \
        interval). It cannot be re-signed; issue a new key for its owner.
        """)

    @OptionGroup var options: ControlOptions

    @Argument(help: "The key id.")
    var id: UInt64

    func run(_ session: ControlSession, output: Output) async throws {
      let response = try await session.admin.revokeKey(.with { $0.id = id })
      if output.json { return try output.printJSON(response) }
      output.note("Revoked key \(response.key.id) (key set revision \(response.revision))")
      output.printText(response.key)
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
