package import APIKeyCore
import APIKeyCrypto
package import Foundation
import Mustache

/// The expiry reminder (`ReminderTemplates`): one message to the key's contacts (`email_1`, and
/// `email_2` when set), plain text with an HTML alternative, Dutch and English, with the
/// renewal link when there is one. Only the checked addresses go into a header; what the owner
/// typed (organisation, name) is in the body, where it cannot add headers.
package struct ReminderMail: Sendable {
  let siteName: String
  let from: String?
  let library: MustacheLibrary

  /// Reminders from `siteName`, sent as `from` (nil: the mail agent's default sender; also the
  /// address to ask for a renewal when there is no link).
  package init(siteName: String, from: String?) {
    self.siteName = siteName
    self.from = from
    // '!' is fine: the templates are constants, and a unit test renders both.
    library = MustacheLibrary(
      templates: ReminderTemplates.all.mapValues { try! MustacheTemplate(string: $0) })
  }

  /// A renewal link: its address, until when it works, and the expiry it gives.
  package struct Link: Sendable {
    package var url: String
    package var validUntil: Date
    package var renewedUntil: Date

    package init(url: String, validUntil: Date, renewedUntil: Date) {
      self.url = url
      self.validUntil = validUntil
      self.renewedUntil = renewedUntil
    }
  }

  /// The recipients of `record`'s reminder: its first address, and its second when set.
  package static func recipients(of record: KeyRecord) -> [String] {
    [record.contact.email] + (record.contact.email2.isEmpty ? [] : [record.contact.email2])
  }

  /// The whole message (headers, blank line, MIME parts) reminding `record`'s contacts that it
  /// expires at `expiresAt`, sent at `now`.
  package func message(for record: KeyRecord, expiresAt: Date, link: Link?, now: Date) -> String {
    let expires = KeyMail.day(expiresAt)
    let remaining = DurationText.spoken(Int(expiresAt.timeIntervalSince(now).rounded(.up)))
    var context: [String: Any] = [
      "site": siteName, "organisation": record.contact.organisation, "id": "\(record.id)",
      "expires": expires, "remainingNL": remaining.nl, "remainingEN": remaining.en,
    ]
    if !record.name.isEmpty { context["name"] = record.name }
    if let link {
      context["link"] = link.url
      context["linkUntil"] = KeyMail.day(link.validUntil)
      context["renewedUntil"] = KeyMail.day(link.renewedUntil)
    }
    if let from, let address = Mailbox(from)?.address { context["contact"] = address }
    let text = library.render(context, withTemplate: "text") ?? ""
    let html = library.render(context, withTemplate: "html") ?? ""
    let boundary = "apikeyserv-" + Hex.encode(SecureRandom.bytes(12))
    var headers = [
      "To: \(Self.recipients(of: record).joined(separator: ", "))",
      "Subject: Uw API-sleutel verloopt op \(expires) / Your API key expires on \(expires)",
      "Date: \(KeyMail.rfc5322(now))",
      "Message-ID: <apikey-reminder-\(record.id)-\(Int(now.timeIntervalSince1970))@apikeyserv>",
      "MIME-Version: 1.0",
      "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
      "Auto-Submitted: auto-generated",
    ]
    if let from { headers.insert("From: \(Mailbox(from)?.header ?? from)", at: 0) }
    let part = { (type: String, body: String) in
      """
      --\(boundary)
      Content-Type: \(type); charset=utf-8
      Content-Transfer-Encoding: 8bit

      \(body.trimmingCharacters(in: .newlines))

      """
    }
    let body =
      part("text/plain", Self.squeezed(text)) + part("text/html", html) + "--\(boundary)--\n"
    return headers.joined(separator: "\r\n") + "\r\n\r\n"
      + body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
        of: "\n", with: "\r\n")
  }

  /// `text` without the runs of blank lines the template's sections leave.
  static func squeezed(_ text: String) -> String {
    var lines: [Substring] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.trimmingCharacters(in: .whitespaces).isEmpty, lines.last?.isEmpty ?? true {
        continue
      }
      lines.append(line.trimmingCharacters(in: .whitespaces).isEmpty ? "" : line)
    }
    return lines.joined(separator: "\n")
  }
}
