package import APIKeyCore
package import Foundation

/// A verifier as `apikeyctl verifiers` shows it: its last report and whether it is in step.
package struct VerifierStatus: Sendable, Equatable {
  package var record: VerifierRecord
  /// Why it is STALE ("behind for 12 min", "silent for 6 min"); nil when SYNCED.
  package var problem: String?

  /// `record` judged at `now` against the `current` revision, installed `since`: STALE when it
  /// holds an older revision and the current one is older than `staleAfter`, or when it has not
  /// reported for longer than that.
  package init(
    _ record: VerifierRecord, current: UInt64, since: Date, staleAfter: Double, now: Date
  ) {
    self.record = record
    let silent = now.timeIntervalSince(record.lastReportAt)
    let behind = now.timeIntervalSince(since)
    if record.revision < current, behind > staleAfter {
      problem =
        "behind for \(Self.duration(behind)) (holds revision \(record.revision), current \(current))"
    } else if silent > staleAfter {
      problem = "silent for \(Self.duration(silent))"
    }
  }

  /// `45 s`, `12 min`, `3 h`.
  static func duration(_ seconds: Double) -> String {
    switch seconds {
    case ..<120: return "\(Int(seconds)) s"
    case ..<7200: return "\(Int(seconds / 60)) min"
    default: return "\(Int(seconds / 3600)) h"
    }
  }
}
