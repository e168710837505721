import APIKeyCore
import APIKeyRPC
import APIKeyService
import Foundation
import SwiftProtobuf

/// Usage reports and verifiers as protobuf messages.
extension UsageReport {
  /// The domain report of a ReportUsage call; timestamps are range-checked.
  init(_ message: Apikeyserv_V1_UsageReport) throws(APIKeyError) {
    var entries: [UsageEntry] = []
    entries.reserveCapacity(message.entries.count)
    for (index, entry) in message.entries.enumerated() {
      let field = "entries[\(index)]"
      guard let outcome = UsageOutcome(entry.outcome) else {
        throw .invalidArgument(field: "\(field).outcome", reason: "is not set")
      }
      guard entry.keyID <= UInt64(Int64.max) else {
        throw .invalidArgument(field: "\(field).key_id", reason: "is out of range")
      }
      guard entry.count <= UInt64(UsageReport.maximumCount) else {
        throw .invalidArgument(
          field: "\(field).count", reason: "must be between 1 and \(UsageReport.maximumCount)")
      }
      entries.append(
        UsageEntry(
          keyID: Int64(entry.keyID), kid: entry.kid, outcome: outcome, count: Int64(entry.count),
          firstSeen: try entry.firstSeen.validatedDate(field: "\(field).first_seen"),
          lastSeen: try entry.lastSeen.validatedDate(field: "\(field).last_seen")))
    }
    self.init(
      verifier: message.verifier, batchID: message.batchID, revision: message.revision,
      entries: entries)
  }
}

extension Apikeyserv_V1_KeyUsage {
  init(_ usage: KeyUsage) {
    self.init()
    if let last = usage.lastUsedAt { lastUsedAt = .init(microsecondsOf: last) }
    accepted7D = UInt64(usage.accepted7Days)
    accepted30D = UInt64(usage.accepted30Days)
    rejected30D = UInt64(usage.rejected30Days)
    verifiers = usage.verifiers.map { seen in
      .with {
        $0.name = seen.verifier
        $0.daemon = seen.daemon
        $0.lastSeenAt = .init(microsecondsOf: seen.lastSeenAt)
      }
    }
  }
}

extension Apikeyserv_V1_DailyUsage {
  init(_ day: KeyUsage.Day) {
    self.init()
    self.day = day.day.description
    accepted = UInt64(day.accepted)
    rejected = UInt64(day.rejected)
  }
}

extension Apikeyserv_V1_Verifier {
  init(_ status: VerifierStatus) {
    self.init()
    name = status.record.name
    daemon = status.record.daemon
    peer = status.record.peer
    revision = status.record.revision
    lastReportAt = .init(microsecondsOf: status.record.lastReportAt)
    firstSeenAt = .init(microsecondsOf: status.record.firstSeenAt)
    state = status.problem == nil ? .synced : .stale
    problem = status.problem ?? ""
  }
}
