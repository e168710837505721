import Synchronization

/// The UTC day (days since 1970) on which usage was last pruned: old counts, sightings and batch
/// ids are dropped once a day, by the first batch of the day, not by every batch (dropping the
/// verifiers that saw a key scans their table).
final class UsagePruneMark: Sendable {
  private let day = Atomic<Int64>(Int64.min)

  /// Whether the batch of `today` is the first of its day (and so prunes).
  func isFirst(of today: Int64) -> Bool {
    day.exchange(today, ordering: .relaxed) != today
  }
}
