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
    guard let set = cache.current else {
      return JSONResponse.message(
        .serviceUnavailable, "no key set yet: waiting for apikeyserv at \(socketPath)",
        headers: [.retryAfter: "1", .accessControlAllowOrigin: "*"])
    }
    var headers: HTTPFields = [
      .eTag: set.etag,
      .cacheControl: "public, max-age=\(maxAge)",
      .accessControlAllowOrigin: "*",
      .vary: "Accept",
    ]
    if Self.matches(request.headers[values: .ifNoneMatch], etag: set.etag) {
      return Response(status: .notModified, headers: headers)
    }
    let accept = request.headers[.accept] ?? ""
    headers[.contentType] =
      negotiates && accept.contains("application/jwk-set+json")
      ? "application/jwk-set+json" : contentType
    let body = document == .jwks ? set.jwks : set.revoked
    headers[.contentLength] = "\(body.readableBytes)"
    if request.method == .head {
      return Response(status: .ok, headers: headers)
    }
    return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
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
