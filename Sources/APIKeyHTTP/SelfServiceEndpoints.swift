import APIKeyCore
import APIKeyRPC
import Foundation
import GRPCCore
import HTTPTypes
import Hummingbird
import Logging
import SwiftProtobuf

/// The original's self-service paths, served only with `--self-service`: `/` (to the form),
/// `/register/` (the form, CSRF-protected), `/apikeys/` (the same as JSON, for a portal's own
/// page, cross-origin) and `/docs/`. Every request is checked here (fields, honeypot, body size,
/// the per-client limit) before the daemon is asked through the registration socket.
struct SelfServiceEndpoints: Sendable {
  let configuration: BridgeSelfService
  let client: DaemonClient
  let pages: SelfServicePages
  let addresses: ClientAddress
  /// The bridge's own limit on key requests per client address, checked before the daemon is
  /// asked (which counts again, per e-mail address and overall, as the authority). It counts keys
  /// given: a request the daemon refuses is taken back.
  let limiter: RateLimiter
  /// How keys are delivered now, and whether they can be issued, as the daemon says.
  let status: RegistrationStatus
  /// Results kept for the page a form post redirects to.
  let results = ResultStore()
  let clock: @Sendable () -> Date

  init(
    configuration: BridgeSelfService, client: DaemonClient, status: RegistrationStatus,
    clock: @escaping @Sendable () -> Date
  ) {
    self.configuration = configuration
    self.client = client
    self.status = status
    self.pages = SelfServicePages(texts: configuration.texts)
    self.addresses = ClientAddress(trustedProxies: configuration.trustedProxies)
    self.limiter = RateLimiter(configuration.perClient)
    self.clock = clock
  }

  /// The paths these endpoints serve.
  static let paths = ["/", "/register", "/apikeys", "/docs"]

  /// What came of a request for a key.
  enum Outcome {
    case issued(Apikeyserv_V1_RequestKeyResponse)
    case invalid(RegistrationForm.Errors)
    case limited(retryAfter: Int)
    case rejected
    case unavailable
  }

  func add(to router: Router<BridgeRequestContext>) {
    router.get("/") { _, _ in
      Response(status: .found, headers: [.location: "/register/", .cacheControl: "no-store"])
    }
    router.get("/register") { request, _ in await showForm(request) }
    router.post("/register") { request, context in await postForm(request, context: context) }
    router.get("/register/done/:id") { request, context in
      showResult(request, id: context.parameters.get("id") ?? "")
    }
    router.post("/apikeys") { request, context in await postJSON(request, context: context) }
    router.get("/apikeys") { request, _ in
      JSONResponse.message(
        .forbidden, "GET is not allowed here; POST the form's fields as JSON.",
        headers: corsHeaders(request))
    }
    router.on("/apikeys", method: .options) { request, _ in
      var headers = corsHeaders(request)
      headers[.accessControlAllowMethods] = "POST, OPTIONS"
      headers[.accessControlAllowHeaders] = "Content-Type"
      headers[.accessControlMaxAge] = "86400"
      return Response(status: .noContent, headers: headers)
    }
    router.get("/docs") { request, context in
      pages.docs(base: base(request, context), api: configuration.apiBaseURL)
    }
  }

  /// The CORS headers of an answer on `/apikeys/`: any origin (`*`) without
  /// `--allowed-origin`, as the original; else the request's origin when it is allowed, and
  /// none when it is not (the browser then keeps the answer from the page).
  func corsHeaders(_ request: Request) -> HTTPFields {
    guard !configuration.allowedOrigins.isEmpty else { return [.accessControlAllowOrigin: "*"] }
    var headers: HTTPFields = [.vary: "Origin"]
    if let origin = request.headers[.origin].flatMap(BridgeSelfService.origin),
      configuration.allowedOrigins.contains(origin)
    {
      headers[.accessControlAllowOrigin] = origin
    }
    return headers
  }

