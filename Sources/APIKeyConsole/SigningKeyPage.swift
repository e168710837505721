import APIKeyCommandSupport
import APIKeyControl
import APIKeyRPC
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Hummingbird
import SwiftProtobuf

/// `/signing-keys`: each signing key's state (pending, current, active, retiring, retired);
/// rotate with a publish-ahead time, generate, add from a pasted or uploaded PEM, and retire
/// with a grace period, the impact (the API keys it would break, by organisation) shown before
/// the confirmation. The PEM is a secret: it goes to the daemon and nowhere else.
struct SigningKeyPage: Sendable {
  let parts: ConsoleParts

  func add(to router: Router<ConsoleRequestContext>) {
    router.get("/signing-keys") { request, context in
      await show(sent: [:], problem: nil, form: nil, flash: ConsoleParts.flash(request), context)
    }
    router.post("/signing-keys/rotate") { request, context in
      await change(request, context, form: "rotate") { form throws(ConsoleProblem) in
        let ahead = try Self.duration(form["publish_ahead"], field: "publish_ahead")
        return { admin in
          _ = try await admin.rotateSigningKey(
            .with { if let ahead { $0.publishAhead = ahead.protobufDuration } })
          return "rotated"
        }
      }
    }
    router.post("/signing-keys/generate") { request, context in
      await change(request, context, form: "generate") { form throws(ConsoleProblem) in
        let start = try Self.date(form["not_before"], field: "not_before")
        return { admin in
          _ = try await admin.generateSigningKey(.with { if let start { $0.notBefore = start } })
          return "generated"
        }
      }
    }
    router.post("/signing-keys/add") { request, context in
      await change(request, context, form: "add") { form throws(ConsoleProblem) in
        let start = try Self.date(form["not_before"], field: "not_before")
        guard let pem = form["private_key_pem"] ?? form["pem_file"] else {
          throw .refused(
            code: .invalidArgument, field: "private_key_pem",
            message: "paste a PEM or choose a file")
        }
        return { admin in
          _ = try await admin.addSigningKey(
            .with {
              $0.privateKeyPem = pem
              if let start { $0.notBefore = start }
            })
          return "added"
        }
      }
    }
    router.get("/signing-keys/:kid/retire") { request, context in
      await retire(kid: context.parameters.get("kid") ?? "", request, context, confirmed: false)
    }
    router.post("/signing-keys/:kid/retire") { request, context in
      await retire(kid: context.parameters.get("kid") ?? "", request, context, confirmed: true)
    }
  }

  // MARK: The page

  private func show(
    sent: [String: String], problem: ConsoleProblem?, form: String?, flash: String?,
    _ context: ConsoleRequestContext
  ) async -> Response {
    let listing: ([Apikeyserv_V1_SigningKey], UInt64)
    do {
      listing = try await parts.daemon.call { session in
        (
          try await session.admin.listSigningKeys(.init()).keys,
          try await session.publicKeys.listPublicKeys(.init()).revision
        )
      }
    } catch {
      return parts.problem(error, retry: "/signing-keys", context)
    }
    func fields(_ name: String, _ views: [FieldView]) -> [[String: Any]] {
      FieldView.contexts(views, problem: form == name ? problem : nil, nearestField: true)
    }
    let startHint = "Optional: publish now, sign from this time (2027-06-30T12:00:00Z); empty: now."
    var values: [String: Any] = [
      "title": "Signing keys", "revision": "\(listing.1)",
      "keys": listing.0.map { key -> [String: Any] in
        [
          "kid": key.kid, "state": ConsoleFormat.state(key.state),
          "created": ConsoleFormat.time(key.createdAt),
          "notBefore": ConsoleFormat.time(key.notBefore),
          "retired": key.hasLeavesAt
            ? "\(ConsoleFormat.time(key.retiringAt)), leaves \(ConsoleFormat.time(key.leavesAt))"
            : ConsoleFormat.time(key.retiredAt, isSet: key.hasRetiredAt, unset: ""),
          "retirable": key.state != .retired && key.state != .retiring,
        ]
      },
      "rotateFields": fields(
        "rotate",
        [
          FieldView(
            name: "publish_ahead", label: "Publish ahead", value: sent["publish_ahead"] ?? "",
            hint:
              "How long the new key is published before it signs (65m, 2h, 0 for at once); empty: 65 minutes, longer than the hourly refresh of the original's client."
          )
        ]),
      "generateFields": fields(
        "generate",
        [
          FieldView(
            name: "not_before", label: "Signs from", value: sent["not_before"] ?? "",
            hint: startHint)
        ]),
      "addFields": fields(
        "add",
        [
          FieldView(
            name: "private_key_pem", label: "PEM (PKCS#8, Ed25519, unencrypted)",
            kind: .textarea(rows: 4),
            hint:
              "As `openssl genpkey -algorithm ED25519` prints it. It is sent to the daemon only, and sealed there."
          ),
          FieldView(
            name: "not_before", label: "Signs from",
            value: form == "add" ? sent["not_before"] ?? "" : "",
            hint: startHint),
        ]),
    ]
    if let flash { values["flash"] = flash }
    return parts.render(
      "signing", values, nav: "navSigning", status: problem == nil ? .ok : .badRequest, context)
  }

