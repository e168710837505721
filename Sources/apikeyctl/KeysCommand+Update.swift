import APIKeyControl
import APIKeyRPC
import ArgumentParser
import SwiftProtobuf

extension KeysCommand {
  /// `keys update ID [--email …] …`.
  struct Update: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Change an API key's owner record; options left out keep their value.",
      discussion: "A new expiry applies to tokens signed from now on: re-sign the key to hand it out.")

    enum Sent: EnumerableFlag { case sent, unsent }

    @OptionGroup var options: ControlOptions

    @Argument(help: "The key id.")
    var id: UInt64

    @Option var email: String?
    @Option var organisation: String?
    @Option var contactName: String?
    @Option(name: .customLong("email-2")) var email2: String?
    @Option(name: .customLong("contact-name-2")) var contactName2: String?
    @Option var department: String?

    @Option(help: "New expiry (2027-06-30 or 2027-06-30T12:00:00Z).")
    var expires: String?

    @Flag(help: "The key never expires.")
    var noExpiry = false

    @Flag(help: "Mark as handed to its owner, or not.")
    var sent: Sent?

    func validate() throws {
      if expires != nil && noExpiry { throw ValidationError("--expires and --no-expiry exclude each other") }
    }

    func run() async throws {
      let output = Output(json: options.json)
      var request = Apikeyserv_V1_UpdateKeyRequest()
      request.id = id
      if let email { request.email = email }
      if let organisation { request.organisation = organisation }
      if let contactName { request.contactName = contactName }
      if let email2 { request.email2 = email2 }
      if let contactName2 { request.contactName2 = contactName2 }
      if let department { request.department = department }
      if let expires { request.expiresAt = .init(date: try DateArgument.parse(expires, flag: "--expires")) }
      if noExpiry { request.noExpiry = true }
      if let sent { request.sent = sent == .sent }
      let message = request
      try await ControlSession.run(options) { session in
        let response = try await session.admin.updateKey(
          message, metadata: session.metadata, options: session.options)
        if output.json { try output.printJSON(response) } else { output.printText(response.key) }
      }
    }
  }
}
