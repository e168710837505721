import APIKeyRPC
import ArgumentParser

/// The owner's contact fields, shared by `issue` (which requires e-mail and organisation) and
/// `keys update` (where a field left out keeps its value).
struct ContactOptions: ParsableArguments {
  @Option(help: "Contact e-mail address.")
  var email: String?

  @Option(help: "Organisation.")
  var organisation: String?

  @Option(help: "Name of the contact person.")
  var contactName: String?

  @Option(name: .customLong("email-2"), help: "Second contact's e-mail address.")
  var email2: String?

  @Option(name: .customLong("contact-name-2"), help: "Second contact's name.")
  var contactName2: String?

  @Option(help: "Department.")
  var department: String?

  /// Fails, as ArgumentParser does for a missing option, unless e-mail and organisation are given.
  func requireOwner() throws {
    if email == nil { throw ValidationError("Missing expected argument '--email <email>'") }
    if organisation == nil {
      throw ValidationError("Missing expected argument '--organisation <organisation>'")
    }
  }

  /// The fields of a new key (left-out ones empty).
  func apply(to request: inout Apikeyserv_V1_IssueKeyRequest) {
    request.email = email ?? ""
    request.organisation = organisation ?? ""
    request.contactName = contactName ?? ""
    request.email2 = email2 ?? ""
    request.contactName2 = contactName2 ?? ""
    request.department = department ?? ""
  }

  /// The fields given, to change; the others stay unset (proto3 `optional`).
  func apply(to request: inout Apikeyserv_V1_UpdateKeyRequest) {
    if let email { request.email = email }
    if let organisation { request.organisation = organisation }
    if let contactName { request.contactName = contactName }
    if let email2 { request.email2 = email2 }
    if let contactName2 { request.contactName2 = contactName2 }
    if let department { request.department = department }
  }
}
