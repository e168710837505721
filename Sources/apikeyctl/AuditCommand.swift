import APIKeyControl
import APIKeyRPC
import ArgumentParser
import Foundation
import SwiftProtobuf

/// `apikeyctl audit`: the hash-chained audit trail.
struct AuditCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit", abstract: "List the audit trail, or verify its hash chain.",
    subcommands: [List.self, Verify.self])

  /// `audit list [--since DATE] [--until DATE] [--target ID|KID] [--action NAME] [--wide]`.
  struct List: SessionCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Print audit entries, oldest first unless --newest-first (ids and kids only, never contact data)."
    )

    @OptionGroup var options: ControlOptions

    @Option(
      help: ArgumentHelp(
        "Only entries at or after this time (2027-06-30 or 2027-06-30T12:00:00Z).",
        valueName: "date"))
    var since: DateArgument?

    @Option(help: ArgumentHelp("Only entries before this time.", valueName: "date"))
    var until: DateArgument?

    @Option(help: ArgumentHelp("Only entries about this API key id or kid.", valueName: "target"))
    var target: String?

    @Option(
      help: ArgumentHelp(
        "Only entries of this action (issue_key, request_key, update_key, mark_sent, resign_key, revoke_key, generate_signing_key, rotate_signing_key, retire_signing_key, …).",
        valueName: "action"))
    var action: String?

    @Flag(help: "Every column in full (the caller as the daemon recorded it, the hash).")
    var wide = false

    @Flag(help: "Newest first instead of oldest first.")
    var newestFirst = false

    func run(_ session: ControlSession, output: Output) async throws {
      var request = Apikeyserv_V1_ListAuditEntriesRequest()
      if let since { request.since = since.timestamp }
      if let until { request.until = until.timestamp }
      request.target = target ?? ""
      request.action = action ?? ""
      request.newestFirst = newestFirst
      request.pageSize = UInt32(PagingOptions.largestPage)
      var rows: [[String]] = []
      try await Paging.pages(
        from: request, all: true, fetch: { try await session.admin.listAuditEntries($0) }
      ) {
        page in
        if output.json { return try output.printJSON(page) }
        rows += page.entries.map { entry in
          wide
            ? [
              "\(entry.seq)", Output.time(entry.at), entry.action, entry.target, entry.outcome,
              entry.caller, String(entry.hash.prefix(16)),
            ]
            : [
              "\(entry.seq)", Output.time(entry.at), entry.action, Self.clip(entry.target, 20),
              Self.clip(entry.outcome, 28), Self.who(entry.caller),
            ]
        }
      }
      if !output.json {
        if rows.isEmpty { return output.note("No audit entry matches.") }
        output.printTable(
          header: ["SEQ", "AT", "ACTION", "TARGET", "OUTCOME", "CALLER"] + (wide ? ["HASH"] : []),
          rows: rows)
      }
    }

    /// `text`, cut to `width` characters with an ellipsis.
    static func clip(_ text: String, _ width: Int) -> String {
      text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }

    /// The caller in brief: the socket and the reported user, else the kernel's uid
    /// (`admin user=alice`, `register uid=998`).
    static func who(_ caller: String) -> String {
      let words = caller.split(separator: " ")
      let socket = words.first.map { $0.replacingOccurrences(of: "-socket", with: "") } ?? ""
      let user = words.last { $0.hasPrefix("user=") } ?? words.last { $0.hasPrefix("uid=") }
      return clip(
        [socket, user.map(String.init) ?? ""].filter { !$0.isEmpty }.joined(separator: " "), 24)
    }
  }

  /// `audit verify`: exit 1 and the first broken row when the chain is broken.
  struct Verify: SessionCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Check the audit trail's hash chain and the sealed security state; exit 1 naming what is broken."
    )

    @OptionGroup var options: ControlOptions

    func run(_ session: ControlSession, output: Output) async throws {
      let result = try await session.admin.verifyAuditTrail(
        .init())
      if output.json { try output.printJSON(result) }
      guard result.intact else {
        var problems: [String] = []
        if result.firstBrokenSeq != 0 {
          problems.append(
            "audit trail broken at row \(result.firstBrokenSeq): \(result.problem) (\(result.entriesChecked) rows checked)"
          )
        }
        problems += result.stateProblems.map {
          "security state changed outside apikeyserv: \($0)"
        }
        throw ControlFailure(problems.joined(separator: "\napikeyctl: "))
      }
      if !output.json {
        print(
          "Audit trail intact: \(result.entriesChecked) entries; head hash \(result.headHash)")
      }
    }
  }
}
