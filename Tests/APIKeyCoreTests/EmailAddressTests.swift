import APIKeyCore
import Foundation
import Testing

@Suite("E-mail addresses")
struct EmailAddressTests {
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
}
