import APIKeyCore
import Foundation
import Logging
import ServiceLifecycle

/// Carries out the key set's timed changes without a restart or a call:
/// - when a pending key's `not_before` passes, re-sends the set to every watcher so `signing_kid`
///   is current everywhere;
/// - when a retiring key's grace period ends, or a revoked key's last token expires, publishes a
///   new revision without it (`KeyService.advanceScheduled`: once, when several daemons share
///   the database), pushed to watchers at that moment.
/// Sleeps until the next such time, checking at least every `tick` for changes made meanwhile.
package struct SigningSchedule: Service {
  let keys: KeyService
  /// Longest sleep between checks.
  var tick: Duration = .seconds(1)

  /// The schedule of `keys`'s set, checked at least every `tick`.
  package init(
    keys: KeyService, tick: Duration = .seconds(1)
  ) {
    self.keys = keys
    self.tick = tick
  }

  func run() async throws {
    await cancelWhenGracefulShutdown {
      while !Task.isCancelled {
        let now = keys.clock()
        let snapshot = keys.ring.snapshot
        let pending = snapshot.keys.map(\.notBefore).filter { $0 > now }
        let next = (pending + [snapshot.nextExpiry(after: now)].compactMap { $0 }).min()
        let untilNext = next.map {
          Duration.milliseconds(Int(($0.timeIntervalSince(now) * 1000).rounded(.up)))
        }
        try? await Task.sleep(for: min(untilNext ?? tick, tick))
        await step()
      }
    }
  }

  /// Does what is due at the clock's time.
  func step() async {
    let now = keys.clock()
    if keys.ring.snapshot.isStale(at: now) {
      do {
        try await keys.advanceScheduled()
        keys.logger.notice(
          "Key set changed on schedule",
          metadata: ["keyset.revision": "\(keys.ring.snapshot.revision)"])
      } catch {
        keys.logger.error(
          "Cannot publish the scheduled change; retrying", metadata: ["error": "\(error)"])
      }
    }
    if let switched = keys.ring.announceSignerChange(now: now) {
      keys.logger.notice("Signing key switched", metadata: ["signing.kid": "\(switched ?? "none")"])
    }
  }
}
