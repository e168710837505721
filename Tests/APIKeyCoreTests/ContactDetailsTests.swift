import APIKeyCore
import Foundation
import Testing

@Suite("Contact details")
struct ContactDetailsTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    let contact: ContactDetails
    let field: String
    var testDescription: String { name }
  }

  static let long = String(repeating: "é", count: 257)
  static let cases: [Case] = [
    Case(name: "missing email", contact: .init(email: " ", organisation: "Org"), field: "email"),
    Case(name: "bad email", contact: .init(email: "nope", organisation: "Org"), field: "email"),
    Case(
      name: "missing organisation", contact: .init(email: "a@b.nl", organisation: ""),
      field: "organisation"),
    Case(
      name: "long organisation", contact: .init(email: "a@b.nl", organisation: long),
      field: "organisation"),
    Case(
      name: "long contact name",
      contact: .init(email: "a@b.nl", organisation: "O", contactName: long),
      field: "contact_name"),
    Case(
      name: "bad email_2", contact: .init(email: "a@b.nl", organisation: "O", email2: "x@"),
      field: "email_2"),
    Case(
      name: "control character",
      contact: .init(email: "a@b.nl", organisation: "O", department: "a\u{0}b"),
      field: "department"),
    Case(
      name: "long contact_name_2",
      contact: .init(email: "a@b.nl", organisation: "O", contactName2: long),
      field: "contact_name_2"),
  ]

  @Test("Each bad field is refused with invalidArgument naming it", arguments: cases)
  func refusesField(_ bad: Case) {
    #expect {
      try bad.contact.validated()
    } throws: { error in
      guard case APIKeyError.invalidArgument(let field, _) = error else { return false }
      return field == bad.field
    }
  }

  @Test("Fields are trimmed, and 256 characters (not bytes) is the limit")
  func trimsAndCountsCharacters() throws {
    let exactly256 = String(repeating: "é", count: 256)
    let contact = try ContactDetails(
      email: "  a@b.nl ", organisation: exactly256, contactName: " Jan "
    ).validated()
    #expect(contact.email == "a@b.nl")
    #expect(contact.contactName == "Jan")
    #expect(contact.organisation == exactly256)
  }
}
