import APIKeyControl
import APIKeyRPC
import Foundation
import GRPCCore
import Hummingbird
import SwiftProtobuf

/// `/keys/<id>`: one key, its owner record (editable), expiry, tokens and their signing keys,
/// use, reminders and history; re-sign, renew, revoke and erase. Every change is a POST with
/// the session's CSRF token; revoking and erasing ask first. A refusal is shown next to the
/// field it names, with the daemon's words, the form as it was sent.
struct KeyPage: Sendable {
  let parts: ConsoleParts

  func add(to router: Router<ConsoleRequestContext>) {
    router.get("/keys/:id") { request, context in
      guard let id = Self.id(context) else { return notFound(context) }
      return await show(id, form: nil, problem: nil, flash: ConsoleParts.flash(request), context)
    }
    router.post("/keys/:id") { request, context in
      guard let id = Self.id(context) else { return notFound(context) }
      return await update(id, request, context)
    }
    router.post("/keys/:id/resign") { request, context in
      guard let id = Self.id(context) else { return notFound(context) }
      return await token(id, request, context, renew: false)
    }
    router.post("/keys/:id/renew") { request, context in
      guard let id = Self.id(context) else { return notFound(context) }
      return await token(id, request, context, renew: true)
    }
    for action in KeyAction.allCases {
      router.get("/keys/:id/\(action.rawValue)") { _, context in
        guard let id = Self.id(context) else { return notFound(context) }
        return confirm(action, id: id, reason: "", problem: nil, context)
      }
      router.post("/keys/:id/\(action.rawValue)") { request, context in
        guard let id = Self.id(context) else { return notFound(context) }
        return await perform(action, id: id, request, context)
      }
    }
  }

  static func id(_ context: ConsoleRequestContext) -> UInt64? {
    context.parameters.get("id").flatMap(UInt64.init)
  }

  private func notFound(_ context: ConsoleRequestContext) -> Response {
    parts.pages.message(
      .notFound, title: "No such key", ["A key id is a number: see the list of keys."],
      session: context.session)
  }

  // MARK: The page

  private struct Facts: Sendable {
    var key: Apikeyserv_V1_GetKeyResponse
    var signing: [String: String]
    var history: [Apikeyserv_V1_AuditEntry]
    var reminders: [Apikeyserv_V1_ExpiryReminder]
  }

  private func show(
    _ id: UInt64, form: [String: String]?, problem: ConsoleProblem?, flash: String?,
    _ context: ConsoleRequestContext
  ) async -> Response {
    let facts: Facts
    do {
      facts = try await parts.daemon.admin { admin in
        let key = try await admin.getKey(.with { $0.id = id })
        let signing = try await admin.listSigningKeys(.init()).keys
        // The newest 50 entries of the key's history: from the end of the trail backwards.
        let history = try await admin.listAuditEntries(
          .with {
            $0.target = "\(id)"
            $0.pageSize = 50
            $0.newestFirst = true
          }
        ).entries
        let reminders = try await admin.listReminders(.with { $0.ids = [id] }).reminders
        return Facts(
          key: key,
          signing: Dictionary(
            signing.map { ($0.kid, ConsoleFormat.state($0.state)) }, uniquingKeysWith: { a, _ in a }
          ),
          history: history, reminders: reminders)
      }
    } catch {
      return parts.problem(error, retry: "/keys/\(id)", context)
    }
    let key = facts.key.key
    let (state, words) = ConsoleFormat.state(key)
    let usage = facts.key.usage
    var values: [String: Any] = [
      "title": "Key \(id)", "id": "\(id)", "name": key.name, "state": state, "stateText": words,
      "created": ConsoleFormat.time(key.createdAt), "origin": facts.key.origin,
      "modified": ConsoleFormat.time(key.modifiedAt),
      "expires": ConsoleFormat.time(key.expiresAt, isSet: key.hasExpiresAt, unset: "never"),
      "tagsText": key.tags.isEmpty ? "none" : KeyFields.tags(key.tags),
      "lastUse": ConsoleFormat.time(
        usage.lastUsedAt, isSet: usage.hasLastUsedAt, unset: "never reported"),
      "used7": "\(usage.accepted7D)", "used30": "\(usage.accepted30D)",
      "rejected30": "\(usage.rejected30D)",
      "seenBy": usage.verifiers.isEmpty
        ? "no verifier reported it" : usage.verifiers.map(\.name).joined(separator: ", "),
      "tokens": facts.key.tokens.map { token -> [String: Any] in
        [
          "issued": ConsoleFormat.time(token.issuedAt), "kid": token.kid,
          "kidState": facts.signing[token.kid] ?? "unknown",
          "expires": ConsoleFormat.time(token.expiresAt, isSet: token.hasExpiresAt, unset: "never"),
        ]
      },
      "history": facts.history.map { entry -> [String: Any] in
        [
          "at": ConsoleFormat.time(entry.at), "action": entry.action, "outcome": entry.outcome,
          "caller": entry.caller,
        ]
      },
      "hasReminders": !facts.reminders.isEmpty,
      "reminders": facts.reminders.map {
        "\(ConsoleFormat.duration(seconds: Int64($0.thresholdSeconds))) before \(ConsoleFormat.time($0.expiresAt)): \($0.stateText)"
      },
    ]
    if key.hasRevokedAt {
      values["revoked"] = ConsoleFormat.time(key.revokedAt)
      if !key.reason.isEmpty { values["reason"] = key.reason }
    }
    var unplaced = problem?.message
    if key.hasErasedAt {
      values["erased"] = ConsoleFormat.time(key.erasedAt)
    } else {
      values["editable"] = true
      let views = KeyFields.views(
        form ?? KeyFields.values(of: key),
        expiryHint:
          "A date (2027-06-30) or a time from now (30d, 1y), or never. The tokens carry their own expiry: re-sign to hand out the new one.",
        withSent: true)
      let mapped = KeyFields.mapped(problem)
      values["fields"] = FieldView.contexts(views, problem: mapped)
      unplaced = FieldView.unplaced(mapped, in: views)
    }
    if !key.hasRevokedAt { values["active"] = true }
    if !key.hasRevokedAt, key.hasExpiresAt { values["renewable"] = true }
    if let flash { values["flash"] = flash }
    if let unplaced { values["problem"] = unplaced }
    return parts.render(
      "key", values, nav: "navKeys", status: problem == nil ? .ok : .badRequest, context)
  }