  /// The request's `Origin` when `--allowed-origin` is set and it names another origin: a page
  /// elsewhere asking on its visitor's behalf (a urlencoded or plain-text POST needs no
  /// preflight, so the browser would send it). Requests without `Origin` (not from a browser's
  /// cross-origin page) pass.
  private func refusedOrigin(_ request: Request) -> String? {
    guard !configuration.allowedOrigins.isEmpty, let origin = request.headers[.origin] else {
      return nil
    }
    let normalized = BridgeSelfService.origin(origin)
    return normalized.map(configuration.allowedOrigins.contains) == true ? nil : origin
  }

  // MARK: The form

  private func showForm(_ request: Request) async -> Response {
    let (token, isNew) = CSRFToken.current(request)
    var response = pages.register(
      form: RegistrationForm(fields: [:]) { _ in false }, errors: [:], csrf: token,
      status: await status.current(now: clock()))
    if isNew { response.headers[.setCookie] = CSRFToken.setCookie(token) }
    return response
  }

  private func postForm(_ request: Request, context: BridgeRequestContext) async -> Response {
    guard let body = await collect(request) else {
      return pages.message(
        .contentTooLarge, title: "Te groot", nl: "Het verzoek is te groot.",
        en: "The request is too large.")
    }
    let fields = String(decoding: body, as: UTF8.self)
    let submitted = Self.field(CSRFToken.field, in: fields)
    let form = RegistrationForm(urlencoded: fields)
    guard CSRFToken.matches(request, submitted: submitted) else {
      // What was typed comes back in a fresh form (with a token that matches the cookie): no
      // key was made, and nothing is lost. The honeypot's value is not kept.
      let (token, isNew) = CSRFToken.current(request)
      var response = pages.register(
        form: form, errors: [:], csrf: token, status: await status.current(now: clock()),
        notice: .expired, code: .forbidden)
      if isNew { response.headers[.setCookie] = CSRFToken.setCookie(token) }
      return response
    }
    // '!' is fine: the CSRF check passed, so the field is there.
    let csrf = submitted!
    switch await submit(form, request: request, context: context) {
    case .issued(let answer):
      // Post, redirect, get: a refresh of the result does not post the form again, and the
      // form sent again (Back, then submit) carries the same request id: the same key.
      let id = results.put(
        key: Self.pageFields(answer), token: answer.token.isEmpty ? nil : answer.token,
        csrf: csrf, now: clock())
      return Response(
        status: .seeOther,
        headers: [.location: "/register/done/\(id)", .cacheControl: "no-store"])
    case .invalid(let errors):
      return pages.register(
        form: form, errors: errors, csrf: csrf, status: await status.current(now: clock()),
        code: .badRequest)
    case .limited(let seconds):
      let wait = DurationText.spoken(seconds)
      return pages.message(
        .tooManyRequests, title: "Te veel aanvragen",
        nl: "Er zijn te veel sleutels aangevraagd. Probeer het over \(wait.nl) opnieuw.",
        en: "Too many keys were requested. Try again in \(wait.en).",
        headers: [.retryAfter: "\(seconds)"])
    case .rejected:
      return pages.message(
        .badRequest, title: "Niet aangenomen", nl: "Dit verzoek is niet aangenomen.",
        en: "This request was not accepted.")
    case .unavailable:
      return pages.message(
        .serviceUnavailable, title: "Even niet beschikbaar",
        nl: "Sleutels aanvragen kan op dit moment niet. Probeer het later opnieuw.",
        en: "Keys cannot be requested right now. Please try again later.",
        headers: [.retryAfter: "30"])
    }
  }

  /// The bridge's own URL as the client reached it: the request's scheme (plain HTTP here) and
  /// host, or, from a trusted proxy, the ones it forwarded.
  private func base(_ request: Request, _ context: BridgeRequestContext) -> String {
    var scheme = "http"
    var host = request.head.authority ?? "localhost"
    if addresses.isTrustedProxy(context.remoteAddress) {
      if let proto = request.headers[values: .xForwardedProto].first,
        ["http", "https"].contains(proto)
      {
        scheme = proto
      }
      if let forwarded = request.headers[values: .xForwardedHost].first, !forwarded.isEmpty {
        host = forwarded
      }
    }
    return "\(scheme)://\(host)"
  }

