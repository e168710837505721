public import APIKeyMetrics
public import Foundation
import Metrics
import Synchronization

/// The bridge's metrics, recorded through swift-metrics into its own Prometheus registry:
/// `apikey_http_requests_total{route,status}`, `apikey_http_not_modified_total`, the key set
/// being served (`apikey_http_keyset_revision`, `apikey_http_keyset_age_seconds`: -1 for none
/// yet), `apikey_http_daemon_connected`, and with a connection guard
/// `apikey_http_connections_open` and `apikey_http_connections_closed_total{reason}`.
public final class BridgeMetrics: Sendable {
  private struct Key: Hashable, Sendable {
    var route: String
    var status: Int
  }

  /// Where the figures live.
  public let registry: MetricsRegistry
  private let requests: MetricCache<Key, Counter>
  private let notModified: Counter
  private let revision: Gauge
  private let age: Gauge
  private let connected: Gauge
  private let open: Gauge
  private let closed: [String: Counter]
  /// The guard's closed counts already added to `closed`.
  private let closedSeen = Mutex<[String: Int]>([:])
  private let connections: ConnectionGuard?

  /// Empty counters; with the connection guard's figures when given.
  public init(connections: ConnectionGuard? = nil, registry: MetricsRegistry = MetricsRegistry()) {
    self.connections = connections
    self.registry = registry
    let factory = registry.factory
    requests = MetricCache { key in
      Counter(
        label: "apikey_http_requests_total",
        dimensions: [("route", key.route), ("status", "\(key.status)")], factory: factory)
    }
    notModified = Counter(label: "apikey_http_not_modified_total", factory: factory)
    notModified.increment(by: 0)
    revision = Gauge(label: "apikey_http_keyset_revision", factory: factory)
    age = Gauge(label: "apikey_http_keyset_age_seconds", factory: factory)
    connected = Gauge(label: "apikey_http_daemon_connected", factory: factory)
    open = Gauge(label: "apikey_http_connections_open", factory: factory)
    closed =
      connections == nil
      ? [:]
      : Dictionary(
        uniqueKeysWithValues: ["evicted", "header_timeout", "refused"].map { reason in
          let counter = Counter(
            label: "apikey_http_connections_closed_total", dimensions: [("reason", reason)],
            factory: factory)
          counter.increment(by: 0)
          return (reason, counter)
        })
  }

  /// Counts one answered request. `route` is the matched route (bounded), not the raw path.
  public func record(route: String, status: Int) {
    requests[Key(route: route, status: status)].increment()
    if status == 304 { notModified.increment() }
  }

  /// The Prometheus exposition of the counters and of `cache`'s state at `now`.
  public func render(cache: KeySetCache, now: Date) -> String {
    let set = cache.current
    revision.record(Double(set?.revision ?? 0))
    age.record(set.map { now.timeIntervalSince($0.receivedAt) } ?? -1)
    connected.record(cache.connection.isConnected ? 1 : 0)
    if let connections {
      open.record(Double(connections.openConnections))
      let counts = connections.closedCounts
      let totals = [
        "evicted": counts.evicted, "header_timeout": counts.timedOut, "refused": counts.refused,
      ]
      closedSeen.withLock { seen in
        for (reason, total) in totals where total > seen[reason, default: 0] {
          closed[reason]?.increment(by: Int64(total - seen[reason, default: 0]))
          seen[reason] = total
        }
      }
    }
    return String(decoding: registry.exposition(), as: UTF8.self)
  }
}
