import APIKeyCore
import APIKeyCrypto
import APIKeyRPC
import Foundation
import Hummingbird
import SwiftProtobuf

/// `/issue`: the form of `apikeyctl issue` (the same fields, the daemon's same rules), and the
/// token shown once. The form carries a request id, so sending it twice (a reload, a double
/// click) answers the same key instead of making a second.
struct IssuePage: Sendable {
  let parts: ConsoleParts

  static let expiryHint =
    "A date (2027-06-30) or a time from now (30d, 1y), or never; empty: one year from now."

  func add(to router: Router<ConsoleRequestContext>) {
    router.get("/issue") { _, context in form([:], problem: nil, context) }
    router.post("/issue") { request, context in await issue(request, context) }
  }

  private func form(
    _ values: [String: String], problem: ConsoleProblem?, _ context: ConsoleRequestContext
  ) -> Response {
    let views = KeyFields.views(values, expiryHint: Self.expiryHint, withSent: false)
    let problem = KeyFields.mapped(problem)
    var page: [String: Any] = [
      "title": problem == nil ? "Issue a key" : "Error: issue a key",
      "requestID": values["request_id"] ?? Base64URL.encode(SecureRandom.bytes(18)),
      "fields": FieldView.contexts(views, problem: problem),
    ]
    if let words = FieldView.unplaced(problem, in: views) { page["problem"] = words }
    return parts.render(
      "issue", page, nav: "navIssue", status: problem == nil ? .ok : .badRequest, context)
  }

  private func issue(_ request: Request, _ context: ConsoleRequestContext) async -> Response {
    let form: ConsoleForm
    switch await parts.posted(request, context) {
    case .form(let posted): form = posted
    case .refusal(let refusal): return refusal
    }
    let answer: Apikeyserv_V1_IssueKeyResponse
    do {
      let issue = try Self.request(form)
      answer = try await parts.daemon.admin { admin in try await admin.issueKey(issue) }
    } catch .unreachable(let words) {
      return parts.problem(.unreachable(words), retry: "/issue", context)
    } catch {
      return self.form(form.fields, problem: error, context)
    }
    return TokenView.render(
      parts,
      title: answer.replayed
        ? "Key \(answer.key.id), issued before" : "Key \(answer.key.id) issued",
      intro: answer.replayed
        ? "This form was sent before: this is the key it made then, with its token."
        : "The key is made; this is its token.",
      key: answer.key, token: answer.token, kid: answer.kid, context)
  }

  /// The IssueKey request of the form; a problem names its field.
  static func request(_ form: ConsoleForm) throws(ConsoleProblem) -> Apikeyserv_V1_IssueKeyRequest {
    var request = Apikeyserv_V1_IssueKeyRequest()
    request.email = form["email"] ?? ""
    request.contactName = form["contact_name"] ?? ""
    request.email2 = form["email_2"] ?? ""
    request.contactName2 = form["contact_name_2"] ?? ""
    request.organisation = form["organisation"] ?? ""
    request.department = form["department"] ?? ""
    request.name = form["name"] ?? ""
    request.requestID = form["request_id"] ?? ""
    request.tags = try KeyFields.parseTags(form["tags"])
    switch try KeyFields.parseExpiry(form["expires"]) {
    case .at(let date): request.expiresAt = Google_Protobuf_Timestamp(date: date)
    case .never: request.noExpiry = true
    case nil: break
    }
    return request
  }
}
