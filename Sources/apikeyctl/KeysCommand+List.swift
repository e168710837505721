import APIKeyCommandSupport
import APIKeyControl
import APIKeyRPC
import ArgumentParser
import Foundation
import SwiftProtobuf

extension KeysCommand {
  /// `keys list`: records, newest first, filtered.
  struct List: SessionCommand {
    static let configuration = CommandConfiguration(abstract: "List API keys, newest first.")

    @OptionGroup var options: ControlOptions
    @OptionGroup var filter: KeyFilterOptions
    @OptionGroup var paging: PagingOptions

    func run(_ session: ControlSession, output: Output) async throws {
      var request = filter.request
      request.pageSize = UInt32(paging.pageSize)
      request.pageToken = paging.pageToken
      try await KeysCommand.list(request, all: paging.all, session: session, output: output)
    }
  }

  /// `keys expiring --within 30d`: the owners to warn.
  struct Expiring: SessionCommand {
    static let configuration = CommandConfiguration(
      abstract: "List keys (not revoked) that expire within a period: the owners to warn.")

    @OptionGroup var options: ControlOptions

    @Option(
      help: ArgumentHelp(
        "The period from now (90s, 65m, 2h, 30d, 12w). Default: 30d.", valueName: "duration"))
    var within: DurationArgument?

    @Option(help: "Only this organisation.")
    var organisation: String?

    func run(_ session: ControlSession, output: Output) async throws {
      var request = Apikeyserv_V1_ListKeysRequest()
      request.expiringBefore = .init(date: Date() + (within?.seconds ?? 30 * 86400))
      request.revoked = false
      request.organisation = organisation ?? ""
      request.pageSize = UInt32(PagingOptions.largestPage)
      try await KeysCommand.list(request, all: true, session: session, output: output)
    }
  }

  /// Prints the pages of `request` (every page with `all`, else the first and the next token).
  static func list(
    _ request: Apikeyserv_V1_ListKeysRequest, all: Bool, session: ControlSession, output: Output
  ) async throws {
    var listed = 0
    let next = try await Paging.pages(
      from: request, all: all, fetch: { try await session.admin.listKeys($0) }
    ) {
      listed += $0.keys.count
      if output.json { try output.printJSON($0) } else { output.printKeyTable($0.keys) }
    }
    if !output.json, listed == 0 {
      output.note(
        "No key matches (--organisation and --email match whole values; --search TEXT finds a part)."
      )
    }
    if !next.isEmpty && !output.json { output.note("more: --page-token \(next)") }
  }
}
