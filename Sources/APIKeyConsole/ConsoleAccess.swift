import Foundation
import HTTPTypes
import Hummingbird

/// The console's door: `/enter/<secret>` spends the single-use secret and sets the session
/// cookie; the style sheet and script are served to anyone; every other request needs a live
/// session, or gets a page that says how to get a new link (and nothing else).
struct ConsoleAccess: RouterMiddleware {
  typealias Context = ConsoleRequestContext

  static let cookie = "apikey_console"

  let sessions: ConsoleSessions
  let pages: ConsolePages

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    let path = request.uri.path
    if path == "/console.css" || path == "/console.js" { return Self.asset(path) }
    if path.hasPrefix("/enter/") { return enter(String(path.dropFirst("/enter/".count))) }
    let token = request.cookies[Self.cookie]?.value
    guard let token, sessions.isLive(token) else {
      return pages.message(
        .unauthorized, title: "No console session",
        [
          "This browser has no console session, or it has ended.",
          "Get a new link where the console runs: press Enter in the terminal where apikeyctl console runs (or start it again), then open the link it prints.",
        ], session: nil)
    }
    var context = context
    context.session = token
    return try await next(request, context)
  }

  private func enter(_ secret: String) -> Response {
    guard let session = sessions.enter(secret) else {
      return pages.message(
        .forbidden, title: "This link does not work",
        [
          "A console link works once, and only the newest one printed. This one was used already, replaced, or is wrong.",
          "Get a new link where the console runs: press Enter in the terminal where apikeyctl console runs (or start it again).",
        ], session: nil)
    }
    // The secret leaves the address bar at once: a clean URL, and the cookie from here on.
    return ConsolePages.redirect("/keys", headers: [.setCookie: sessions.cookie(session)])
  }

  private static func asset(_ path: String) -> Response {
    let (text, type) =
      path == "/console.css"
      ? (ConsoleAssets.css, "text/css; charset=utf-8")
      : (ConsoleAssets.js, "text/javascript; charset=utf-8")
    var headers: HTTPFields = [.contentType: type]
    ConsolePages.secure(&headers)
    return Response(
      status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
  }
}
