import APIKeyCore
public import Foundation
public import Hummingbird

/// The bridge's routes.
public enum BridgeRouter {
  /// Paths that serve the JWKS; the first two are the original's, read by its Python client.
  public static let keySetPaths = ["/signingkeys/", "/signingkeys", "/.well-known/jwks.json"]
  /// The path of the revocation list.
  public static let revokedPath = "/revoked"

  /// The router over `cache` (what to serve) and `metrics` (what to count); with the
  /// configuration's self-service and a `registration` client, the self-service paths too.
  public static func build(
    cache: KeySetCache, metrics: BridgeMetrics, configuration: BridgeConfiguration,
    registration: DaemonClient? = nil, usage: DaemonClient? = nil,
    clock: @escaping @Sendable () -> Date = Date.init
  ) -> Router<BridgeRequestContext> {
    let router = Router(context: BridgeRequestContext.self)
    let statusPaths = ["/healthz", "/readyz", "/metrics"]
    let selfServicePaths = ["/", "/register/", "/apikeys/", "/docs/", "/usage/"]
    var notFoundPage: (@Sendable () -> Response)?
    if let selfService = configuration.selfService {
      let pages = SelfServicePages(texts: selfService.texts)
      notFoundPage = {
        pages.message(
          .notFound, title: "Niet gevonden",
          nl: "Deze pagina bestaat niet. Sleutels vraagt u aan op /register/.",
          en: "This page does not exist. Keys are requested at /register/.")
      }
    }
    router.add(
      middleware: RequestAccounting(
        metrics: metrics,
        routes: Set(keySetPaths + [revokedPath] + statusPaths + selfServicePaths),
        notFoundPage: notFoundPage))
    let registrationStatus = registration.map { RegistrationStatus(client: $0) }
    if let selfService = configuration.selfService, let registration, let registrationStatus {
      let endpoints = SelfServiceEndpoints(
        configuration: selfService, client: registration, status: registrationStatus, clock: clock)
      endpoints.add(to: router)
      RenewalEndpoints(
        client: registration, pages: endpoints.pages, results: endpoints.results, clock: clock
      ).add(to: router)
    }
    if configuration.acceptsUsageReports, let usage {
      UsageEndpoint(
        client: usage, limiter: RateLimiter(configuration.usageReportLimit),
        addresses: ClientAddress(trustedProxies: configuration.selfService?.trustedProxies ?? []),
        clock: clock
      ).add(to: router)
    }
    let keys = KeySetEndpoint(cache: cache, configuration: configuration, clock: clock)
    // The router ignores a trailing slash: "/signingkeys" serves "/signingkeys/" too.
    for path in ["/signingkeys", "/.well-known/jwks.json", revokedPath] {
      let wellKnown = path.hasPrefix("/.well-known")
      let document: KeySetEndpoint.Document = path == revokedPath ? .revoked : .jwks
      for method in [HTTPRequest.Method.get, .head] {
        router.on(RouterPath(path), method: method) { request, _ in
          keys.respond(
            to: request, document: document, contentType: "application/json", negotiates: wellKnown)
        }
      }
      router.on(RouterPath(path), method: .options) { _, _ in keys.options() }
      for method in [HTTPRequest.Method.post, .put, .patch, .delete, .trace, .connect] {
        router.on(RouterPath(path), method: method) { _, _ in keys.methodNotAllowed() }
      }
    }
    let status = StatusEndpoints(
      cache: cache, metrics: metrics, registration: registrationStatus, clock: clock)
    router.get("/healthz") { _, _ in status.health() }
    router.get("/readyz") { _, _ in await status.readiness() }
    router.get("/metrics") { _, _ in status.prometheus() }
    return router
  }
}
