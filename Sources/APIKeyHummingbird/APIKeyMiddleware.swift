public import APIKeyClient
import APIKeyCore
import Foundation
import HTTPTypes
public import Hummingbird
import Logging
import Metrics

/// Checks API keys as the original Django middleware does: the key comes from the `X-Api-Key`
/// header or the `x-api-key` query parameter (removed before the request goes on); a missing key
/// is 401 `{"message": "API key missing"}` when mandatory; an invalid one is 400
/// `{"message": "invalid API key"}`; the subject is put in the request context. When the key set
/// is stale (its provider's maximum staleness passed without a refresh) every request with a key
/// gets 503 `{"message": "API key verification unavailable"}`: fail closed, but say it is ours.
public struct APIKeyMiddleware<Context: APIKeyRequestContext>: RouterMiddleware {
  /// Settings, named after the original's.
  public struct Options: Sendable {
    /// `APIKEY_MANDATORY`: requests without a key are refused (401).
    public var mandatory: Bool
    /// `APIKEY_ALLOW_EMPTY`: an empty key passes.
    public var allowEmpty: Bool
    /// `APIKEY_ALLOW_PATH_PREFIX_WHITELIST`: paths starting with these are never checked.
    public var allowedPathPrefixes: [String]
    /// Skips the check when the User-Agent starts with `Mozilla`, as the original does.
    ///
    /// - Warning: anyone can send that User-Agent: this turns the check off for every client
    ///   that wants it off. Off by default; enable only for compatibility with the original.
    public var skipsBrowsers: Bool
    /// Logs the subject of each presented key (never the token) at info.
    public var logsSubject: Bool

    /// Defaults: optional keys, no empty keys, the original's `/v1/wfs` prefix, no browser skip.
    public init(
      mandatory: Bool = false, allowEmpty: Bool = false,
      allowedPathPrefixes: [String] = ["/v1/wfs"],
      skipsBrowsers: Bool = false, logsSubject: Bool = false
    ) {
      self.mandatory = mandatory
      self.allowEmpty = allowEmpty
      self.allowedPathPrefixes = allowedPathPrefixes
      self.skipsBrowsers = skipsBrowsers
      self.logsSubject = logsSubject
    }
  }

  let keySet: KeySet
  let options: Options

  /// Checks keys against `keySet`.
  public init(keySet: KeySet, options: Options = Options()) {
    self.keySet = keySet
    self.options = options
  }

  /// Each rejection's name in the log and in `apikey_middleware_rejections_total{reason}`.
  static var reasons: [APIKeyVerificationError: String] {
    [
      .malformed: "malformed", .unknownKey: "unknown_key", .badSignature: "bad_signature",
      .expired: "expired", .notYetValid: "not_yet_valid", .revoked: "revoked", .noKeys: "no_keys",
    ]
  }

  public func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    let path = request.uri.path
    if options.allowedPathPrefixes.contains(where: { path.hasPrefix($0) }) {
      return try await next(request, context)
    }
    if options.skipsBrowsers, request.headers[.userAgent]?.hasPrefix("Mozilla") == true {
      return try await next(request, context)
    }
    var request = request
    var token = request.headers[Self.headerName]
    if token == nil, let fromQuery = request.uri.queryParameters["x-api-key"] {
      token = String(fromQuery)
      request = Self.removingQueryKey(from: request)
    }
    guard let token else {
      if options.mandatory { return Self.json(.unauthorized, "API key missing") }
      return try await next(request, context)
    }
    if token.trimmingCharacters(in: .whitespaces).isEmpty, options.allowEmpty {
      return try await next(request, context)
    }
    let verified: VerifiedToken
    do {
      verified = try keySet.verify(token)
    } catch .stale {
      // The verifier cannot tell a good key from a retired or revoked one: try again later.
      context.logger.warning("API key not checked: verification keys are stale")
      return Self.json(.serviceUnavailable, "API key verification unavailable")
    } catch {
      // The answer stays the original's; the reason goes to the log (debug) and a metric.
      let reason = Self.reasons[error] ?? "other"
      context.logger.debug("Invalid API key", metadata: ["reason": "\(reason)"])
      Counter(label: "apikey_middleware_rejections_total", dimensions: [("reason", reason)])
        .increment()
      return Self.json(.badRequest, "invalid API key")
    }
    if options.logsSubject {
      context.logger.info("API key", metadata: ["apikey.subject": "\(verified.subject)"])
    }
    var context = context
    context.apiKeySubject = verified.subject
    return try await next(request, context)
  }

  static var headerName: HTTPField.Name { HTTPField.Name("X-Api-Key")! }

  static func json(_ status: HTTPResponse.Status, _ message: String) -> Response {
    let body = (try? JSONSerialization.data(withJSONObject: ["message": message])) ?? Data()
    return Response(
      status: status, headers: [.contentType: "application/json"],
      body: .init(byteBuffer: ByteBuffer(bytes: body)))
  }

  /// The request with every `x-api-key` query parameter removed (the key must not reach handlers
  /// or logs further on).
  static func removingQueryKey(from request: Request) -> Request {
    var head = request.head
    let kept = (request.uri.query ?? "").split(separator: "&").filter {
      !$0.hasPrefix("x-api-key=") && $0 != "x-api-key"
    }
    head.path = request.uri.path + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    return Request(head: head, body: request.body)
  }
}
