import APIKeyControl
import APIKeyRPC
import ArgumentParser
import SwiftProtobuf

/// `apikeyctl audit`: the hash-chained audit trail.
struct AuditCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit", abstract: "List the audit trail, or verify its hash chain.",
    subcommands: [List.self, Verify.self])

  /// `audit list [--since DATE]`.
  struct List: SessionCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print audit entries, oldest first (ids and kids only, never contact data).")

    @OptionGroup var options: ControlOptions

    @Option(
      help: ArgumentHelp(
        "Only entries at or after this time (2027-06-30 or 2027-06-30T12:00:00Z).",
        valueName: "date"))
    var since: DateArgument?

    func run(_ session: ControlSession, output: Output) async throws {
      var request = Apikeyserv_V1_ListAuditEntriesRequest()
      if let since { request.since = since.timestamp }
      request.pageSize = UInt32(PagingOptions.largestPage)
      var rows: [[String]] = []
      try await Paging.pages(
        from: request, all: true, fetch: { try await session.admin.listAuditEntries($0) }
      ) {
        page in
        if output.json { return try output.printJSON(page) }
        rows += page.entries.map {
          [
            "\($0.seq)", Output.time($0.at), $0.action, $0.target, $0.outcome, $0.caller,
            String($0.hash.prefix(16)),
          ]
        }
      }
      if !output.json {
        output.printTable(
          header: ["SEQ", "AT", "ACTION", "TARGET", "OUTCOME", "CALLER", "HASH"], rows: rows)
      }
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
