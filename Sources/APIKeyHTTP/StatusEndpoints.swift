import Foundation
import Hummingbird

/// /healthz, /readyz and /metrics.
struct StatusEndpoints: Sendable {
  let cache: KeySetCache
  let metrics: BridgeMetrics
  /// With self-service: what the daemon says of issuing keys.
  let registration: RegistrationStatus?
  let clock: @Sendable () -> Date

  /// The process is up.
  func health() -> Response {
    JSONResponse.make(.ok, ["status": "alive"])
  }

  /// Ready when it has a key set and is connected; otherwise 503 with why. With self-service,
  /// `self_service` says whether the pages can issue a key now, and if not why; that does not
  /// change the status code (the key set is served either way).
  func readiness() async -> Response {
    let set = cache.current
    let connection = cache.connection
    var body: [String: any Sendable] = ["connected": connection.isConnected]
    if let registration {
      let info = await registration.current(now: clock())
      var selfService: [String: any Sendable] = [
        "status": info.unavailable == nil ? "ready" : "not ready"
      ]
      if let delivery = info.delivery { selfService["delivery"] = delivery.rawValue }
      if let reason = info.unavailable { selfService["reason"] = reason }
      body["self_service"] = selfService
    }
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
