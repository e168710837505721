import APIKeyCore
import Foundation
import Testing

@Suite("Input validation")
struct ValidationTests {
  static let valid = [
    "a@example.com", "first.last@gemeente.amsterdam", "x+tag@sub.example.nl",
    "o'brien@example.co.uk", "\"quoted name\"@example.com", "user@[192.168.1.1]",
    "jan@münchen.de",
  ]
  static let invalid = [
    "plain", "@example.com", "a@", "a@localhost", "a@example", "a..b@example.com", ".a@example.com",
    "a@-example.com", "a@example.c", "a b@example.com", "a@exa mple.com", "a@example.123",
  ]

  @Test("E-mail addresses the original's form accepts are accepted", arguments: valid)
  func acceptsEmail(_ address: String) {
    #expect(EmailAddress.isValid(address))
  }

  @Test("E-mail addresses the original's form refuses are refused", arguments: invalid)
  func refusesEmail(_ address: String) {
    #expect(!EmailAddress.isValid(address))
  }

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
    Case(name: "missing organisation", contact: .init(email: "a@b.nl", organisation: ""), field: "organisation"),
    Case(name: "long organisation", contact: .init(email: "a@b.nl", organisation: long), field: "organisation"),
    Case(
      name: "long contact name", contact: .init(email: "a@b.nl", organisation: "O", contactName: long),
      field: "contact_name"),
    Case(name: "bad email_2", contact: .init(email: "a@b.nl", organisation: "O", email2: "x@"), field: "email_2"),
    Case(
      name: "control character", contact: .init(email: "a@b.nl", organisation: "O", department: "a\u{0}b"),
      field: "department"),
    Case(
      name: "long contact_name_2",
      contact: .init(email: "a@b.nl", organisation: "O", contactName2: long), field: "contact_name_2"),
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
      email: "  a@b.nl ", organisation: exactly256, contactName: " Jan ").validated()
    #expect(contact.email == "a@b.nl")
    #expect(contact.contactName == "Jan")
    #expect(contact.organisation == exactly256)
  }

  @Test("Expiry: default one year, explicit future time, never; a past time is refused")
  func expiry() throws {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    #expect(try KeyExpiry.defaultTerm.resolve(now: now) == now + 365 * 24 * 3600)
    #expect(try KeyExpiry.never.resolve(now: now) == nil)
    #expect(try KeyExpiry.at(now + 10).resolve(now: now) == now + 10)
    #expect(throws: APIKeyError.invalidArgument(field: "expires_at", reason: "is in the past")) {
      try KeyExpiry.at(now - 1).resolve(now: now)
    }
  }

  @Test("A request id longer than 128 characters is refused; an empty one is ignored")
  func requestID() throws {
    let contact = ContactDetails(email: "a@b.nl", organisation: "O")
    #expect(try IssueRequest(contact: contact, requestID: " ").validated().requestID == nil)
    #expect(throws: APIKeyError.self) {
      try IssueRequest(contact: contact, requestID: String(repeating: "r", count: 129)).validated()
    }
  }

  @Test("Random ids are positive 63-bit numbers, never 0")
  func randomIDs() {
    #expect(KeyRecord.randomID(using: { UInt64.max }) == Int64.max)
    var values: [UInt64] = [0, 1, 7]
    #expect(KeyRecord.randomID(using: { values.removeFirst() }) == 3)
  }
}
