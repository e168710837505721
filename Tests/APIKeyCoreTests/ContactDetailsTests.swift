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
      name: "right-to-left override",
      contact: .init(email: "a@b.nl", organisation: "Gemeente \u{202E}madretsmA"),
      field: "organisation"),
    Case(
      name: "zero-width space",
      contact: .init(email: "a@b.nl", organisation: "O", contactName: "Jan\u{200B}Jansen"),
      field: "contact_name"),
    Case(
      name: "bidirectional isolate",
      contact: .init(email: "a@b.nl", organisation: "O", department: "\u{2067}Data\u{2069}"),
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

  @Test(
    "Joiners that scripts and emoji need are kept: Persian's zero-width non-joiner, emoji's joiner")
  func keepsJoiners() throws {
    let contact = try ContactDetails(
      email: "a@b.nl",
      organisation: "\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}\u{0627}\u{0647}\u{0645}",
      contactName: "\u{1F469}\u{200D}\u{1F4BB} Jan"
    ).validated()
    #expect(contact.organisation.unicodeScalars.contains("\u{200C}"))
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
