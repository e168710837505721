import APIKeyRPC
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Hummingbird
import SwiftProtobuf

/// `GET /keys`: the keys, searched (e-mail, organisation, contact, name or id), filtered
/// (active, revoked, expired, expiring within N days, not sent, unused for N days, signed by a
/// kid), newest first or soonest expiry first, 50 a page. Each page is one indexed range read
/// (ListKeys' keyset paging), never an offset.
struct KeyListPage: Sendable {
  let parts: ConsoleParts

  static let pageSize: UInt32 = 50
  /// The query's names a page link keeps.
  static let linked = ["q", "show", "days", "kid", "order"]

  /// The "Show" choices: value, words.
  static let shows: [(String, String)] = [
    ("all", "all keys"), ("active", "active"), ("expiring", "expiring within N days"),
    ("expired", "expired"), ("revoked", "revoked"), ("unsent", "not sent"),
    ("unused", "unused for N days"),
  ]

  func add(to router: Router<ConsoleRequestContext>) {
    router.get("/") { _, _ in ConsolePages.redirect("/keys") }
    router.get("/keys") { request, context in await show(request, context) }
  }

  private func show(_ request: Request, _ context: ConsoleRequestContext) async -> Response {
    let query = ConsoleParts.query(request)
    let show = query["show"].flatMap { value in Self.shows.first { $0.0 == value }?.0 } ?? "all"
    let order = query["order"] == "expiry" ? "expiry" : "newest"
    var values: [String: Any] = [
      "title": "Keys", "q": query["q"] ?? "", "days": query["days"] ?? "",
      "shows": Self.shows.map { ["value": $0.0, "text": $0.1, "selected": $0.0 == show] },
      "orders": [
        ["value": "newest", "text": "newest first", "selected": order == "newest"],
        ["value": "expiry", "text": "soonest expiry first", "selected": order == "expiry"],
      ],
    ]
    var listing = Apikeyserv_V1_ListKeysRequest()
    listing.pageSize = Self.pageSize
    listing.pageToken = query["page"] ?? ""
    listing.search = query["q"] ?? ""
    listing.signedBy = query["kid"] ?? ""
    listing.order = order == "expiry" ? .expiry : .newest
    if let problem = Self.apply(show, days: query["days"], to: &listing) {
      values["fieldError"] = problem
      return parts.render("keys", values, nav: "navKeys", status: .badRequest, context)
    }
    let request = listing
    let answer: (Apikeyserv_V1_ListKeysResponse, Apikeyserv_V1_ListSigningKeysResponse)
    do {
      answer = try await parts.daemon.admin { admin in
        (try await Self.keys(request, admin: admin), try await admin.listSigningKeys(.init()))
      }
    } catch .refused(_, let field?, let message)
      where ["search", "page_token", "signed_by"].contains(field)
    {
      values["fieldError"] =
        "\(field == "search" ? "Search" : field == "signed_by" ? "Signed by" : "Page"): \(message)"
      return parts.render("keys", values, nav: "navKeys", status: .badRequest, context)
    } catch {
      return parts.problem(error, retry: "/keys", context)
    }
    let (page, signing) = answer
    let now = Date()
    values["rows"] = page.keys.map { key -> [String: Any] in
      let (state, words) = ConsoleFormat.state(key, now: now)
      return [
        "id": "\(key.id)", "organisation": key.organisation, "email": key.email, "name": key.name,
        "created": ConsoleFormat.time(key.createdAt),
        "expires": ConsoleFormat.time(key.expiresAt, isSet: key.hasExpiresAt, unset: "never"),
        "state": state, "stateText": words,
      ]
    }
    values["kids"] = signing.keys.map { ["value": $0.kid, "selected": $0.kid == listing.signedBy] }
    values["summary"] =
      page.keys.isEmpty
      ? "No key matches."
      : "\(page.keys.count) keys on this page\(page.nextPageToken.isEmpty ? "" : "; more on the next")."
    if !page.nextPageToken.isEmpty {
      values["next"] = ConsoleParts.link(
        "/keys", query, names: Self.linked, page: page.nextPageToken)
    }
    if !listing.pageToken.isEmpty {
      values["first"] = ConsoleParts.link("/keys", query, names: Self.linked, page: nil)
    }
    return parts.render("keys", values, nav: "navKeys", context)
  }

  /// The page of `request`. A search that is a whole e-mail address or id is looked up first
  /// (the address by its index, the id directly), so finding one key costs the same at a
  /// million keys as at ten; the text search (a scan when few keys match) only when that finds
  /// nothing.
  static func keys(
    _ request: Apikeyserv_V1_ListKeysRequest,
    admin: Apikeyserv_V1_Admin.Client<HTTP2ClientTransport.Posix>
  ) async throws -> Apikeyserv_V1_ListKeysResponse {
    let text = request.search
    if request.pageToken.isEmpty, !text.isEmpty, !text.contains(where: \.isWhitespace) {
      if text.filter({ $0 == "@" }).count == 1 {
        var exact = request
        exact.search = ""
        exact.email = text
        let page = try await admin.listKeys(exact)
        if !page.keys.isEmpty { return page }
      } else if let id = UInt64(text), id > 0, Self.unfiltered(request) {
        do {
          let key = try await admin.getKey(.with { $0.id = id }).key
          return .with { $0.keys = [key] }
        } catch let error as RPCError where error.code == .notFound {}
      }
    }
    return try await admin.listKeys(request)
  }

  /// Whether `request` filters by nothing but its search.
  static func unfiltered(_ request: Apikeyserv_V1_ListKeysRequest) -> Bool {
    var bare = Apikeyserv_V1_ListKeysRequest()
    bare.pageSize = request.pageSize
    bare.search = request.search
    bare.order = request.order
    return request == bare
  }

  /// Sets the filters of `show`; a problem with `days` in words, or nil.
  static func apply(
    _ show: String, days text: String?, to request: inout Apikeyserv_V1_ListKeysRequest
  ) -> String? {
    let days: Int?
    if let text {
      guard let number = Int(text), (1 ... 3650).contains(number) else {
        return "Days: a whole number from 1 to 3650."
      }
      days = number
    } else {
      days = nil
    }
    let now = Date()
    switch show {
    case "active":
      request.revoked = false
      request.expired = false
    case "revoked": request.revoked = true
    case "expired": request.expired = true
    case "expiring":
      request.revoked = false
      request.expiringBefore = Google_Protobuf_Timestamp(date: now + Double(days ?? 30) * 86400)
    case "unsent": request.sent = false
    case "unused":
      request.unusedSince = Google_Protobuf_Timestamp(date: now - Double(days ?? 90) * 86400)
    default: break
    }
    return nil
  }
}
