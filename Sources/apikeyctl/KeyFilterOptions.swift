import APIKeyCommandSupport
import APIKeyControl
import APIKeyRPC
import ArgumentParser
import Foundation
import SwiftProtobuf

/// Filters of `keys list`.
struct KeyFilterOptions: ParsableArguments {
  /// The time `duration` ago.
  static func ago(_ duration: DurationArgument) -> Google_Protobuf_Timestamp {
    Google_Protobuf_Timestamp(date: Date().addingTimeInterval(-duration.seconds))
  }

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
      "Text anywhere in the e-mail addresses, contact names, organisation, department, name or id, ignoring case."
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

  @Option(
    help: ArgumentHelp(
      "Only keys with this tag (repeat: all of them); the value ignoring case.",
      valueName: "key=value"))
  var tag: [String] = []

  @Option(help: "Only keys whose name holds this text, ignoring case.")
  var nameContains: String?

  @Option(
    help: ArgumentHelp(
      "Only keys with an accepted use reported within this long (`7d`, `12h`).",
      valueName: "duration"))
  var usedSince: DurationArgument?

  @Option(
    help: ArgumentHelp(
      "Only keys with no accepted use reported within this long (`90d`): candidates to revoke.",
      valueName: "duration"))
  var unusedSince: DurationArgument?

  enum Expired: EnumerableFlag {
    case expired, notExpired

    static func help(for value: Self) -> ArgumentHelp? {
      switch value {
      case .expired: "Only expired keys."
      case .notExpired: "Only keys not expired (keys that never expire included)."
      }
    }
  }

  enum Order: String, ExpressibleByArgument, CaseIterable {
    case newest, expiry
  }

  @Option(
    help: ArgumentHelp(
      "Only keys holding a token signed by this signing key (expired tokens too).",
      valueName: "kid"))
  var signedBy: String?

  @Option(
    help:
      "newest: newest first; expiry: the soonest expiry first (keys that never expire left out)."
  )
  var order: Order = .newest

  @Flag var expired: Expired?

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
    request.tags = tag
    request.nameContains = nameContains ?? ""
    if let usedSince { request.usedSince = Self.ago(usedSince) }
    if let unusedSince { request.unusedSince = Self.ago(unusedSince) }
    if let expired { request.expired = expired == .expired }
    request.signedBy = signedBy ?? ""
    request.order = order == .expiry ? .expiry : .newest
    return request
  }
}
