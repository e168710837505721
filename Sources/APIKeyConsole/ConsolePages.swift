import APIKeyCore
import Foundation
import GRPCCore
import HTTPTypes
import Hummingbird
import Mustache

/// Renders the console's pages (`ConsoleTemplates`) with what every page shows (the admin, the
/// socket, the session's CSRF token) and the headers such pages need: nothing cached (a page may
/// show a token or contact data), a Content-Security-Policy that allows only the console itself,
/// no framing, no referrer.
struct ConsolePages: Sendable {
  let library: MustacheLibrary
  let sessions: ConsoleSessions
  /// The admin the console runs as (every change is audited as this user).
  let user: String
  /// The admin socket.
  let socket: String

  /// The policy: the console's own style sheet and script, forms that post to it, nothing else.
  static let contentSecurityPolicy =
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

  init(sessions: ConsoleSessions, user: String, socket: String) {
    // '!' is fine: the templates are constants, and a unit test renders every one.
    library = MustacheLibrary(
      templates: ConsoleTemplates.all.mapValues { try! MustacheTemplate(string: $0) })
    self.sessions = sessions
    self.user = user
    self.socket = socket
  }

  /// Page `name` with `context`, for the session in `request`; `nav` marks the menu entry.
  func render(
    _ name: String, _ context: [String: Any], nav: String? = nil, status: HTTPResponse.Status = .ok,
    session: String?, headers extra: HTTPFields = [:]
  ) -> Response {
    var context = context
    context["user"] = user
    context["socket"] = socket
    if let session {
      context["signedIn"] = true
      context["csrf"] = sessions.csrfToken(for: session)
    }
    if let nav { context[nav] = true }
    return Self.html(
      library.render(context, withTemplate: name) ?? "", status: status, headers: extra)
  }

  /// A page that says what happened, in `paragraphs`; `detail` is the daemon's own words.
  func message(
    _ status: HTTPResponse.Status, title: String, _ paragraphs: [String], detail: String? = nil,
    retry: String? = nil, session: String?, headers: HTTPFields = [:]
  ) -> Response {
    var context: [String: Any] = ["title": title, "paragraphs": paragraphs]
    if let detail { context["detail"] = detail }
    if let retry { context["retry"] = retry }
    return render("message", context, status: status, session: session, headers: headers)
  }

  /// The page for a daemon that does not answer, or refused outright (a page, not a field).
  func problem(_ problem: ConsoleProblem, retry: String?, session: String?) -> Response {
    switch problem {
    case .unreachable(let words):
      return message(
        .serviceUnavailable, title: "The daemon is not answering",
        [
          "apikeyserv is stopped, restarting, or its admin socket is gone. Nothing was changed. The console keeps running: once the daemon is back, try again."
        ], detail: words, retry: retry, session: session, headers: [.retryAfter: "5"])
    case .refused(let code, _, _):
      let status: HTTPResponse.Status =
        switch code {
        case .notFound: .notFound
        case .permissionDenied: .forbidden
        case .failedPrecondition, .alreadyExists: .conflict
        case .resourceExhausted: .tooManyRequests
        default: .badRequest
        }
      return message(
        status, title: code == .notFound ? "Not found" : "Refused",
        [
          code == .notFound
            ? "The daemon has no such record." : "The daemon refused; nothing was changed."
        ],
        detail: problem.message, retry: retry, session: session)
    }
  }

  /// An HTML response with the console's headers.
  static func html(
    _ text: String, status: HTTPResponse.Status, headers extra: HTTPFields = [:]
  ) -> Response {
    var headers = extra
    headers[.contentType] = "text/html; charset=utf-8"
    secure(&headers)
    return Response(
      status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  /// The headers every answer carries.
  static func secure(_ headers: inout HTTPFields) {
    headers[.cacheControl] = "no-store"
    headers[.contentSecurityPolicy] = contentSecurityPolicy
    headers[.xContentTypeOptions] = "nosniff"
    headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
    headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
  }

  /// A 303 to `location` (post, redirect, get).
  static func redirect(_ location: String, headers extra: HTTPFields = [:]) -> Response {
    var headers = extra
    headers[.location] = location
    secure(&headers)
    return Response(status: .seeOther, headers: headers)
  }
}
