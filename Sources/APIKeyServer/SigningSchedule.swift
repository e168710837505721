import APIKeyCore
import Foundation
import Logging
import ServiceLifecycle

/// Switches the signing key at its `not_before` without a restart or a call: sleeps until the next
/// pending key becomes eligible (checking at least every second for keys added meanwhile), then
/// re-sends the key set to every watcher so `signing_kid` is current everywhere.
struct SigningSchedule: Service {
  let keys: KeyService
  /// Longest sleep between checks.
  var tick: Duration = .seconds(1)

  func run() async throws {
    await cancelWhenGracefulShutdown {
      while !Task.isCancelled {
        let now = keys.clock()
        let pending = keys.ring.snapshot.keys.map(\.notBefore).filter { $0 > now }.min()
        let untilPending = pending.map { Duration.milliseconds(Int(($0.timeIntervalSince(now) * 1000).rounded(.up))) }
        try? await Task.sleep(for: min(untilPending ?? tick, tick))
        if let switched = keys.ring.announceSignerChange(now: keys.clock()) {
          keys.logger.notice("Signing key switched", metadata: ["signing.kid": "\(switched ?? "none")"])
        }
      }
    }
  }
}
