public import Foundation

/// Counts events per key (an e-mail address, a client address) over a sliding window and says
/// when one more would exceed the limit. Memory: at most `limit.count` times per key seen within
/// the window; keys whose events all left the window are dropped as the table grows. Not
/// thread-safe: keep it behind a lock.
public struct RateWindow: Sendable {
  public let limit: RateLimit
  private var events: [String: [Date]] = [:]
  private var sweepAt = 1024

  /// An empty window for `limit`.
  public init(_ limit: RateLimit) {
    self.limit = limit
  }

  /// Seconds until `key` may have one more event at `now` (at least 1), or nil when it may now.
  public func retryAfter(_ key: String, at now: Date) -> Double? {
    let recent = live(events[key] ?? [], at: now)
    guard recent.count >= limit.count else { return nil }
    // The oldest event still in the window leaves it first.
    let wait = recent[recent.count - limit.count].timeIntervalSince(now) + limit.window
    return max(1, wait.rounded(.up))
  }

  /// Records one event for `key` at `now`.
  public mutating func record(_ key: String, at now: Date) {
    var recent = live(events[key] ?? [], at: now)
    recent.append(now)
    events[key] = Array(recent.suffix(limit.count))
    if events.count >= sweepAt {
      events = events.filter { !live($0.value, at: now).isEmpty }
      sweepAt = max(1024, events.count * 2)
    }
  }

  /// Takes back the event recorded for `key` at `time` (a request that did not get what it was
  /// counted for): a limit counts what was granted, not what was asked.
  public mutating func remove(_ key: String, at time: Date) {
    guard var times = events[key], let index = times.lastIndex(of: time) else { return }
    times.remove(at: index)
    events[key] = times.isEmpty ? nil : times
  }

  /// Keys with an event still in the window (for tests and metrics).
  public func trackedKeys(at now: Date) -> Int {
    events.values.count { !live($0, at: now).isEmpty }
  }

  private func live(_ times: [Date], at now: Date) -> [Date] {
    times.filter { now.timeIntervalSince($0) < limit.window }
  }
}
