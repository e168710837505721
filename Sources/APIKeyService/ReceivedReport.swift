import APIKeyCore
import Foundation

/// A usage report as the daemon received it, waiting for its group commit (`KeyService.usage`).
struct ReceivedReport: Sendable {
  let report: UsageReport
  /// Who sent it (`pid=… uid=… gid=…`, or a client address through the bridge).
  let peer: String
  /// The daemon that received it (its host name).
  let daemon: String
  let at: Date
}
