import Foundation
import Logging
import ServiceLifecycle

/// `--erase-contact-after`: erases, as the daemon, the owner's details of keys that expired or
/// were revoked longer ago than `after` (`KeyService.eraseExpired`), checking every `interval`
/// (a quarter of `after`, at least a second, at most an hour). With several daemons on one
/// database each key is erased once: the write reads it not yet erased, or skips it.
package struct ErasureSchedule: Service {
  let keys: KeyService
  /// Seconds after expiry or revocation.
  let after: Double

  package init(keys: KeyService, after: Double) {
    self.keys = keys
    self.after = after
  }

  /// Seconds between checks.
  var interval: Double { min(max(after / 4, 1), 3600) }

  package func run() async throws {
    await cancelWhenGracefulShutdown {
      while !Task.isCancelled {
        await step()
        try? await Task.sleep(for: .milliseconds(Int64(interval * 1000)))
      }
    }
  }

  /// Erases what is due now, a thousand keys per write until none is left.
  func step() async {
    do {
      while !Task.isCancelled {
        let erased = try await keys.eraseExpired(after: after)
        if !erased.isEmpty {
          keys.logger.notice(
            "Owner details erased on schedule", metadata: ["keys": "\(erased.count)"])
        }
        if erased.count < 1000 { return }
      }
    } catch {
      keys.logger.error("Scheduled erasure failed; retrying", metadata: ["error": "\(error)"])
    }
  }
}
