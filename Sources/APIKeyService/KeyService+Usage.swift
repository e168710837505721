package import APIKeyCore
import APIKeyStore
package import Foundation
import Logging

/// What verifiers report: usage counted in batches (`KeyService.writes`), read back per key,
/// and the verifiers judged against the current revision. Reports only inform: nothing here
/// changes a key, a signing key, the revision or the audit trail.
extension KeyService {
  /// Seconds `caller` must wait before its next report, or nil when it may report now (and the
  /// report is counted): `UsagePolicy.perPeer` per user on the socket, or per client address
  /// for reports the bridge forwards (`forwardedFor`), which together count against ten times
  /// that for the bridge's user.
  package func admitReport(from caller: Caller, forwardedFor: String?, entries: Int) -> Int? {
    let now = clock()
    let wait: Int?
    if let forwardedFor {
      let client = "\(caller.limitKey) via \(forwardedFor)"
      wait =
        usageLimiter.admit(client, at: now)
        ?? forwardedLimiter.admit(caller.limitKey, at: now).map { wait in
          // Refused for the bridge as a whole: the client's own count is taken back.
          usageLimiter.release(client, at: now)
          return wait
        }
    } else {
      wait = usageLimiter.admit(caller.limitKey, at: now)
    }
    guard let wait else { return nil }
    metrics?.recordUsageDropped(reason: "rate_limited", entries: entries)
    return wait
  }

  /// Counts `report` from `peer`. A batch id seen before counts nothing; entries for unknown
  /// keys are dropped and counted as such.
  package func report(_ received: UsageReport, peer: String) async throws -> UsageReceipt {
    let now = clock()
    let report: UsageReport
    do {
      report = try received.validated()
    } catch {
      metrics?.recordUsageDropped(reason: "invalid", entries: received.entries.count)
      throw error
    }
    var receipt = try await writes.submit(
      report: ReceivedReport(report: report, peer: peer, daemon: daemonName, at: now))
    receipt.currentRevision = ring.snapshot.revision
    metrics?.recordUsageReport(
      entries: receipt.counted, unknownKeys: receipt.unknownKeys,
      replayed: receipt.replayed ? report.entries.count : 0)
    return receipt
  }

  /// Records `reports` in one write: each batch id claimed (a replay counts nothing), the
  /// entries of known keys added to their days (an entry counts on the day of its last sighting,
  /// never later than its receipt), the verifiers that saw each key (with `sightingCache`, a
  /// sighting written less than its resolution ago is not written again), and each verifier's
  /// revision; with `prune` (the first batch of a day), counts older than the retention are
  /// dropped.
  static func record(
    _ reports: [ReceivedReport], policy: UsagePolicy, prune: Bool = false,
    sightingCache: SightingCache? = nil, in store: StoreWrite
  ) throws -> [Result<UsageReceipt, any Error>] {
    var receipts = [UsageReceipt](repeating: UsageReceipt(), count: reports.count)
    var live: [Int] = []
    for (index, received) in reports.enumerated() {
      if try store.claimBatch(
        verifier: "\(received.report.verifier)@\(received.daemon)",
        batchID: received.report.batchID, at: received.at)
      {
        live.append(index)
      } else {
        receipts[index].replayed = true
      }
    }
    let known = try store.existingKeys(
      Set(live.flatMap { reports[$0].report.entries.map(\.keyID) }))
    let now = reports.map(\.at).max() ?? Date()
    let oldest = UsageDay(number: UsageDay(now).number - Int64(policy.retentionDays) + 1)
    var days: [Pair<Int64, UsageDay>: (counts: KeyUsage.Day, last: Date?)] = [:]
    var sightings: [Pair<Int64, String>: KeyUsage.Sighting] = [:]
    var verifiers: [String: VerifierRecord] = [:]
    for received in reports {
      // A replayed batch counts nothing, but still says which revision its verifier holds.
      verifiers["\(received.report.verifier)@\(received.daemon)"] = VerifierRecord(
        name: received.report.verifier, daemon: received.daemon, peer: received.peer,
        revision: received.report.revision, firstSeenAt: received.at,
        lastReportAt: received.at)
    }
    for index in live {
      let received = reports[index]
      let name = received.report.verifier
      for entry in received.report.entries {
        guard known.contains(entry.keyID) else {
          receipts[index].unknownKeys += 1
          continue
        }
        receipts[index].counted += 1
        let seen = min(entry.lastSeen, received.at)
        let day = UsageDay(seen)
        guard day >= oldest else { continue }
        let key = Pair(entry.keyID, day)
        var slot = days[key] ?? (KeyUsage.Day(day: day), nil)
        if entry.outcome == .accepted {
          slot.counts.accepted += entry.count
          slot.last = max(slot.last ?? seen, seen)
        } else {
          slot.counts.rejected += entry.count
        }
        days[key] = slot
        let sightingKey = Pair(entry.keyID, "\(name)@\(received.daemon)")
        if (sightings[sightingKey]?.lastSeenAt ?? .distantPast) < seen {
          sightings[sightingKey] = KeyUsage.Sighting(
            verifier: name, daemon: received.daemon, lastSeenAt: seen)
        }
      }
    }
    try store.addUsage(days.map { ($0.key.first, $0.key.second, $0.value.counts, $0.value.last) })
    let due = sightingCache?.due(sightings.mapValues(\.lastSeenAt)) ?? Set(sightings.keys)
    try store.sawKeys(sightings.filter { due.contains($0.key) }.map { ($0.key.first, $0.value) })
    try store.recordVerifiers(Array(verifiers.values))
    if prune {
      try store.pruneUsage(
        before: oldest, batchesBefore: now.addingTimeInterval(-policy.batchMemory))
    }
    return receipts.map { .success($0) }
  }

  /// Key `id`'s use: last use, the 7- and 30-day counts, the verifiers that saw it, and the
  /// daily counts of the last `days` days (1 to the retention; 0: 30).
  package func usage(of id: Int64, days: Int = 0) async throws -> KeyUsage {
    guard days >= 0, days <= usagePolicy.retentionDays else {
      throw APIKeyError.invalidArgument(
        field: "days", reason: "must be between 1 and \(usagePolicy.retentionDays)")
    }
    return try await usage(of: try await key(id: id), days: days)
  }

  /// `usage(of:days:)` of a record already read (GetKey reads it for its answer anyway).
  package func usage(of record: KeyRecord, days: Int = 0) async throws -> KeyUsage {
    try await store.usage(of: record.id, days: days == 0 ? 30 : days, now: clock())
  }

  /// The verifiers that reported within `window` seconds, judged against the current revision;
  /// with that revision.
  package func verifiers(
    window: Double = 86_400
  ) async throws -> (current: UInt64, verifiers: [VerifierStatus]) {
    guard window > 0 else {
      throw APIKeyError.invalidArgument(field: "window", reason: "must be positive")
    }
    let now = clock()
    let (current, since) = ring.currentRevision
    let records = try await store.verifiers(reportedSince: now.addingTimeInterval(-window))
    return (
      current,
      records.map {
        VerifierStatus(
          $0, current: current, since: since, staleAfter: usagePolicy.staleAfter, now: now)
      }
    )
  }
}

/// Two values as one dictionary key.
struct Pair<First: Hashable & Sendable, Second: Hashable & Sendable>: Hashable, Sendable {
  let first: First
  let second: Second

  init(_ first: First, _ second: Second) {
    self.first = first
    self.second = second
  }
}
