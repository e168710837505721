package import Foundation

/// Where `KeyService` counts what it commits; the daemon's metrics (`DaemonMetrics`, in
/// APIKeyGRPCServices) implement it, so the domain service needs no metrics library.
package protocol KeyServiceMetrics: Sendable {
  /// A committed change: the time of the last successful write, and keys issued by `action`.
  func recordWrite(action: String?, keys: Int, at date: Date)
  /// A usage report recorded: entries counted, dropped for unknown keys, and in a replayed batch.
  func recordUsageReport(entries: Int, unknownKeys: Int, replayed: Int)
  /// A usage report refused (`reason`: rate_limited, invalid) with its entries.
  func recordUsageDropped(reason: String, entries: Int)
  /// A key renewed `by` an admin or a reminder's link (`admin`, `link`).
  func recordRenewal(by: String)
  /// An expiry reminder: `claimed`, `sent`, `failed` (an attempt; retried later) or `abandoned`.
  func recordReminder(_ outcome: String, count: Int)
}