  // MARK: Changes

  private func update(
    _ id: UInt64, _ request: Request, _ context: ConsoleRequestContext
  ) async -> Response {
    let form: ConsoleForm
    switch await parts.posted(request, context) {
    case .form(let posted): form = posted
    case .refusal(let refusal): return refusal
    }
    let sent = form.fields
    do {
      // One connection: the record as it is now, and the change from it.
      let done = try await parts.daemon.admin { admin in
        let current = try await admin.getKey(.with { $0.id = id }).key
        guard let change = try Self.change(of: current, to: form) else { return "unchanged" }
        _ = try await admin.updateKey(change)
        return "saved"
      }
      return ConsolePages.redirect("/keys/\(id)?done=\(done)")
    } catch .refused(let code, let field, let message)
      where code == .invalidArgument || field != nil
    {
      return await show(
        id, form: sent, problem: .refused(code: code, field: field, message: message), flash: nil,
        context)
    } catch {
      return parts.problem(error, retry: "/keys/\(id)", context)
    }
  }

  /// The UpdateKey request of what the form changes in `key`; nil when it changes nothing.
  static func change(
    of key: Apikeyserv_V1_KeyRecord, to form: ConsoleForm
  ) throws(ConsoleProblem) -> Apikeyserv_V1_UpdateKeyRequest? {
    var request = Apikeyserv_V1_UpdateKeyRequest()
    request.id = key.id
    var changed = false
    let current = KeyFields.values(of: key)
    // A field the form did not send is left as it is; one sent empty is cleared.
    func text(_ name: String, _ set: (inout Apikeyserv_V1_UpdateKeyRequest, String) -> Void) {
      guard form.fields[name] != nil else { return }
      let value = form[name] ?? ""
      if value != current[name] {
        set(&request, value)
        changed = true
      }
    }
    text("email") { $0.email = $1 }
    text("contact_name") { $0.contactName = $1 }
    text("email_2") { $0.email2 = $1 }
    text("contact_name_2") { $0.contactName2 = $1 }
    text("organisation") { $0.organisation = $1 }
    text("department") { $0.department = $1 }
    text("name") { $0.name = $1 }
    let tags = form.fields["tags"] == nil ? key.tags : try KeyFields.parseTags(form["tags"])
    if tags != key.tags {
      request.setTags = tags.filter { key.tags[$0.key] != $0.value }
      request.removeTags = key.tags.keys.filter { tags[$0] == nil }.sorted()
      changed = true
    }
    if form.fields["expires"] != nil, form["expires"] != current["expires"] {
      switch try KeyFields.parseExpiry(form["expires"]) {
      case .at(let date):
        request.expiresAt = Google_Protobuf_Timestamp(date: date)
        changed = true
      case .never:
        request.noExpiry = true
        changed = true
      case nil: break
      }
    }
    if let sent = form["sent"], sent != current["sent"] {
      request.sent = sent == "yes"
      changed = true
    }
    return changed ? request : nil
  }

