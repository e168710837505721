import APIKeyControl
import APIKeyCore
import APIKeyRPC
import Foundation
import GRPCCore
import SwiftProtobuf

/// The fields of a key's owner record, as the issue and edit forms show them and as the daemon
/// names them in a refusal (`email`, `expires_at`, `tags.team`…).
enum KeyFields {
  /// The contact fields in the form's order: name, label, input type, required.
  static let contact: [(String, String, String, Bool)] = [
    ("email", "E-mail address", "email", true),
    ("contact_name", "Contact name", "text", false),
    ("email_2", "Second e-mail address", "email", false),
    ("contact_name_2", "Second contact name", "text", false),
    ("organisation", "Organisation", "text", true),
    ("department", "Department", "text", false),
    ("name", "What the key is for", "text", false),
  ]

  /// The form field a daemon's field name belongs to.
  static func formField(_ daemonField: String) -> String {
    let base = String(daemonField.prefix { $0 != "." && $0 != "[" })
    switch base {
    case "expires_at", "no_expiry", "expiry": return "expires"
    case "set_tags", "remove_tags", "tags": return "tags"
    default: return base
    }
  }

  /// The problem with its field named as the form names it.
  static func mapped(_ problem: ConsoleProblem?) -> ConsoleProblem? {
    guard case .refused(let code, let field?, let message) = problem else { return problem }
    return .refused(code: code, field: formField(field), message: message)
  }

  /// The form's fields, filled from `values` (the form as sent, or the record).
  static func views(
    _ values: [String: String], expiryHint: String, withSent: Bool
  ) -> [FieldView] {
    var views = contact.map { name, label, type, required in
      FieldView(
        name: name, label: label, value: values[name] ?? "", kind: .input(type: type),
        required: required)
    }
    views.append(
      FieldView(
        name: "tags", label: "Tags", value: values["tags"] ?? "",
        hint: "key=value pairs separated by commas (team=geo, env=prod); informational only"))
    views.append(
      FieldView(name: "expires", label: "Expires", value: values["expires"] ?? "", hint: expiryHint)
    )
    if withSent {
      views.append(
        FieldView(
          name: "sent", label: "Handed to its owner", value: values["sent"] ?? "no",
          kind: .select(options: [("no", "not yet"), ("yes", "yes, sent")])))
    }
    return views
  }

  /// The form's values of `key`.
  static func values(of key: Apikeyserv_V1_KeyRecord) -> [String: String] {
    [
      "email": key.email, "contact_name": key.contactName, "email_2": key.email2,
      "contact_name_2": key.contactName2, "organisation": key.organisation,
      "department": key.department, "name": key.name, "tags": tags(key.tags),
      "expires": key.hasExpiresAt ? ConsoleFormat.day(key.expiresAt.date) : "never",
      "sent": key.sent ? "yes" : "no",
    ]
  }

  /// `team=geo, env=prod`, sorted.
  static func tags(_ tags: [String: String]) -> String {
    tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
  }

  /// The tags typed in the form; a problem names the field `tags`.
  static func parseTags(_ text: String?) throws(ConsoleProblem) -> [String: String] {
    var tags: [String: String] = [:]
    for part in (text ?? "").split(whereSeparator: { $0 == "," || $0 == "\n" }) {
      let item = part.trimmingCharacters(in: .whitespaces)
      guard !item.isEmpty else { continue }
      do {
        let (key, value) = try KeyTags.parse(item, field: "tags")
        tags[key] = value
      } catch {
        throw .refused(code: .invalidArgument, field: "tags", message: error.reason)
      }
    }
    return tags
  }

  /// The expiry typed in the form: a date or a time from now, or `never`; nil when blank.
  enum Expiry: Equatable {
    case at(Date)
    case never
  }

  static func parseExpiry(_ text: String?) throws(ConsoleProblem) -> Expiry? {
    guard let text else { return nil }
    if text.lowercased() == "never" { return .never }
    guard let date = ExpiryArgument(argument: text)?.date else {
      throw .refused(
        code: .invalidArgument, field: "expires",
        message: "\(text) is neither a date (2027-06-30) nor a time from now (30d, 1y), nor never")
    }
    return .at(date)
  }
}

extension APIKeyError {
  /// The reason alone (an invalid argument's message without its field).
  var reason: String {
    if case .invalidArgument(_, let reason) = self { return reason }
    return message
  }
}
