import Foundation
import Hummingbird

/// /healthz, /readyz and /metrics.
struct StatusEndpoints: Sendable {
  let cache: KeySetCache
  let metrics: BridgeMetrics
  let clock: @Sendable () -> Date

  /// The process is up.
  func health() -> Response {
    JSONResponse.make(.ok, ["status": "alive"])
  }

  /// Ready when it has a key set and is connected; otherwise 503 with why.
  func readiness() -> Response {
    let set = cache.current
    let connection = cache.connection
    var body: [String: any Sendable] = ["connected": connection.isConnected]
    if let set {
      body["revision"] = set.revision
      body["age_seconds"] = (clock().timeIntervalSince(set.receivedAt) * 1000).rounded() / 1000
    }
    switch (set, connection) {
    case (.some, .connected):
      body["status"] = "ready"
      return JSONResponse.make(.ok, body)
    case (nil, .disconnected(let why)):
      body["status"] = "not ready"
      body["reason"] = "no key set received from apikeyserv yet (\(why))"
    case (nil, _):
      body["status"] = "not ready"
      body["reason"] = "no key set received from apikeyserv yet"
    case (.some, .disconnected(let why)):
      body["status"] = "not ready"
      body["reason"] = "disconnected from apikeyserv (\(why)); serving the last key set"
    case (.some, .connecting):
      body["status"] = "not ready"
      body["reason"] = "reconnecting to apikeyserv; serving the last key set"
    }
    return JSONResponse.make(.serviceUnavailable, body)
  }

  /// Prometheus text exposition.
  func prometheus() -> Response {
    Response(
      status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
      body: .init(byteBuffer: ByteBuffer(string: metrics.render(cache: cache, now: clock()))))
  }
}
