import APIKeyRPC
import Foundation
import GRPCCore
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Mustache
import SwiftProtobuf
import Testing

@testable import APIKeyConsole

/// The console's pieces that need no daemon: forms, addresses, refusals, templates.
@Suite("Console pieces")
struct ConsolePiecesTests {
  @Test("A urlencoded form decodes + and percent escapes; the first of a repeated name counts")
  func urlencoded() {
    let form = ConsoleForm(urlencoded: "q=a%2Bb%40example.org&name=two+words&name=later&empty=")
    #expect(form["q"] == "a+b@example.org")
    #expect(form["name"] == "two words")
    #expect(form["empty"] == nil && form["missing"] == nil)
    // A page link keeps the values exactly (a + stays a +).
    let link = ConsoleParts.link("/keys", form, names: ["q", "name"], page: "k1:2")
    #expect(link == "/keys?q=a%2Bb%40example.org&name=two%20words&page=k1%3A2")
    #expect(
      ConsoleForm(urlencoded: String(link.split(separator: "?")[1]))["q"] == "a+b@example.org")
  }

  @Test("A multipart form gives its fields and an uploaded file's text; a malformed one is nil")
  func multipart() {
    let pem =
      "-----BEGIN PRIVATE KEY-----\r\nMC4CAQAwBQYDK2VwBCIEIA==\r\n-----END PRIVATE KEY-----\r\n"
    let body = Array(
      """
      --XyZ\r
      Content-Disposition: form-data; name="csrf"\r
      \r
      token-1\r
      --XyZ\r
      Content-Disposition: form-data; name="pem_file"; filename="k.pem"\r
      Content-Type: application/x-pem-file\r
      \r
      \(pem)\r
      --XyZ--\r

      """.utf8)
    let form = ConsoleForm.multipart(body, boundary: "XyZ")
    #expect(form?["csrf"] == "token-1")
    #expect(form?.fields["pem_file"] == pem)
    #expect(ConsoleForm.multipart(Array("no parts here".utf8), boundary: "XyZ") == nil)
    #expect(
      ConsoleForm.parameter("boundary", of: "multipart/form-data; boundary=\"a b\"") == "a b")
  }

  @Test("--listen takes loopback addresses and unix:PATH, and nothing on the network")
  func addresses() {
    #expect(ConsoleAddress("127.0.0.1:8080") == .tcp(host: "127.0.0.1", port: 8080))
    #expect(ConsoleAddress("[::1]:0") == .tcp(host: "::1", port: 0))
    #expect(ConsoleAddress("8080") == .tcp(host: "127.0.0.1", port: 8080))
    #expect(ConsoleAddress("unix:/run/c.sock") == .unix(path: "/run/c.sock"))
    for bad in ["0.0.0.0:8080", "192.168.1.2:80", "example.org:80", "127.0.0.1:70000", "unix:", ""]
    {
      #expect(ConsoleAddress(bad) == nil, "\(bad)")
    }
  }

  @Test("A daemon's INVALID_ARGUMENT names its field; the form's name for it; other codes none")
  func refusals() {
    let invalid = ConsoleProblem(
      RPCError(code: .invalidArgument, message: "email: Enter a valid email address."))
    guard case .refused(_, let field, let message) = invalid else {
      Issue.record("not a refusal")
      return
    }
    #expect(field == "email" && message == "Enter a valid email address.")
    guard
      case .refused(_, let mapped, _) = KeyFields.mapped(
        ConsoleProblem(RPCError(code: .invalidArgument, message: "set_tags.team: too long")))
    else {
      Issue.record("not a refusal")
      return
    }
    #expect(mapped == "tags")
    if case .refused(_, let none, _) = ConsoleProblem(
      RPCError(code: .failedPrecondition, message: "key 5: revoked at 2027-01-01T00:00:00Z"))
    {
      #expect(none == nil)
    }
    if case .unreachable = ConsoleProblem(RPCError(code: .unavailable, message: "gone")) {
    } else {
      Issue.record("unavailable is not unreachable")
    }
  }

  @Test("An edit sends only what changed; an unchanged form sends nothing")
  func change() throws {
    let key = Apikeyserv_V1_KeyRecord.with {
      $0.id = 7
      $0.email = "a@example.org"
      $0.organisation = "A"
      $0.tags = ["team": "geo", "env": "prod"]
    }
    var values = KeyFields.values(of: key)
    #expect(try KeyPage.change(of: key, to: ConsoleForm(fields: values)) == nil)
    values["organisation"] = "B"
    values["tags"] = "team=geo, owner=ann"
    values["expires"] = "2030-01-01"
    let request = try #require(try KeyPage.change(of: key, to: ConsoleForm(fields: values)))
    #expect(request.organisation == "B" && !request.hasEmail && !request.hasName)
    #expect(request.setTags == ["owner": "ann"] && request.removeTags == ["env"])
    #expect(request.expiresAt.date == ISO8601DateFormatter().date(from: "2030-01-01T00:00:00Z"))
    // Fields not sent stay as they are; a field sent empty is cleared.
    let partial = try #require(
      try KeyPage.change(of: key, to: ConsoleForm(fields: ["organisation": "C", "name": ""])))
    #expect(partial.organisation == "C" && !partial.hasEmail && partial.removeTags.isEmpty)
    #expect(!partial.hasName, "an empty name that was empty is no change")
    values["expires"] = "soonish"
    #expect(throws: ConsoleProblem.self) {
      try KeyPage.change(of: key, to: ConsoleForm(fields: values))
    }
  }

  @Test("Every template renders; what the owner typed is escaped")
  func templates() {
    let pages = ConsolePages(sessions: ConsoleSessions(), user: "ann", socket: "/run/a.sock")
    for name in ConsoleTemplates.all.keys where !["head", "foot", "field"].contains(name) {
      let response = pages.render(name, ["title": "T"], session: nil)
      #expect(response.status == .ok, "\(name)")
    }
    let hostile = "<script>alert(1)</script>"
    let html =
      pages.library.render(
        [
          "title": "Keys",
          "rows": [["id": "1", "organisation": hostile, "email": "e", "name": "n"]],
        ], withTemplate: "keys") ?? ""
    #expect(!html.contains(hostile) && html.contains("&lt;script&gt;"))
    let token = pages.render("keys", ["title": "Keys"], session: "s1")
    #expect(token.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'none'") == true)
    #expect(token.headers[.cacheControl] == "no-store")
  }
}
