public import APIKeyCore
public import Foundation
import Synchronization

/// Counts verifications per API key (its id and the kid, never the token) for a usage report:
/// `KeySet.verify` records into it, a reporter drains it every interval. Recording is one dictionary
/// update under a lock, so verification never waits for reporting. At most `maximumKeys`
/// distinct keys are counted per window; verifications of further keys are counted as
/// overflow only.
public final class UsageRecorder: Sendable {
  /// What one window counted.
  public struct Window: Sendable {
    public var entries: [UsageEntry]
    /// Verifications not counted per key: the window had `maximumKeys` keys already.
    public var overflow: Int

    /// A window of `entries`, `overflow` further verifications not counted per key.
    public init(entries: [UsageEntry], overflow: Int) {
      self.entries = entries
      self.overflow = overflow
    }
  }

  private struct Slot: Hashable {
    var keyID: Int64
    var kid: String
    var outcome: UsageOutcome
  }

  private struct State {
    var counts: [Slot: UsageEntry] = [:]
    var keys: Set<Int64> = []
    var overflow = 0
  }

  /// Most distinct keys counted per window.
  public let maximumKeys: Int
  private let state = Mutex(State())

  /// A recorder counting at most `maximumKeys` distinct keys per window.
  public init(maximumKeys: Int = 10_000) {
    self.maximumKeys = maximumKeys
  }

  /// Counts one verification of key `keyID` (a token naming `kid`) with `outcome` at `now`.
  public func record(keyID: Int64, kid: String, outcome: UsageOutcome, at now: Date = Date()) {
    state.withLock { state in
      let slot = Slot(keyID: keyID, kid: kid, outcome: outcome)
      if var entry = state.counts[slot] {
        entry.count += 1
        entry.lastSeen = now
        state.counts[slot] = entry
        return
      }
      guard state.keys.contains(keyID) || state.keys.count < maximumKeys else {
        state.overflow += 1
        return
      }
      state.keys.insert(keyID)
      state.counts[slot] = UsageEntry(
        keyID: keyID, kid: kid, outcome: outcome, count: 1, firstSeen: now, lastSeen: now)
    }
  }

  /// What was counted since the last drain; the recorder starts a new window.
  public func drain() -> Window {
    state.withLock { state in
      let window = Window(entries: Array(state.counts.values), overflow: state.overflow)
      state = State()
      return window
    }
  }
}
