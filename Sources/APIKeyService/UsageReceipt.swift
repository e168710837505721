/// What the daemon did with one usage report.
package struct UsageReceipt: Sendable, Equatable {
  /// Entries counted (their keys are known).
  package var counted = 0
  /// Entries dropped: their keys are unknown.
  package var unknownKeys = 0
  /// The batch id was seen before: nothing was counted.
  package var replayed = false
  /// The daemon's key-set revision when it answered.
  package var currentRevision: UInt64 = 0
}