  /// Posts form `name`: its fields checked by `prepare`, which gives the call; then back to
  /// the list, or the list with the refusal next to the field.
  private func change(
    _ request: Request, _ context: ConsoleRequestContext, form name: String,
    prepare: (ConsoleForm) throws(ConsoleProblem) ->
      @Sendable (
        Apikeyserv_V1_Admin.Client<HTTP2ClientTransport.Posix>
      ) async throws -> String
  ) async -> Response {
    let form: ConsoleForm
    switch await parts.posted(request, context) {
    case .form(let posted): form = posted
    case .refusal(let refusal): return refusal
    }
    // The PEM is never sent back to the page.
    var sent = form.fields
    sent["private_key_pem"] = nil
    sent["pem_file"] = nil
    do {
      let call = try prepare(form)
      let done = try await parts.daemon.admin(call)
      return ConsolePages.redirect("/signing-keys?done=\(done)")
    } catch .unreachable(let words) {
      return parts.problem(.unreachable(words), retry: "/signing-keys", context)
    } catch {
      return await show(sent: sent, problem: error, form: name, flash: nil, context)
    }
  }

  // MARK: Retiring

  private func retire(
    kid: String, _ request: Request, _ context: ConsoleRequestContext, confirmed: Bool
  ) async -> Response {
    let form: ConsoleForm
    if confirmed {
      switch await parts.posted(request, context) {
      case .form(let posted): form = posted
      case .refusal(let refusal): return refusal
      }
    } else {
      form = ConsoleParts.query(request)
    }
    let grace: DurationArgument?
    do {
      grace = try Self.duration(form["grace"], field: "grace")
    } catch {
      return parts.pages.message(
        .badRequest, title: "Not retired", ["Nothing was changed."], detail: error.message,
        retry: "/signing-keys", session: context.session)
    }
    let dryRun = !(confirmed && form["confirmed"] == "yes")
    let answer: Apikeyserv_V1_RetireKeyResponse
    do {
      answer = try await parts.daemon.admin { admin in
        try await admin.retireKey(
          .with {
            $0.kid = kid
            $0.dryRun = dryRun
            if let grace { $0.grace = grace.protobufDuration }
          })
      }
    } catch {
      return parts.problem(error, retry: "/signing-keys", context)
    }
    if !dryRun { return ConsolePages.redirect("/signing-keys?done=retired") }
    let impact = answer.impact
    var paragraphs = [
      impact.affectedKeys == 0
        ? "No API key depends on \(kid) alone: every key with a still-valid token from it holds another from a published key."
        : "Retiring \(kid) breaks \(impact.affectedKeys) API \(impact.affectedKeys == 1 ? "key" : "keys"): their still-valid tokens are all signed by it. Re-sign them first (apikeyctl keys resign --signed-by \(kid)), or give a grace period.",
      grace.map {
        "It stops signing at once and stays published for \(ConsoleFormat.duration(seconds: Int64($0.seconds))), then leaves the key set."
      } ?? "It stops signing and leaves the published key set at once.",
    ]
    paragraphs.append("This cannot be undone.")
    var values: [String: Any] = [
      "title": "Retire \(kid)?", "paragraphs": paragraphs,
      "action": "/signing-keys/\(kid)/retire", "back": "/signing-keys",
      "button": "Retire \(kid)", "buttonClass": "danger",
      "hidden": [["name": "grace", "value": form["grace"] ?? ""]],
    ]
    if impact.affectedKeys > 0 {
      values["impact"] = [
        "caption": "API keys that stop verifying, by organisation",
        "rows": impact.organisations.map {
          ["organisation": $0.organisation, "count": "\($0.affectedKeys)"]
        },
      ]
    }
    return parts.render("confirm", values, nav: "navSigning", context)
  }

  // MARK: Fields

  static func duration(_ text: String?, field: String) throws(ConsoleProblem) -> DurationArgument? {
    guard let text else { return nil }
    guard let duration = DurationArgument(argument: text) else {
      throw .refused(
        code: .invalidArgument, field: field,
        message: "\(text) is not a duration (65m, 2h, 7d, 0)")
    }
    return duration
  }

  static func date(
    _ text: String?, field: String
  ) throws(ConsoleProblem) -> Google_Protobuf_Timestamp? {
    guard let text else { return nil }
    guard let date = DateArgument(argument: text)?.date else {
      throw .refused(
        code: .invalidArgument, field: field,
        message: "\(text) is not a date (2027-06-30 or 2027-06-30T12:00:00Z)")
    }
    return Google_Protobuf_Timestamp(date: date)
  }
}
