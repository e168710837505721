import APIKeyControl
import APIKeyRPC
import ArgumentParser
import Foundation
import SwiftProtobuf

extension KeysCommand {
  /// `keys usage ID [--days N]`: daily counts as the verifiers reported them.
  struct Usage: SessionCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print an API key's daily use as its verifiers reported it.",
      discussion: """
        On a terminal, a small chart (one bar per UTC day, newest first); otherwise rows of \
        DAY ACCEPTED REJECTED; with --json the daemon's answer. Counts come from verifiers \
        that report (APIKeyClient, the bridge, the Python client); verification itself stays \
        offline.
        """)

    @OptionGroup var options: ControlOptions

    @Argument(help: "The key id.")
    var id: UInt64

    @Option(help: "How many days back, today included (1 to the daemon's retention).")
    var days: UInt32 = 30

    func run(_ session: ControlSession, output: Output) async throws {
      let response = try await session.admin.getKeyUsage(
        .with {
          $0.id = id
          $0.days = days
        })
      if output.json { return try output.printJSON(response) }
      if isatty(STDOUT_FILENO) == 1 {
        output.printRows(Self.rows(response.usage))
        print("")
        for line in Self.chart(response.days) { print(line) }
      } else {
        for day in response.days { print("\(day.day) \(day.accepted) \(day.rejected)") }
      }
    }

    /// A bar per day, scaled to the busiest day (40 cells), with its counts.
    static func chart(_ days: [Apikeyserv_V1_DailyUsage]) -> [String] {
      let most = max(days.map(\.accepted).max() ?? 0, 1)
      return days.map { day in
        let cells = Int((Double(day.accepted) / Double(most) * 40).rounded(.up))
        let bar = String(repeating: "#", count: cells)
        let rejected = day.rejected > 0 ? " (\(day.rejected) rejected)" : ""
        return
          "\(day.day) \(bar.padding(toLength: 40, withPad: " ", startingAt: 0)) \(day.accepted)\(rejected)"
      }
    }

    /// `keys show`'s usage lines.
    static func rows(_ usage: Apikeyserv_V1_KeyUsage) -> [(String, String)] {
      [
        ("last_used", usage.hasLastUsedAt ? Output.time(usage.lastUsedAt) : "never reported"),
        ("used_7d", "\(usage.accepted7D)"), ("used_30d", "\(usage.accepted30D)"),
        ("rejected_30d", "\(usage.rejected30D)"),
        (
          "verifiers",
          usage.verifiers.isEmpty
            ? "none"
            : usage.verifiers.map { "\($0.name)@\($0.daemon) (\(Output.time($0.lastSeenAt)))" }
              .joined(separator: ", ")
        ),
      ]
    }
  }
}
