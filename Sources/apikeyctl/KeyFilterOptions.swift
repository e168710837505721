import APIKeyControl
import APIKeyRPC
import ArgumentParser
import SwiftProtobuf

/// Filters of `keys list`.
struct KeyFilterOptions: ParsableArguments {
  enum Revoked: EnumerableFlag { case revoked, notRevoked }
  enum Sent: EnumerableFlag { case sent, unsent }

  @Option(help: "Only this organisation (ignoring case).")
  var organisation: String?

  @Option(help: "Only keys with this e-mail address (first or second contact).")
  var email: String?

  @Option(
    help: ArgumentHelp(
      "Only keys not yet expired that expire before this date (2027-06-30).", valueName: "date"))
  var expiringBefore: DateArgument?

  @Flag(help: "Only revoked, or only not revoked keys.")
  var revoked: Revoked?

  @Flag(help: "Only keys marked sent, or not sent.")
  var sent: Sent?

  /// A first-page request with these filters.
  var request: Apikeyserv_V1_ListKeysRequest {
    var request = Apikeyserv_V1_ListKeysRequest()
    request.organisation = organisation ?? ""
    request.email = email ?? ""
    if let expiringBefore { request.expiringBefore = expiringBefore.timestamp }
    if let revoked { request.revoked = revoked == .revoked }
    if let sent { request.sent = sent == .sent }
    return request
  }
}