  /// The result a form post was redirected to: only for the browser that posted it, for a while.
  private func showResult(_ request: Request, id: String) -> Response {
    guard
      let entry = results.get(id, csrf: CSRFToken.cookieToken(request), now: clock())
    else {
      return pages.message(
        .notFound, title: "Niet meer beschikbaar",
        nl:
          "Deze pagina is verlopen of hoort bij een andere browser. Een sleutel wordt één keer getoond; vraag zo nodig een nieuwe aan.",
        en:
          "This page has expired or belongs to another browser. A key is shown once; request a new one if you need to."
      )
    }
    return pages.result(key: entry.key, token: entry.token)
  }

  // MARK: The JSON endpoint

  private func postJSON(_ request: Request, context: BridgeRequestContext) async -> Response {
    let cors = corsHeaders(request)
    if let origin = refusedOrigin(request) {
      return JSONResponse.message(
        .forbidden,
        "Requests from \(origin) are not allowed here: only from the portal's own pages.",
        headers: cors)
    }
    guard let body = await collect(request) else {
      return JSONResponse.message(.contentTooLarge, "Request body too large.", headers: cors)
    }
    let type = request.headers[.contentType]?.lowercased() ?? ""
    let form: RegistrationForm?
    if body.isEmpty {
      form = nil
    } else if type.hasPrefix("application/x-www-form-urlencoded") {
      form = RegistrationForm(urlencoded: String(decoding: body, as: UTF8.self))
    } else if type.isEmpty || type.contains("json") {
      guard let parsed = RegistrationForm(json: Data(body)) else {
        return JSONResponse.message(
          .badRequest, "JSON parse error: the body is not a JSON object.", headers: cors)
      }
      form = parsed
    } else {
      return JSONResponse.message(
        .unsupportedMediaType, "Unsupported media type \"\(type)\": send application/json.",
        headers: cors)
    }
    guard let form, !form.isEmpty else {
      return JSONResponse.message(.badRequest, "No data provided.", headers: cors)
    }
    switch await submit(form, request: request, context: context) {
    case .issued(let answer):
      return JSONResponse.make(.ok, Self.jsonFields(answer), headers: cors)
    case .invalid(let errors):
      return JSONResponse.make(.badRequest, errors, headers: cors)
    case .limited(let seconds):
      var headers = cors
      headers[.retryAfter] = "\(seconds)"
      return JSONResponse.message(
        .tooManyRequests, "Too many key requests; try again in \(seconds) seconds.",
        headers: headers)
    case .rejected:
      return JSONResponse.message(.badRequest, "Request rejected.", headers: cors)
    case .unavailable:
      var headers = cors
      headers[.retryAfter] = "30"
      return JSONResponse.message(
        .serviceUnavailable, "Keys cannot be requested right now; try again later.",
        headers: headers)
    }
  }

  // MARK: Shared

  /// The body, at most the configured size; nil when it is larger.
  private func collect(_ request: Request) async -> [UInt8]? {
    if let length = request.headers[.contentLength].flatMap(Int.init),
      length > configuration.maximumBodySize
    {
      return nil
    }
    guard let buffer = try? await request.body.collect(upTo: configuration.maximumBodySize) else {
      return nil
    }
    return Array(buffer.readableBytesView)
  }

