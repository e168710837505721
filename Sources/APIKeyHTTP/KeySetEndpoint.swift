import Foundation
import Hummingbird

/// The key set endpoints (the JWKS, and the revocation list at `/revoked`): strong ETag,
/// conditional GET, caching and CORS headers.
struct KeySetEndpoint: Sendable {
  let cache: KeySetCache
  let maxAge: Int
  let socketPath: String
  let clock: @Sendable () -> Date

  static let allowed = "GET, HEAD, OPTIONS"

  /// Which document of the set an endpoint serves.
  enum Document: Sendable {
    case jwks, revoked
  }

  /// GET or HEAD of `document`, served as `contentType` (or `application/jwk-set+json` when asked
  /// for and `negotiates`).
  func respond(
    to request: Request, document: Document = .jwks, contentType: String, negotiates: Bool
  ) -> Response {
    guard
      let answer = answer(
        method: request.method, headers: request.headers, document: document,
        contentType: contentType, negotiates: negotiates)
    else {
      return JSONResponse.message(
        .serviceUnavailable, "no key set yet: waiting for apikeyserv at \(socketPath)",
        headers: [.retryAfter: "1", .accessControlAllowOrigin: "*"])
    }
    return Response(
      status: answer.status, headers: answer.headers,
      body: answer.body.map { .init(byteBuffer: $0) } ?? .init())
  }

  /// What a GET or HEAD of `document` answers (the status, the headers, the body unless there is
  /// none), or nil while no key set is held. Shared by the router and `KeySetFastPath`, so both
  /// answer byte for byte alike.
  func answer(
    method: HTTPRequest.Method, headers request: HTTPFields, document: Document,
    contentType: String, negotiates: Bool
  ) -> (status: HTTPResponse.Status, headers: HTTPFields, body: ByteBuffer?)? {
    guard let set = cache.current else { return nil }
    var headers: HTTPFields = [
      .eTag: set.etag,
      .cacheControl: "public, max-age=\(maxAge)",
      .accessControlAllowOrigin: "*",
      .vary: "Accept",
    ]
    if Self.matches(request[values: .ifNoneMatch], etag: set.etag) {
      return (.notModified, headers, nil)
    }
    let accept = request[.accept] ?? ""
    headers[.contentType] =
      negotiates && accept.contains("application/jwk-set+json")
      ? "application/jwk-set+json" : contentType
    let body = document == .jwks ? set.jwks : set.revoked
    headers[.contentLength] = "\(body.readableBytes)"
    return (.ok, headers, method == .head ? nil : body)
  }

  /// 405 for methods other than GET, HEAD and OPTIONS.
  func methodNotAllowed() -> Response {
    JSONResponse.message(
      .methodNotAllowed, "only GET and HEAD are allowed here",
      headers: [.allow: Self.allowed, .accessControlAllowOrigin: "*"])
  }

  /// CORS preflight.
  func options() -> Response {
    Response(
      status: .noContent,
      headers: [
        .allow: Self.allowed, .accessControlAllowOrigin: "*",
        .accessControlAllowMethods: Self.allowed, .accessControlMaxAge: "86400",
      ])
  }

  /// RFC 9110 §13.1.2: `*`, or any listed tag equal to ours under weak comparison.
  static func matches(_ values: [String], etag: String) -> Bool {
    let ours = etag.hasPrefix("W/") ? String(etag.dropFirst(2)) : etag
    for value in values {
      for candidate in value.split(separator: ",") {
        var tag = candidate.trimmingCharacters(in: .whitespaces)
        if tag == "*" { return true }
        if tag.hasPrefix("W/") { tag.removeFirst(2) }
        if tag == ours { return true }
      }
    }
    return false
  }
}

extension KeySetEndpoint {
  /// The endpoint `configuration` describes (its max-age, the socket named in 503s).
  init(
    cache: KeySetCache, configuration: BridgeConfiguration,
    clock: @escaping @Sendable () -> Date = Date.init
  ) {
    self.init(
      cache: cache, maxAge: configuration.maxAge, socketPath: configuration.socketPath,
      clock: clock)
  }
}