  /// Re-signs or renews key `id` and shows the token once.
  private func token(
    _ id: UInt64, _ request: Request, _ context: ConsoleRequestContext, renew: Bool
  ) async -> Response {
    if case .refusal(let refusal) = await parts.posted(request, context) { return refusal }
    let answer: Apikeyserv_V1_ResignKeyResponse
    do {
      answer = try await parts.daemon.admin { admin in
        renew
          ? try await admin.renewKey(.with { $0.id = id })
          : try await admin.resignKey(.with { $0.id = id })
      }
    } catch {
      return parts.problem(error, retry: "/keys/\(id)", context)
    }
    return TokenView.render(
      parts, title: renew ? "Key \(id) renewed" : "Key \(id) re-signed",
      intro: renew
        ? "The key's expiry moved; this fresh token carries it. Its older tokens keep working until they expire."
        : "A fresh token for the same key, signed by the current signing key. Its older tokens keep working until they expire.",
      key: answer.key, token: answer.token, kid: answer.kid, context)
  }

  // MARK: Revoke and erase

  private func confirm(
    _ action: KeyAction, id: UInt64, reason: String, problem: ConsoleProblem?,
    _ context: ConsoleRequestContext
  ) -> Response {
    var fields: [FieldView] = []
    if action == .revoke {
      fields.append(
        FieldView(
          name: "reason", label: "Reason", value: reason,
          hint: "Recorded in the audit trail (no contact data: addresses are taken out)."))
    }
    var values: [String: Any] = [
      "title": action == .revoke ? "Revoke key \(id)?" : "Erase key \(id)'s personal data?",
      "paragraphs": action.warning(id),
      "action": "/keys/\(id)/\(action.rawValue)", "back": "/keys/\(id)",
      "button": action == .revoke ? "Revoke key \(id) for good" : "Erase for good",
      "buttonClass": "danger", "fields": FieldView.contexts(fields, problem: problem),
    ]
    if let words = FieldView.unplaced(problem, in: fields) { values["problem"] = words }
    return parts.render(
      "confirm", values, nav: "navKeys", status: problem == nil ? .ok : .badRequest, context)
  }

  private func perform(
    _ action: KeyAction, id: UInt64, _ request: Request, _ context: ConsoleRequestContext
  ) async -> Response {
    let form: ConsoleForm
    switch await parts.posted(request, context) {
    case .form(let posted): form = posted
    case .refusal(let refusal): return refusal
    }
    let reason = form["reason"] ?? ""
    guard form["confirmed"] == "yes" else {
      return confirm(action, id: id, reason: reason, problem: nil, context)
    }
    do {
      switch action {
      case .revoke:
        _ = try await parts.daemon.admin { admin in
          try await admin.revokeKey(
            .with {
              $0.id = id
              $0.reason = reason
            })
        }
      case .erase:
        _ = try await parts.daemon.admin { admin in try await admin.eraseKey(.with { $0.id = id }) }
      }
    } catch .refused(let code, "reason", let message) {
      return confirm(
        action, id: id, reason: reason,
        problem: .refused(code: code, field: "reason", message: message), context)
    } catch {
      return parts.problem(error, retry: "/keys/\(id)", context)
    }
    return ConsolePages.redirect("/keys/\(id)?done=\(action == .revoke ? "revoked" : "erased")")
  }
}

/// The destructive actions on a key, each asked first.
enum KeyAction: String, CaseIterable, Sendable {
  case revoke, erase

  func warning(_ id: UInt64) -> [String] {
    switch self {
    case .revoke:
      [
        "Key \(id) goes on the revocation list at once. Verifiers that read the list refuse its tokens; the original's Python middleware does not read it, and keeps accepting them until they expire.",
        "This cannot be undone: a revoked key is never re-signed. Issue a new key for its owner.",
      ]
    case .erase:
      [
        "Key \(id)'s contact details, name, tags and reason are blanked for good; the id, dates and revocation stay. The key is revoked if it is not already.",
        "This cannot be undone.",
      ]
    }
  }
}
