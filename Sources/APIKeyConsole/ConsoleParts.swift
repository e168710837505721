import Foundation
import Hummingbird

/// A posted form, or the page that refuses it.
enum Posted {
  case form(ConsoleForm)
  case refusal(Response)
}

/// What every page handler uses: the daemon, the pages, and the session checks of a form.
struct ConsoleParts: Sendable {
  let daemon: ConsoleDaemon
  let pages: ConsolePages
  let sessions: ConsoleSessions

  /// The posted form of `request`, when it carries the session's CSRF token; otherwise the page
  /// that refuses it (nothing changed).
  func posted(
    _ request: Request, _ context: ConsoleRequestContext
  ) async -> Posted {
    guard let session = context.session else { return .refusal(expired(context)) }
    guard let form = await ConsoleForm.read(request),
      sessions.checksCSRF(form.fields["csrf"], for: session)
    else { return .refusal(expired(context)) }
    return .form(form)
  }

  private func expired(_ context: ConsoleRequestContext) -> Response {
    pages.message(
      .forbidden, title: "Form refused",
      [
        "This form did not come from this console session (its CSRF token is missing or wrong), or it was too large. Nothing was changed.",
        "Go back, reload the page, and send the form again.",
      ], session: context.session)
  }

  /// The query's fields.
  static func query(_ request: Request) -> ConsoleForm {
    ConsoleForm(urlencoded: request.uri.query ?? "")
  }

  /// A page for `context`'s session.
  func render(
    _ name: String, _ values: [String: Any], nav: String? = nil,
    status: HTTPResponse.Status = .ok, _ context: ConsoleRequestContext
  ) -> Response {
    pages.render(name, values, nav: nav, status: status, session: context.session)
  }

  /// The page for a daemon that did not answer or refused.
  func problem(
    _ problem: ConsoleProblem, retry: String? = nil, _ context: ConsoleRequestContext
  ) -> Response {
    pages.problem(problem, retry: retry, session: context.session)
  }

  /// Messages shown after a change (`?done=`), fixed texts: nothing from the request is echoed.
  static let done: [String: String] = [
    "saved": "Saved.", "unchanged": "Nothing to save: no field was changed.",
    "revoked": "Revoked. The key is on the revocation list of the published key set.",
    "erased": "The key's personal data is erased; the key is revoked.",
    "generated": "A signing key was generated.", "added": "The signing key was added.",
    "rotated": "Rotated: the new key is published now and signs from the time shown.",
    "retired": "The signing key is retired.",
  ]

  /// `path` with `query`'s values of `names`, on `page` (nil: the first): a listing's page
  /// links. Values are percent-encoded in full (`+` too, which a form decodes as a space).
  static func link(_ path: String, _ query: ConsoleForm, names: [String], page: String?) -> String {
    var pairs = names.compactMap { name in query[name].map { (name, $0) } }
    if let page { pairs.append(("page", page)) }
    let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
    let text = pairs.map { name, value in
      "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
    }.joined(separator: "&")
    return text.isEmpty ? path : "\(path)?\(text)"
  }

  /// The flash text for `request`'s `done` parameter.
  static func flash(_ request: Request) -> String? {
    query(request)["done"].flatMap { done[$0] }
  }
}
