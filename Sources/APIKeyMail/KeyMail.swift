package import APIKeyCore
package import Foundation

/// The e-mail that delivers a self-service key: plain text, Dutch and English, with the token and
/// how to use it. Only the recipient's checked address goes into a header; the requester's other
/// input is in the body, where it cannot add headers.
package struct KeyMail {
  let siteName: String
  let from: String?

  /// Messages from `siteName`, sent as `from` (nil: the mail agent's default sender).
  package init(siteName: String, from: String?) {
    self.siteName = siteName
    self.from = from
  }

  /// The whole message (headers, blank line, body) for `record`'s `token`, sent at `now`.
  package func message(for record: KeyRecord, token: String, now: Date) -> String {
    let expires = record.expiresAt.map(Self.day) ?? "-"
    var headers = [
      "To: \(record.contact.email)",
      "Subject: Uw API-sleutel / Your API key",
      "Date: \(Self.rfc5322(now))",
      "Message-ID: <apikey-\(record.id)-\(Int(now.timeIntervalSince1970))@apikeyserv>",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "Auto-Submitted: auto-generated",
    ]
    if let from { headers.insert("From: \(Mailbox(from)?.header ?? from)", at: 0) }
    let body = """
      (English below)

      Hierbij uw API-sleutel van \(siteName), aangevraagd voor \(record.contact.organisation).
      Bewaar hem goed: hij wordt niet nog eens verstuurd.

      \(token)

      Nummer: \(record.id)
      Geldig tot: \(expires)

      Gebruik: stuur de sleutel mee in de header X-Api-Key van elk verzoek, of, voor
      programma's die geen headers kunnen sturen, als query-parameter x-api-key.

      -----

      Here is your API key from \(siteName), requested for \(record.contact.organisation).
      Keep it safe: it is not sent again.

      \(token)

      Number: \(record.id)
      Valid until: \(expires)

      Usage: send the key in the X-Api-Key header of every request or, for tools that cannot
      send headers, as the x-api-key query parameter:

        curl -H 'X-Api-Key: \(token)' https://...

      You receive this message because this address was entered in the request form. If you did
      not ask for a key, ignore it: the key is unused.
      """
    return headers.joined(separator: "\r\n") + "\r\n\r\n"
      + body.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
  }

  static func day(_ date: Date) -> String {
    date.formatted(.iso8601.year().month().day())
  }

  static func rfc5322(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
    return formatter.string(from: date)
  }
}