  /// Checks `form`, the client's limit, then asks the daemon.
  func submit(
    _ form: RegistrationForm, request: Request, context: BridgeRequestContext
  ) async -> Outcome {
    guard !form.honeypotFilled else {
      context.logger.notice("Self-service request with the honeypot filled; rejected")
      return .rejected
    }
    let errors = form.errors()
    guard errors.isEmpty else { return .invalid(errors) }
    guard
      let address = addresses.resolve(
        peer: context.remoteAddress, forwardedFor: request.headers[values: .xForwardedFor])
    else {
      context.logger.error("Self-service request without a client address; refused")
      return .rejected
    }
    let now = clock()
    if let wait = limiter.admit(address.rateLimitKey, at: now) { return .limited(retryAfter: wait) }
    do {
      return .issued(try await client.requestKey(form.request(client: address)))
    } catch let error as RPCError {
      // The daemon refused (its limits, a field, no signing key): no key, nothing counted.
      limiter.release(address.rateLimitKey, at: now)
      return outcome(of: error, logger: context.logger)
    } catch {
      limiter.release(address.rateLimitKey, at: now)
      context.logger.warning(
        "Registration call failed",
        metadata: ["error": "\(Redaction.emailAddresses(in: "\(error)"))"])
      return .unavailable
    }
  }

  private func outcome(of error: RPCError, logger: Logger) -> Outcome {
    switch error.code {
    case .invalidArgument:
      // "field: reason", as the daemon names its fields.
      let parts = error.message.split(separator: ":", maxSplits: 1)
      let field = RegistrationForm.formField(daemonField: String(parts.first ?? ""))
      let reason = parts.count == 2 ? parts[1].trimmingCharacters(in: .whitespaces) : error.message
      return .invalid([field: ["This field " + reason + "."]])
    case .resourceExhausted:
      let seconds = error.metadata[stringValues: RPCHeader.retryAfter].first(where: { _ in true })
        .flatMap { Int($0) }
      return .limited(retryAfter: seconds ?? 60)
    default:
      logger.warning(
        "apikeyserv did not issue a self-service key",
        metadata: [
          "socket": "\(client.socketPath)", "grpc.code": "\(error.code)",
          "reason": "\(Redaction.emailAddresses(in: error.message))",
        ])
      return .unavailable
    }
  }

  /// The original's answer: the key's fields under the form's names, and the token.
  static func jsonFields(_ answer: Apikeyserv_V1_RequestKeyResponse) -> [String: any Sendable] {
    let key = answer.key
    return [
      "id": key.id, "contactperson_1_name": key.contactName, "email_1": key.email,
      "contactperson_2_name": key.contactName2, "email_2": key.email2,
      "organisation": key.organisation, "department": key.department,
      "expires": key.hasExpiresAt ? djangoTime(key.expiresAt.date) : NSNull(),
      "sent": key.sent, "apikey": answer.token.isEmpty ? NSNull() : answer.token,
    ]
  }

  /// What the result page shows of the key.
  static func pageFields(_ answer: Apikeyserv_V1_RequestKeyResponse) -> [String: String] {
    let key = answer.key
    return [
      "id": "\(key.id)", "organisation": key.organisation, "email": key.email,
      "expires": key.hasExpiresAt
        ? key.expiresAt.date.formatted(.iso8601.year().month().day()) : "-",
    ]
  }

  /// Django REST framework's form of a time: `2027-11-29T22:40:00.123456Z`.
  static func djangoTime(_ date: Date) -> String {
    let seconds = date.timeIntervalSince1970.rounded(.down)
    let micros = Int(((date.timeIntervalSince1970 - seconds) * 1_000_000).rounded())
    // "…T22:40:00Z", without its "Z".
    let whole = Date(timeIntervalSince1970: seconds).formatted(.iso8601).dropLast()
    return "\(whole).\(String(format: "%06d", min(micros, 999_999)))Z"
  }

  /// The value of `name` in a urlencoded body.
  static func field(_ name: String, in body: String) -> String? {
    URLEncoded.pairs(body)[name]
  }
}

extension HTTPField.Name {
  static let xForwardedFor = Self("X-Forwarded-For")!
  static let xForwardedProto = Self("X-Forwarded-Proto")!
  static let xForwardedHost = Self("X-Forwarded-Host")!
}
