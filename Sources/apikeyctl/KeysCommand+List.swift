import APIKeyControl
import APIKeyRPC
import ArgumentParser
import Foundation
import SwiftProtobuf

extension KeysCommand {
  /// `keys list`: records, newest first, filtered.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List API keys, newest first.")

    @OptionGroup var options: ControlOptions
    @OptionGroup var filter: KeyFilterOptions
    @OptionGroup var paging: PagingOptions

    func run() async throws {
      let request = try filter.request()
      try await KeysCommand.list(
        request, options: options, pageSize: paging.pageSize, pageToken: paging.pageToken,
        all: paging.all)
    }
  }

  /// `keys expiring --within 30d`: the owners to warn.
  struct Expiring: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List keys (not revoked) that expire within a period: the owners to warn.")

    @OptionGroup var options: ControlOptions

    @Option(help: "The period from now (90s, 65m, 2h, 30d).")
    var within: String

    @Option(help: "Only this organisation.")
    var organisation: String?

    func run() async throws {
      let seconds = try DurationArgument.parse(within, flag: "--within")
      var request = Apikeyserv_V1_ListKeysRequest()
      request.expiringBefore = .init(date: Date() + seconds)
      request.revoked = false
      request.organisation = organisation ?? ""
      try await KeysCommand.list(request, options: options, pageSize: 1000, pageToken: "", all: true)
    }
  }

  /// Prints the pages of `request` from `pageToken` (every page with `all`).
  static func list(
    _ request: Apikeyserv_V1_ListKeysRequest, options: ControlOptions, pageSize: Int,
    pageToken: String, all: Bool
  ) async throws {
    let output = Output(json: options.json)
    try await ControlSession.run(options) { session in
      var request = request
      request.pageSize = UInt32(pageSize)
      request.pageToken = pageToken
      repeat {
        let page = try await session.admin.listKeys(
          request, metadata: session.metadata, options: session.options)
        if output.json {
          try output.printJSON(page)
        } else {
          output.printKeyTable(page.keys)
          if !page.nextPageToken.isEmpty && !all {
            output.note("more: --page-token \(page.nextPageToken)")
          }
        }
        request.pageToken = page.nextPageToken
      } while all && !request.pageToken.isEmpty
    }
  }
}

/// Filters of `keys list`.
struct KeyFilterOptions: ParsableArguments {
  enum Revoked: EnumerableFlag { case revoked, notRevoked }
  enum Sent: EnumerableFlag { case sent, unsent }

  @Option(help: "Only this organisation (ignoring case).")
  var organisation: String?

  @Option(help: "Only keys with this e-mail address (first or second contact).")
  var email: String?

  @Option(help: "Only keys not yet expired that expire before this date (2027-06-30).")
  var expiringBefore: String?

  @Flag(help: "Only revoked, or only not revoked keys.")
  var revoked: Revoked?

  @Flag(help: "Only keys marked sent, or not sent.")
  var sent: Sent?

  func request() throws -> Apikeyserv_V1_ListKeysRequest {
    var request = Apikeyserv_V1_ListKeysRequest()
    request.organisation = organisation ?? ""
    request.email = email ?? ""
    if let expiringBefore {
      request.expiringBefore = .init(
        date: try DateArgument.parse(expiringBefore, flag: "--expiring-before"))
    }
    if let revoked { request.revoked = revoked == .revoked }
    if let sent { request.sent = sent == .sent }
    return request
  }
}

/// Paging of listings.
struct PagingOptions: ParsableArguments {
  @Option(help: "Records per page (1-1000).")
  var pageSize: Int = 100

  @Option(help: "Continue from this page token (printed after a page).")
  var pageToken: String = ""

  @Flag(help: "Fetch every page.")
  var all = false

  func validate() throws {
    guard (1...1000).contains(pageSize) else { throw ValidationError("--page-size must be 1 to 1000") }
  }
}
