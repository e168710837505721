import APIKeyGRPCServices
import APIKeyService
import APIKeyStore
import Foundation
import Logging
import ServiceLifecycle

/// Reads the store's figures for the metrics every `interval` (a scrape must not wait on the
/// database, which may be down): its size, its keys, the keys expiring within 30 days, the
/// verifiers by state.
struct StoreSampler: Service {
  let store: SQLKeyStore
  let keys: KeyService
  let metrics: DaemonMetrics
  let interval: Duration
  let logger: Logger

  func run() async throws {
    // Cancelled at shutdown: the sleep ends at once, not after an interval.
    try? await cancelWhenGracefulShutdown {
      while !Task.isCancelled {
        do {
          metrics.recordStore(
            try await store.statistics(now: Date(), window: 30 * 24 * 3600))
          let (_, verifiers) = try await keys.verifiers()
          let stale = verifiers.count { $0.problem != nil }
          metrics.recordVerifiers(synced: verifiers.count - stale, stale: stale)
        } catch is CancellationError {
          return
        } catch {
          logger.debug("Store figures not read", metadata: ["error": "\(error)"])
        }
        try await Task.sleep(for: interval)
      }
    }
  }
}
