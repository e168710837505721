import APIKeyCore
import Foundation
import Testing

@testable import APIKeyMail

/// The expiry reminder as the mail agent receives it.
@Suite("Reminder mail")
struct ReminderMailTests {
  let now = Date(timeIntervalSince1970: 1_800_000_000)

  func record(email2: String = "b@example.org", name: String = "BBGA <dash> & co") -> KeyRecord {
    KeyRecord(
      id: 42,
      contact: ContactDetails(email: "a@example.org", organisation: "Gemeente <A>", email2: email2),
      createdAt: now, modifiedAt: now, expiresAt: now + 7 * 86_400, name: name)
  }

  @Test(
    "To both contacts, multipart plain and HTML, Dutch and English, the link in both; what the owner typed is escaped in HTML and adds no header"
  )
  func parts() {
    let mail = ReminderMail(siteName: "Example Data", from: "Keys <keys@example.org>")
    let link = ReminderMail.Link(
      url: "https://keys.example.org/renew/AbC", validUntil: now + 45 * 86_400,
      renewedUntil: now + 372 * 86_400)
    let record = record()
    let message = mail.message(for: record, expiresAt: record.expiresAt!, link: link, now: now)
    let parts = message.components(separatedBy: "\r\n\r\n")
    let (head, body) = (parts[0], parts.dropFirst().joined(separator: "\r\n\r\n"))
    #expect(head.contains("To: a@example.org, b@example.org"))
    #expect(head.contains("From: \"Keys\" <keys@example.org>"))
    #expect(head.contains("multipart/alternative"))
    #expect(!head.contains("Gemeente") && !head.contains("BBGA"), "owner input in a header")
    #expect(ReminderMail.recipients(of: record) == ["a@example.org", "b@example.org"])
    #expect(body.contains("Content-Type: text/plain; charset=utf-8"))
    #expect(body.contains("Content-Type: text/html; charset=utf-8"))
    #expect(body.contains("verloopt over 7 dagen") && body.contains("expires in 7 days"))
    #expect(body.contains("Gebruikt voor: BBGA <dash> & co"), "plain text as typed")
    #expect(body.contains("<td>BBGA &lt;dash&gt; &amp; co</td>"), "escaped in HTML")
    #expect(body.contains("<td>Gemeente &lt;A&gt;</td>"))
    #expect(body.contains("  https://keys.example.org/renew/AbC\r\n"))
    #expect(body.contains("href=\"https://keys.example.org/renew/AbC\""))
    #expect(!message.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF lines only")
  }

  @Test("Without a link: one contact, the sender named as whom to ask")
  func withoutLink() {
    let mail = ReminderMail(siteName: "Example Data", from: "keys@example.org")
    let record = record(email2: "", name: "")
    let message = mail.message(for: record, expiresAt: record.expiresAt!, link: nil, now: now)
    #expect(message.contains("To: a@example.org\r\n"))
    #expect(message.contains("vraag dan om verlenging bij keys@example.org"))
    #expect(!message.contains("/renew/") && !message.contains("Gebruikt voor"))
  }
}
