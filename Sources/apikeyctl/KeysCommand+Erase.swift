import APIKeyControl
import APIKeyRPC
import ArgumentParser
import SwiftProtobuf

extension KeysCommand {
  /// `keys erase ID`: the owner's personal data, gone for good.
  struct Erase: SessionCommand {
    static let configuration = CommandConfiguration(
      abstract: "Erase an API key's owner details for good (asks first on a terminal).",
      discussion: """
        Revokes the key if it is not revoked, and blanks its contact details, name, tags and \
        reason; the id, dates, tokens and revocation stay, and the audit trail (which never held \
        the details) records who erased it and when. The old values are overwritten in the \
        database file and its write-ahead log; backups taken before still hold them.
        """)

    @OptionGroup var options: ControlOptions

    @Argument(help: "The key id.")
    var id: UInt64

    @Flag(help: "Erase without asking (a terminal is asked to confirm; scripts are not).")
    var yes = false

    func run(_ session: ControlSession, output: Output) async throws {
      if !yes, Confirmation.isInteractive,
        !Confirmation.ask("Erase the owner details of key \(id) for good? It cannot be undone.")
      {
        throw ControlFailure("key \(id) not erased")
      }
      let response = try await session.admin.eraseKey(.with { $0.id = id })
      if output.json { return try output.printJSON(response) }
      output.note("Erased the owner details of key \(id) (key set revision \(response.revision))")
      output.printText(response.key)
    }
  }
}
