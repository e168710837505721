public import APIKeyCore
public import Foundation

/// Usage and verifiers as reported, read.
extension SQLKeyStore {
  public func usage(of id: Int64, days: Int, now: Date) async throws -> KeyUsage {
    let today = UsageDay(now)
    let first = UsageDay(number: today.number - Int64(max(days, 30)) + 1)
    return try await backend.read { tx in
      var usage = KeyUsage()
      var byDay: [Int64: KeyUsage.Day] = [:]
      for row in try tx.rows(
        "SELECT day, accepted, rejected, last_used_at FROM key_usage WHERE key_id = ? AND day >= ?",
        [id, first.number])
      {
        let day = UsageDay(number: try row["day"])
        byDay[day.number] = KeyUsage.Day(
          day: day, accepted: try row["accepted"], rejected: try row["rejected"])
      }
      let last = try tx.value(
        "SELECT max(last_used_at) FROM key_usage WHERE key_id = ? AND last_used_at > 0", [id],
        as: Int64?.self)
      usage.lastUsedAt = (last ?? nil).map(Date.init(microsecondsSince1970:))
      for (number, counts) in byDay {
        let age = today.number - number
        if age < 7 { usage.accepted7Days += counts.accepted }
        if age < 30 {
          usage.accepted30Days += counts.accepted
          usage.rejected30Days += counts.rejected
        }
      }
      usage.days = (0 ..< Int64(days)).map { back in
        let day = UsageDay(number: today.number - back)
        return byDay[day.number] ?? KeyUsage.Day(day: day)
      }
      usage.verifiers = try tx.rows(
        """
        SELECT verifier, daemon, last_seen_at FROM key_verifiers WHERE key_id = ?
        ORDER BY last_seen_at DESC, verifier, daemon LIMIT 100
        """, [id]
      ).map { row in
        KeyUsage.Sighting(
          verifier: try row["verifier"], daemon: try row["daemon"],
          lastSeenAt: Date(microsecondsSince1970: try row["last_seen_at"]))
      }
      return usage
    }
  }

  public func verifiers(reportedSince since: Date) async throws -> [VerifierRecord] {
    try await backend.read { tx in
      try tx.rows(
        """
        SELECT name, daemon, peer, revision, first_seen_at, last_report_at FROM verifiers
        WHERE last_report_at >= ? ORDER BY name, daemon
        """, [since.microsecondsSince1970]
      ).map { row in
        VerifierRecord(
          name: try row["name"], daemon: try row["daemon"], peer: try row["peer"],
          revision: UInt64(max(0, try row["revision"] as Int64)),
          firstSeenAt: Date(microsecondsSince1970: try row["first_seen_at"]),
          lastReportAt: Date(microsecondsSince1970: try row["last_report_at"]))
      }
    }
  }
}
