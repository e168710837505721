public import Foundation
import Synchronization

/// Request counters of the bridge, rendered with the cache's gauges in the Prometheus text format.
public final class BridgeMetrics: Sendable {
  private struct Key: Hashable {
    var route: String
    var status: Int
  }

  private let requests = Mutex<[Key: Int]>([:])
  private let connections: ConnectionGuard?

  /// Empty counters; with the connection guard's figures when given.
  public init(connections: ConnectionGuard? = nil) {
    self.connections = connections
  }

  /// Counts one answered request. `route` is the matched route (bounded), not the raw path.
  public func record(route: String, status: Int) {
    requests.withLock { $0[Key(route: route, status: status), default: 0] += 1 }
  }

  /// The Prometheus exposition of the counters and of `cache`'s state at `now`.
  public func render(cache: KeySetCache, now: Date) -> String {
    let counts = requests.withLock { $0 }
    var out = """
      # HELP apikey_http_requests_total HTTP requests answered, by route and status.
      # TYPE apikey_http_requests_total counter

      """
    for (key, count) in counts.sorted(by: {
      ($0.key.route, $0.key.status) < ($1.key.route, $1.key.status)
    }) {
      out +=
        "apikey_http_requests_total{route=\"\(key.route)\",status=\"\(key.status)\"} \(count)\n"
    }
    let notModified = counts.filter { $0.key.status == 304 }.values.reduce(0, +)
    out += """
      # HELP apikey_http_not_modified_total Key set requests answered 304 Not Modified.
      # TYPE apikey_http_not_modified_total counter
      apikey_http_not_modified_total \(notModified)

      """
    let set = cache.current
    out += """
      # HELP apikey_http_keyset_revision Revision of the key set being served (0: none yet).
      # TYPE apikey_http_keyset_revision gauge
      apikey_http_keyset_revision \(set?.revision ?? 0)
      # HELP apikey_http_keyset_age_seconds Seconds since the served key set was received (-1: none yet).
      # TYPE apikey_http_keyset_age_seconds gauge
      apikey_http_keyset_age_seconds \(set.map { String(format: "%.3f", now.timeIntervalSince($0.receivedAt)) } ?? "-1")
      # HELP apikey_http_daemon_connected 1 while subscribed to the daemon's key set, else 0.
      # TYPE apikey_http_daemon_connected gauge
      apikey_http_daemon_connected \(cache.connection.isConnected ? 1 : 0)

      """
    if let connections {
      let closed = connections.closedCounts
      out += """
        # HELP apikey_http_connections_open HTTP connections open now.
        # TYPE apikey_http_connections_open gauge
        apikey_http_connections_open \(connections.openConnections)
        # HELP apikey_http_connections_closed_total Connections the bridge closed: evicted (at the cap, longest waiting for a request), header_timeout, refused (at the cap, none waiting).
        # TYPE apikey_http_connections_closed_total counter
        apikey_http_connections_closed_total{reason="evicted"} \(closed.evicted)
        apikey_http_connections_closed_total{reason="header_timeout"} \(closed.timedOut)
        apikey_http_connections_closed_total{reason="refused"} \(closed.refused)

        """
    }
    return out
  }
}
