import APIKeyControl
import APIKeyRPC
import ArgumentParser
import SwiftProtobuf

/// `apikeyctl issue`: creates an API key and prints its token.
struct IssueCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "issue",
    abstract: "Issue an API key; prints the token on stdout (details on stderr).")

  @OptionGroup var options: ControlOptions

  @Option(help: "Contact e-mail address (required).")
  var email: String

  @Option(help: "Organisation (required).")
  var organisation: String

  @Option(help: "Name of the contact person.")
  var contactName: String = ""

  @Option(name: .customLong("email-2"), help: "Second contact's e-mail address.")
  var email2: String = ""

  @Option(name: .customLong("contact-name-2"), help: "Second contact's name.")
  var contactName2: String = ""

  @Option(help: "Department.")
  var department: String = ""

  @Option(help: "Expiry: 2027-06-30 or 2027-06-30T12:00:00Z. Default: one year from now.")
  var expires: String?

  @Flag(help: "The key never expires.")
  var noExpiry = false

  @Option(help: "Idempotency key: repeating the command with the same id returns the same key.")
  var requestID: String?

  func validate() throws {
    if expires != nil && noExpiry {
      throw ValidationError("--expires and --no-expiry exclude each other")
    }
  }

  func run() async throws {
    var request = Apikeyserv_V1_IssueKeyRequest()
    request.email = email
    request.organisation = organisation
    request.contactName = contactName
    request.email2 = email2
    request.contactName2 = contactName2
    request.department = department
    request.requestID = requestID ?? ""
    let output = Output(json: options.json)
    try await ControlSession.run(options) { [request] session in
      var request = request
      if let expires {
        request.expiresAt = Google_Protobuf_Timestamp(date: try DateArgument.parse(expires, flag: "--expires"))
      } else if noExpiry {
        request.noExpiry = true
      }
      let response = try await session.admin.issueKey(
        request, metadata: session.metadata, options: session.options)
      if output.json {
        try output.printJSON(response)
      } else {
        output.note(
          "\(response.replayed ? "Existing" : "Issued") key \(response.key.id) for \(response.key.organisation), "
            + "expires \(response.key.hasExpiresAt ? Output.time(response.key.expiresAt) : "never"), "
            + "signed by \(response.kid)")
        print(response.token)
      }
    }
  }
}
