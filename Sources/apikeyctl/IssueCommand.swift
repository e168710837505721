import APIKeyControl
import APIKeyRPC
import ArgumentParser
import SwiftProtobuf

/// `apikeyctl issue`: creates an API key and prints its token.
struct IssueCommand: SessionCommand {
  static let configuration = CommandConfiguration(
    commandName: "issue",
    abstract: "Issue an API key; prints the token on stdout (details on stderr).",
    discussion:
      "--email and --organisation are required; without --expires a key expires in a year.")

  @OptionGroup var options: ControlOptions
  @OptionGroup var contact: ContactOptions
  @OptionGroup var expiry: ExpiryOptions
  @OptionGroup var labels: LabelOptions

  @Option(help: "Idempotency key: repeating the command with the same id returns the same key.")
  var requestID: String?

  func validate() throws {
    try contact.requireOwner()
    _ = try labels.tags()
  }

  func run(_ session: ControlSession, output: Output) async throws {
    var request = Apikeyserv_V1_IssueKeyRequest()
    contact.apply(to: &request)
    request.requestID = requestID ?? ""
    expiry.apply(to: &request)
    request.name = labels.name ?? ""
    request.tags = try labels.tags()
    let response = try await session.admin.issueKey(request)
    if output.json { return try output.printJSON(response) }
    output.note(
      "\(response.replayed ? "Existing" : "Issued") key \(response.key.id) for \(response.key.organisation), "
        + "expires \(response.key.hasExpiresAt ? Output.time(response.key.expiresAt) : "never"), "
        + "signed by \(response.kid)")
    print(response.token)
  }
}
