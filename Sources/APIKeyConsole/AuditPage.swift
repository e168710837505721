import APIKeyControl
import APIKeyRPC
import Foundation
import Hummingbird
import SwiftProtobuf

/// `/audit`: the audit trail, newest first (or oldest first), 50 a page, filtered by action,
/// target and time, with the hash chain's verification at the top.
struct AuditPage: Sendable {
  let parts: ConsoleParts

  func add(to router: Router<ConsoleRequestContext>) {
    router.get("/audit") { request, context in await show(request, context) }
  }

  private func show(_ request: Request, _ context: ConsoleRequestContext) async -> Response {
    let query = ConsoleParts.query(request)
    let newestFirst = query["order"] != "oldest"
    var values: [String: Any] = [
      "title": "Audit trail", "action": query["action"] ?? "", "target": query["target"] ?? "",
      "since": query["since"] ?? "",
      "orders": [
        ["value": "newest", "text": "newest first", "selected": newestFirst],
        ["value": "oldest", "text": "oldest first", "selected": !newestFirst],
      ],
    ]
    var listing = Apikeyserv_V1_ListAuditEntriesRequest()
    listing.pageSize = 50
    listing.newestFirst = newestFirst
    listing.pageToken = query["page"] ?? ""
    listing.action = query["action"] ?? ""
    listing.target = query["target"] ?? ""
    if let since = query["since"] {
      guard let date = Self.since(since) else {
        values["fieldError"] = "Since: \(since) is neither a date (2027-06-30) nor a time ago (7d)."
        values["chain"] = "Not checked."
        values["chainClass"] = "notice"
        return parts.render("audit", values, nav: "navAudit", status: .badRequest, context)
      }
      listing.since = Google_Protobuf_Timestamp(date: date)
    }
    let request = listing
    let answer: (Apikeyserv_V1_ListAuditEntriesResponse, Apikeyserv_V1_VerifyAuditTrailResponse)
    do {
      answer = try await parts.daemon.admin { admin in
        (try await admin.listAuditEntries(request), try await admin.verifyAuditTrail(.init()))
      }
    } catch {
      return parts.problem(error, retry: "/audit", context)
    }
    let (page, chain) = answer
    if chain.intact && chain.stateProblems.isEmpty {
      values["chain"] =
        "The hash chain is intact: \(chain.entriesChecked) entries checked, head \(chain.headHash.prefix(16))…"
      values["chainClass"] = "notice"
    } else {
      values["chain"] =
        chain.intact
        ? "The chain is intact, but the sealed state disagrees with it: \(chain.stateProblems.joined(separator: "; "))"
        : "The hash chain is BROKEN at entry \(chain.firstBrokenSeq): \(chain.problem)"
      values["chainClass"] = "alert"
    }
    values["entries"] = page.entries.map { entry -> [String: Any] in
      var row: [String: Any] = [
        "seq": "\(entry.seq)", "at": ConsoleFormat.time(entry.at), "action": entry.action,
        "target": entry.target, "outcome": entry.outcome, "caller": entry.caller,
      ]
      if !entry.target.isEmpty, entry.target.allSatisfy(\.isNumber) {
        row["link"] = "/keys/\(entry.target)"
      } else if entry.action.contains("signing_key") {
        row["link"] = "/signing-keys"
      }
      return row
    }
    if !page.nextPageToken.isEmpty {
      values["next"] = ConsoleParts.link(
        "/audit", query, names: ["action", "target", "since", "order"], page: page.nextPageToken)
    }
    if !listing.pageToken.isEmpty {
      values["first"] = ConsoleParts.link(
        "/audit", query, names: ["action", "target", "since", "order"], page: nil)
    }
    return parts.render("audit", values, nav: "navAudit", context)
  }

  /// A date, or a duration ago.
  static func since(_ text: String) -> Date? {
    if let date = DateArgument(argument: text)?.date { return date }
    return ExpiryArgument(argument: text).map { Date() - $0.date.timeIntervalSinceNow }
  }
}
