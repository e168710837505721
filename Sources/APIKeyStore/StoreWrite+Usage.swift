public import APIKeyCore
public import Foundation

/// Usage as verifiers report it: row operations for `KeyService`'s report batches.
extension StoreWrite {
  /// Claims batch `batchID` of `verifier`: true when it was not seen before (and is now).
  public func claimBatch(verifier: String, batchID: String, at now: Date) throws -> Bool {
    try tx.execute(
      """
      INSERT INTO usage_batches (verifier, batch_id, received_at) VALUES (?, ?, ?)
      ON CONFLICT (verifier, batch_id) DO NOTHING
      """, [verifier, batchID, now.microsecondsSince1970]) == 1
  }

  /// Those of `ids` that name a stored API key, in one query per 500.
  public func existingKeys(_ ids: Set<Int64>) throws -> Set<Int64> {
    var found: Set<Int64> = []
    let ids = Array(ids)
    for start in stride(from: 0, to: ids.count, by: 500) {
      let chunk = ids[start ..< min(start + 500, ids.count)]
      let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
      found.formUnion(
        try tx.column(
          "SELECT id FROM api_keys WHERE id IN (\(marks))", chunk.map(\.sqlValue),
          as: Int64.self))
    }
    return found
  }

  /// Adds counts to keys' days (one entry per key and day): accepted and rejected presentations,
  /// and the last accepted use if later than the one stored.
  public func addUsage(
    _ days: [(keyID: Int64, day: UsageDay, counts: KeyUsage.Day, lastUsedAt: Date?)]
  )
    throws
  {
    _ = try tx.insertRows(
      into: "key_usage", columns: ["key_id", "day", "accepted", "rejected", "last_used_at"],
      days.map { keyID, day, counts, lastUsedAt in
        [
          .integer(keyID), .integer(day.number), .integer(counts.accepted),
          .integer(counts.rejected), .integer(lastUsedAt?.microsecondsSince1970 ?? 0),
        ]
      },
      returning: """
        ON CONFLICT (key_id, day) DO UPDATE SET accepted = key_usage.accepted + excluded.accepted,
          rejected = key_usage.rejected + excluded.rejected,
          last_used_at = CASE WHEN excluded.last_used_at > key_usage.last_used_at
            THEN excluded.last_used_at ELSE key_usage.last_used_at END
        """)
  }

  /// Records that verifiers saw keys (one entry per key, verifier and daemon), keeping the latest
  /// time.
  public func sawKeys(_ sightings: [(keyID: Int64, sighting: KeyUsage.Sighting)]) throws {
    _ = try tx.insertRows(
      into: "key_verifiers", columns: ["key_id", "verifier", "daemon", "last_seen_at"],
      sightings.map { keyID, seen in
        [
          .integer(keyID), .text(seen.verifier), .text(seen.daemon),
          .integer(seen.lastSeenAt.microsecondsSince1970),
        ]
      },
      returning: """
        ON CONFLICT (key_id, verifier, daemon) DO UPDATE SET last_seen_at = CASE
          WHEN excluded.last_seen_at > key_verifiers.last_seen_at THEN excluded.last_seen_at
          ELSE key_verifiers.last_seen_at END
        """)
  }

  /// Records verifiers' latest reports (one per name and daemon): the revision they hold, the
  /// peer and the time; the time each was first seen stays.
  public func recordVerifiers(_ verifiers: [VerifierRecord]) throws {
    _ = try tx.insertRows(
      into: "verifiers",
      columns: ["name", "daemon", "peer", "revision", "first_seen_at", "last_report_at"],
      verifiers.map { verifier in
        [
          .text(verifier.name), .text(verifier.daemon), .text(verifier.peer),
          .integer(Int64(clamping: verifier.revision)),
          .integer(verifier.firstSeenAt.microsecondsSince1970),
          .integer(verifier.lastReportAt.microsecondsSince1970),
        ]
      },
      returning: """
        ON CONFLICT (name, daemon) DO UPDATE SET peer = excluded.peer,
          revision = excluded.revision, last_report_at = excluded.last_report_at
        """)
  }

  /// Drops daily counts of days before `day` (and the verifiers that saw a key, or reported at
  /// all, only before it), and batch ids received before `batchesBefore` (a batch sent again
  /// after that counts again).
  public func pruneUsage(before day: UsageDay, batchesBefore: Date) throws {
    let start = day.start.microsecondsSince1970
    try tx.execute("DELETE FROM key_usage WHERE day < ?", [day.number])
    try tx.execute("DELETE FROM key_verifiers WHERE last_seen_at < ?", [start])
    try tx.execute("DELETE FROM verifiers WHERE last_report_at < ?", [start])
    try tx.execute(
      "DELETE FROM usage_batches WHERE received_at < ?", [batchesBefore.microsecondsSince1970])
  }
}
