import APIKeyCore
import Testing

/// Addresses that reach one mailbox compare as one, so a limit per address cannot be walked
/// around with another spelling.
@Suite("E-mail addresses compared as the mail system does")
struct EmailAddressComparisonTests {
  @Test(
    "Case, fullwidth and other compatibility forms, ideographic dots and the IDNA form give one key",
    arguments: [
      ("jan@example.org", "JAN@Example.ORG"),
      ("jan@example.org", "jan@example.\u{FF4F}\u{FF52}\u{FF47}"),
      ("jan@example.org", "\u{FF4A}an@example.org"),
      ("jan@example.org", "jan@example\u{3002}org"),
      ("jan@b\u{00FC}cher.example", "jan@xn--bcher-kva.example"),
      ("jan@m\u{00FC}nchen.example", "jan@xn--mnchen-3ya.example"),
      ("jan@\u{4F8B}\u{3048}.jp", "jan@xn--r8jz45g.jp"),
    ])
  func sameMailbox(first: String, second: String) {
    #expect(EmailAddress.comparisonKey(first) == EmailAddress.comparisonKey(second))
  }

  @Test("Different mailboxes stay different")
  func differentMailboxes() {
    #expect(
      EmailAddress.comparisonKey("jan@example.org") != EmailAddress.comparisonKey("jan@example.com")
    )
    #expect(
      EmailAddress.comparisonKey("jan@b\u{00FC}cher.example")
        != EmailAddress.comparisonKey("jan@bucher.example"))
  }
}

@Suite("Mailboxes: an address with a display name")
struct MailboxTests {
  @Test("A bare address, a name before it, a quoted name, a name outside ASCII")
  func accepted() {
    #expect(Mailbox("noreply@example.org")?.header == "noreply@example.org")
    #expect(
      Mailbox("API keys <noreply@example.org>")?.header == "\"API keys\" <noreply@example.org>")
    #expect(Mailbox("\"Gemeente, Data\" <d@example.org>")?.displayName == "Gemeente, Data")
    #expect(
      Mailbox("Sleutelbeheer Ré <k@example.org>")?.header
        == "=?UTF-8?B?U2xldXRlbGJlaGVlciBSw6k=?= <k@example.org>")
  }

  @Test("No address, a bad one, or a line break (another header) is refused")
  func refused() {
    for text in [
      "API keys", "API keys <nope>", "A <a@example.org>\r\nBcc: x@example.org",
      "a\"b <a@example.org>",
    ] {
      #expect(Mailbox(text) == nil, "\(text)")
    }
  }
}
