public import APIKeyMetrics
import APIKeyStore
import Foundation
import Metrics
import Synchronization

/// The daemon's metrics, recorded through swift-metrics into its own Prometheus registry:
/// - `apikeyserv_rpc_calls_total{method,code}` and `apikeyserv_rpc_duration_seconds{method}`
///   (unary and bounded streaming calls; watch streams are counted, not timed);
/// - `apikeyserv_keys_issued_total{action}` (issue_key, request_key, import_records);
/// - `apikeyserv_key_set_revision`, `apikeyserv_watchers`;
/// - `apikeyserv_signing_key_created_timestamp_seconds` (the key that signs now; 0: none);
/// - `apikeyserv_database_bytes`, `apikeyserv_api_keys`, `apikeyserv_api_keys_expiring_30d`;
/// - `apikeyserv_last_write_timestamp_seconds`, `apikeyserv_write_errors_total`.
public final class DaemonMetrics: Sendable {
  /// Where the figures are kept; the metrics server renders it.
  public let registry: MetricsRegistry
  private let calls = Mutex<[CallKey: Counter]>([:])
  private let durations = Mutex<[String: Metrics.Timer]>([:])
  private let issued = Mutex<[String: Counter]>([:])
  private let revision: Gauge
  private let watchers: Gauge
  private let signingKeyCreated: Gauge
  private let databaseBytes: Gauge
  private let apiKeys: Gauge
  private let expiringSoon: Gauge
  private let lastWrite: Gauge
  private let writeErrors: Counter

  private struct CallKey: Hashable {
    var method: String
    var code: String
  }

  /// Metrics in a new registry.
  public init(registry: MetricsRegistry = MetricsRegistry()) {
    self.registry = registry
    let factory = registry.factory
    revision = Gauge(label: "apikeyserv_key_set_revision", factory: factory)
    watchers = Gauge(label: "apikeyserv_watchers", factory: factory)
    signingKeyCreated = Gauge(
      label: "apikeyserv_signing_key_created_timestamp_seconds", factory: factory)
    databaseBytes = Gauge(label: "apikeyserv_database_bytes", factory: factory)
    apiKeys = Gauge(label: "apikeyserv_api_keys", factory: factory)
    expiringSoon = Gauge(label: "apikeyserv_api_keys_expiring_30d", factory: factory)
    lastWrite = Gauge(label: "apikeyserv_last_write_timestamp_seconds", factory: factory)
    writeErrors = Counter(label: "apikeyserv_write_errors_total", factory: factory)
    writeErrors.increment(by: 0)
  }

  /// One finished call: `code` is the gRPC status name (`ok`, `invalid_argument`, …);
  /// `duration` nil for a call that has no bound (a watch stream).
  func recordCall(method: String, code: String, duration: Duration?) {
    let factory = registry.factory
    let counter = calls.withLock { calls in
      let key = CallKey(method: method, code: code)
      if let counter = calls[key] { return counter }
      let counter = Counter(
        label: "apikeyserv_rpc_calls_total", dimensions: [("method", method), ("code", code)],
        factory: factory)
      calls[key] = counter
      return counter
    }
    counter.increment()
    guard let duration else { return }
    let timer = durations.withLock { durations in
      if let timer = durations[method] { return timer }
      let timer = Metrics.Timer(
        label: "apikeyserv_rpc_duration_seconds", dimensions: [("method", method)],
        factory: factory)
      durations[method] = timer
      return timer
    }
    timer.recordNanoseconds(
      duration.components.seconds * 1_000_000_000 + duration.components.attoseconds
        / 1_000_000_000)
  }

  /// A committed change: the time of the last successful write, and keys issued by `action`.
  func recordWrite(action: String? = nil, keys: Int = 0, at date: Date = Date()) {
    lastWrite.record(date.timeIntervalSince1970)
    guard let action, keys > 0 else { return }
    let factory = registry.factory
    let counter = issued.withLock { issued in
      if let counter = issued[action] { return counter }
      let counter = Counter(
        label: "apikeyserv_keys_issued_total", dimensions: [("action", action)], factory: factory)
      issued[action] = counter
      return counter
    }
    counter.increment(by: Int64(keys))
  }

  /// A write the database refused or did not answer.
  func recordWriteError() { writeErrors.increment() }

  /// The key ring's figures, read at each scrape.
  func recordRing(revision: UInt64, watchers: Int, signingKeyCreated: Date?) {
    self.revision.record(Double(revision))
    self.watchers.record(Double(watchers))
    self.signingKeyCreated.record(signingKeyCreated?.timeIntervalSince1970 ?? 0)
  }

  /// The store's figures, sampled now and then (`StoreSampler`).
  func recordStore(_ statistics: StoreStatistics) {
    databaseBytes.record(Double(statistics.databaseBytes))
    apiKeys.record(Double(statistics.apiKeys))
    expiringSoon.record(Double(statistics.keysExpiringSoon))
  }
}
