import APIKeyCore
import APIKeyRPC
import Foundation
import SwiftProtobuf

/// The original's registration form: its field names, its checks (all fields at once, errors
/// per field in Django's words), from a urlencoded form or a JSON object; plus a honeypot field
/// that people never see and bots fill in.
struct RegistrationForm: Sendable, Equatable {
  /// The original's field names, in the form's order, and `name` (what the key is for), which
  /// the original does not have.
  static let textFields = [
    "contactperson_1_name", "email_1", "contactperson_2_name", "email_2", "organisation",
    "department", "name",
  ]
  static let agreement = "agree_on_personal_data"
  /// Hidden from people (and screen readers); a value means a bot filled in every field.
  static let honeypot = "website"
  /// The form's request id (hidden; a fresh one each time the form is shown): the same form sent
  /// twice makes one key.
  static let requestID = "request_id"

  var values: [String: String] = [:]
  var agreed = false
  var honeypotFilled = false
  /// The idempotency key the form carried; empty when none.
  var requestID = ""

  /// Errors per field, as the original's answer has them (`{"email_1": ["…"]}`).
  typealias Errors = [String: [String]]

  /// The fields of a urlencoded body (`application/x-www-form-urlencoded`).
  init(urlencoded body: String) {
    self.init(fields: URLEncoded.pairs(body)) {
      ["on", "true", "1", "yes"].contains($0.lowercased())
    }
  }

  /// The fields of a JSON object; nil when `data` is not one. A value that is not a string
  /// (a number, a list) is taken as its text, so the checks name the field.
  init?(json data: Data) {
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      return nil
    }
    var fields: [String: String] = [:]
    for (name, value) in object {
      switch value {
      case let text as String: fields[name] = text
      case is NSNull: continue
      case let flag as Bool: fields[name] = flag ? "true" : "false"
      case let number as NSNumber: fields[name] = number.stringValue
      default: fields[name] = "\(value)"
      }
    }
    self.init(fields: fields) { ["true", "on", "1", "yes"].contains($0.lowercased()) }
  }

  init(fields: [String: String], isTrue: (String) -> Bool) {
    for name in Self.textFields { values[name] = fields[name] ?? "" }
    agreed = fields[Self.agreement].map(isTrue) ?? false
    honeypotFilled = !(fields[Self.honeypot] ?? "").isEmpty
    requestID = fields[Self.requestID] ?? ""
  }

  /// Whether the body held none of the form's fields (the original's "No data provided.").
  var isEmpty: Bool { values.values.allSatisfy(\.isEmpty) && !agreed }

  /// Every field's problems; empty when the request may go to the daemon.
  func errors() -> Errors {
    var errors: Errors = [:]
    let rules: [String: FieldRule] = [
      "contactperson_1_name": .text(required: false), "email_1": .email(required: true),
      "contactperson_2_name": .text(required: false), "email_2": .email(required: false),
      "organisation": .text(required: true), "department": .text(required: false),
    ]
    for name in Self.textFields {
      // '!' is fine: every text field but the name has a rule just above.
      do {
        if name == "name" {
          _ = try KeyTags.checkName(values[name] ?? "")
        } else {
          _ = try rules[name]!.check(values[name] ?? "", field: name)
        }
      } catch {
        errors[name] = [Self.djangoMessage(error)]
      }
    }
    if !agreed { errors[Self.agreement] = ["This field is required."] }
    return errors
  }

  /// The daemon's request for these fields, from `client`.
  func request(client: IPAddress) -> Apikeyserv_V1_RequestKeyRequest {
    .with {
      $0.email = values["email_1"] ?? ""
      $0.organisation = values["organisation"] ?? ""
      $0.contactName = values["contactperson_1_name"] ?? ""
      $0.email2 = values["email_2"] ?? ""
      $0.contactName2 = values["contactperson_2_name"] ?? ""
      $0.department = values["department"] ?? ""
      $0.name = values["name"] ?? ""
      $0.agreeOnPersonalData = agreed
      $0.clientAddress = client.description
      $0.requestID = requestID
    }
  }

  /// The form's name of a field the daemon named in an INVALID_ARGUMENT.
  static func formField(daemonField: String) -> String {
    switch daemonField {
    case "email": return "email_1"
    case "contact_name": return "contactperson_1_name"
    case "contact_name_2": return "contactperson_2_name"
    default: return daemonField
    }
  }

  /// Django's wording of a field rule's complaint.
  private static func djangoMessage(_ error: APIKeyError) -> String {
    guard case .invalidArgument(_, let reason) = error else { return error.message }
    switch reason {
    case "is required": return "This field is required."
    case "is not a valid e-mail address": return "Enter a valid email address."
    case let other where other.hasPrefix("is longer than"):
      return "Ensure this field has no more than \(FieldRule.maximumLength) characters."
    default: return "This field " + reason + "."
    }
  }
}
