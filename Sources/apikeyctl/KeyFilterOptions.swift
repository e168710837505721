import APIKeyControl
import APIKeyRPC
import ArgumentParser
import SwiftProtobuf

/// Filters of `keys list`.
struct KeyFilterOptions: ParsableArguments {
  enum Revoked: EnumerableFlag {
    case revoked, notRevoked

    static func help(for value: Self) -> ArgumentHelp? {
      switch value {
      case .revoked: "Only revoked keys."
      case .notRevoked: "Only keys not revoked."
      }
    }
  }

  enum Sent: EnumerableFlag {
    case sent, unsent

    static func help(for value: Self) -> ArgumentHelp? {
      switch value {
      case .sent: "Only keys marked as handed to their owners."
      case .unsent: "Only keys not marked so."
      }
    }
  }

  @Option(
    help:
      "Text anywhere in the e-mail addresses, contact names, organisation, department or id, ignoring case."
  )
  var search: String?

  @Option(help: "Only this organisation, the whole name (ignoring case); see --search.")
  var organisation: String?

  @Option(
    help: "Only keys with this whole e-mail address (first or second contact); see --search.")
  var email: String?

  @Option(
    help: ArgumentHelp(
      "Only keys not yet expired that expire before this date (2027-06-30).", valueName: "date"))
  var expiringBefore: DateArgument?

  @Flag var revoked: Revoked?

  @Flag var sent: Sent?

  /// A first-page request with these filters.
  var request: Apikeyserv_V1_ListKeysRequest {
    var request = Apikeyserv_V1_ListKeysRequest()
    request.organisation = organisation ?? ""
    request.email = email ?? ""
    request.search = search ?? ""
    if let expiringBefore { request.expiringBefore = expiringBefore.timestamp }
    if let revoked { request.revoked = revoked == .revoked }
    if let sent { request.sent = sent == .sent }
    return request
  }
}
