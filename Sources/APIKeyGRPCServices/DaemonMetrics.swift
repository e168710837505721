package import APIKeyMetrics
import APIKeyService
package import APIKeyStore
package import Foundation
import GRPCCore
import Metrics
import Synchronization

/// The daemon's metrics, recorded through swift-metrics into its own Prometheus registry:
/// - `apikeyserv_rpc_calls_total{method,code}` and `apikeyserv_rpc_duration_seconds{method}`
///   (unary and bounded streaming calls; watch streams are counted, not timed);
/// - `apikeyserv_keys_issued_total{action}` (issue_key, request_key, import_records);
/// - `apikeyserv_key_set_revision`, `apikeyserv_watchers`;
/// - `apikeyserv_signing_key_created_timestamp_seconds` (the key that signs now; 0: none);
/// - `apikeyserv_database_bytes`, `apikeyserv_api_keys`, `apikeyserv_api_keys_expiring_30d`;
/// - `apikeyserv_last_write_timestamp_seconds`, `apikeyserv_write_errors_total`;
/// - `apikeyserv_read_only` (1: started read-only, every change refused);
/// - `apikeyserv_usage_reports_total`, `apikeyserv_usage_entries_total` (counted),
///   `apikeyserv_usage_entries_dropped_total{reason}` (unknown_key, replayed, rate_limited,
///   invalid), `apikeyserv_verifiers{state}` (synced, stale; sampled with the store);
/// - `apikeyserv_key_renewals_total{by}` (admin, link);
/// - `apikeyserv_expiry_reminders_total{outcome}` (claimed, sent, failed: an attempt that will
///   be retried, abandoned: the key was revoked, erased, renewed or expired first).
package final class DaemonMetrics: KeyServiceMetrics {
  /// Where the figures are kept; the metrics server renders it.
  package let registry: MetricsRegistry
  private let calls: MetricCache<CallKey, Counter>
  private let durations: MetricCache<MethodDescriptor, Metrics.Timer>
  private let issued: MetricCache<String, Counter>
  private let revision: Gauge
  private let watchers: Gauge
  private let signingKeyCreated: Gauge
  private let databaseBytes: Gauge
  private let apiKeys: Gauge
  private let expiringSoon: Gauge
  private let lastWrite: Gauge
  private let writeErrors: Counter
  private let readOnly: Gauge
  private let usageReports: Counter
  private let usageEntries: Counter
  private let usageDropped: MetricCache<String, Counter>
  private let verifiers: MetricCache<String, Gauge>
  private let renewals: MetricCache<String, Counter>
  private let reminders: MetricCache<String, Counter>

  private struct CallKey: Hashable, Sendable {
    var method: MethodDescriptor
    var code: RPCError.Code?
  }

  /// Metrics in a new registry.
  package init(registry: MetricsRegistry = MetricsRegistry()) {
    self.registry = registry
    let factory = registry.factory
    calls = MetricCache { key in
      Counter(
        label: "apikeyserv_rpc_calls_total",
        dimensions: [
          ("method", key.method.fullyQualifiedMethod),
          ("code", key.code.map(DaemonMetrics.name) ?? "OK"),
        ],
        factory: factory)
    }
    durations = MetricCache { method in
      Metrics.Timer(
        label: "apikeyserv_rpc_duration_seconds",
        dimensions: [("method", method.fullyQualifiedMethod)], factory: factory)
    }
    issued = MetricCache { action in
      Counter(
        label: "apikeyserv_keys_issued_total", dimensions: [("action", action)], factory: factory)
    }
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
    readOnly = Gauge(label: "apikeyserv_read_only", factory: factory)
    readOnly.record(0)
    usageReports = Counter(label: "apikeyserv_usage_reports_total", factory: factory)
    usageEntries = Counter(label: "apikeyserv_usage_entries_total", factory: factory)
    usageDropped = MetricCache { reason in
      Counter(
        label: "apikeyserv_usage_entries_dropped_total", dimensions: [("reason", reason)],
        factory: factory)
    }
    verifiers = MetricCache { state in
      Gauge(label: "apikeyserv_verifiers", dimensions: [("state", state)], factory: factory)
    }
    renewals = MetricCache { by in
      Counter(label: "apikeyserv_key_renewals_total", dimensions: [("by", by)], factory: factory)
    }
    reminders = MetricCache { outcome in
      Counter(
        label: "apikeyserv_expiry_reminders_total", dimensions: [("outcome", outcome)],
        factory: factory)
    }
    for by in ["admin", "link"] { renewals[by].increment(by: 0) }
    for outcome in ["claimed", "sent", "failed", "abandoned"] {
      reminders[outcome].increment(by: 0)
    }
    usageReports.increment(by: 0)
    for reason in ["unknown_key", "replayed", "rate_limited", "invalid"] {
      usageDropped[reason].increment(by: 0)
    }
  }

  package func recordUsageReport(entries: Int, unknownKeys: Int, replayed: Int) {
    usageReports.increment()
    usageEntries.increment(by: Int64(entries))
    if unknownKeys > 0 { usageDropped["unknown_key"].increment(by: Int64(unknownKeys)) }
    if replayed > 0 { usageDropped["replayed"].increment(by: Int64(replayed)) }
  }

  package func recordUsageDropped(reason: String, entries: Int) {
    usageDropped[reason].increment(by: Int64(max(entries, 1)))
  }

  package func recordRenewal(by: String) { renewals[by].increment() }

  package func recordReminder(_ outcome: String, count: Int) {
    if count > 0 { reminders[outcome].increment(by: Int64(count)) }
  }

  /// Verifiers by state, sampled now and then (`StoreSampler`).
  package func recordVerifiers(synced: Int, stale: Int) {
    verifiers["synced"].record(Double(synced))
    verifiers["stale"].record(Double(stale))
  }

  /// Whether the daemon runs read-only (its database's file system is).
  package func recordReadOnly(_ isReadOnly: Bool) { readOnly.record(isReadOnly ? 1 : 0) }

  /// One finished call: `code` nil for OK; `duration` nil for a call that has no bound (a watch
  /// stream).
  func recordCall(method: MethodDescriptor, code: RPCError.Code?, duration: Duration?) {
    calls[CallKey(method: method, code: code)].increment()
    guard let duration else { return }
    durations[method].recordNanoseconds(
      duration.components.seconds * 1_000_000_000 + duration.components.attoseconds
        / 1_000_000_000)
  }

  /// The status's name as gRPC spells it (`INVALID_ARGUMENT`).
  static func name(_ code: RPCError.Code) -> String {
    String(describing: code).reduce(into: "") { name, character in
      if character.isUppercase { name += "_" }
      name += character.uppercased()
    }
  }

  /// A committed change: the time of the last successful write, and keys issued by `action`.
  package func recordWrite(action: String? = nil, keys: Int = 0, at date: Date = Date()) {
    lastWrite.record(date.timeIntervalSince1970)
    guard let action, keys > 0 else { return }
    issued[action].increment(by: Int64(keys))
  }

  /// A write the database refused or did not answer.
  func recordWriteError() { writeErrors.increment() }

  /// The key ring's figures, read at each scrape.
  package func recordRing(revision: UInt64, watchers: Int, signingKeyCreated: Date?) {
    self.revision.record(Double(revision))
    self.watchers.record(Double(watchers))
    self.signingKeyCreated.record(signingKeyCreated?.timeIntervalSince1970 ?? 0)
  }

  /// The store's figures, sampled now and then (`StoreSampler`).
  package func recordStore(_ statistics: StoreStatistics) {
    databaseBytes.record(Double(statistics.databaseBytes))
    apiKeys.record(Double(statistics.apiKeys))
    expiringSoon.record(Double(statistics.keysExpiringSoon))
  }
}
