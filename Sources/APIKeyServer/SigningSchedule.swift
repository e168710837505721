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
      var signing = keys.ring.snapshot.signingKey(at: keys.clock())?.kid
      while !Task.isCancelled {
        let now = keys.clock()
        let pending = keys.ring.snapshot.keys.map(\.notBefore).filter { $0 > now }.min()
        let untilPending = pending.map { Duration.milliseconds(Int(($0.timeIntervalSince(now) * 1000).rounded(.up))) }
        try? await Task.sleep(for: min(untilPending ?? tick, tick))
        let current = keys.ring.snapshot.signingKey(at: keys.clock())?.kid
        if current != signing {
          signing = current
          keys.ring.republish()
          keys.logger.notice("Signing key switched", metadata: ["signing.kid": "\(current ?? "none")"])
        }
      }
    }
  }
}
