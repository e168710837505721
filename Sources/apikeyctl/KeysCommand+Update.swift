import APIKeyControl
import APIKeyRPC
import ArgumentParser
import SwiftProtobuf

extension KeysCommand {
  /// `keys update ID [--email …] …`.
  struct Update: SessionCommand {
    static let configuration = CommandConfiguration(
      abstract: "Change an API key's owner record; options left out keep their value.",
      discussion:
        "A new expiry applies to tokens signed from now on: re-sign the key to hand it out.")

    enum Sent: EnumerableFlag { case sent, unsent }

    @OptionGroup var options: ControlOptions

    @Argument(help: "The key id.")
    var id: UInt64

    @OptionGroup var contact: ContactOptions
    @OptionGroup var expiry: ExpiryOptions

    @Flag(help: "Mark as handed to its owner, or not.")
    var sent: Sent?

    func run(_ session: ControlSession, output: Output) async throws {
      var request = Apikeyserv_V1_UpdateKeyRequest()
      request.id = id
      contact.apply(to: &request)
      expiry.apply(to: &request)
      if let sent { request.sent = sent == .sent }
      let response = try await session.admin.updateKey(request)
      if output.json { try output.printJSON(response) } else { output.printText(response.key) }
    }
  }
}
