import Foundation
import Glibc
import TestSupport
import Testing

extension EndToEnd {
  /// Keys that expire without surprise, against real processes: the daemon's expiry reminders
  /// through msmtp into an SMTP sink (aiosmtpd), the bridge's renewal page, the renewed token in
  /// the original's Django middleware, two daemons on PostgreSQL, and `apikeyctl keys renew`.
  @Suite("Reminders and renewal end to end", .serialized)
  struct RenewalEndToEndTests {
    /// The daemon's reminder settings, thresholds in seconds so a test walks through them.
    static func reminding(_ mail: MailSink, thresholds: String) -> [String] {
      [
        "--expiry-reminders", thresholds, "--sendmail", mail.sendmail, "--mail-from",
        "Example Data <keys@example.org>", "--site-name", "Example Data",
      ]
    }

    /// Issues a key on `daemon` expiring `expires` from now (`45s`); its id.
    static func issue(
      _ daemon: DaemonProcess, email: String, email2: String? = nil, name: String? = nil,
      expires: String
    ) throws -> String {
      var arguments = [
        "issue", "--email", email, "--organisation", "Gemeente Voorbeeld", "--expires", expires,
        "--json",
      ]
      if let email2 { arguments += ["--email-2", email2] }
      if let name { arguments += ["--name", name] }
      let issued = try Harness.apikeyctl(daemon, arguments)
      #expect(issued.status == 0, "\(issued)")
      return try #require((issued.json()["key"] as? [String: Any])?["id"] as? String)
    }

    /// The sink's messages, parsed by renewal.py.
    static func mails(_ mail: MailSink) throws -> [[String: Any]] {
      let output = try Harness.pythonScript("renewal.py", ["mails", "--maildir", mail.maildir])
      #expect(output.status == 0, "\(output)")
      let parsed = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8))
      return parsed as? [[String: Any]] ?? []
    }

    /// The audit entries of `action`.
    static func audited(_ daemon: DaemonProcess, _ action: String) throws -> [[String: Any]] {
      try Harness.apikeyctl(daemon, ["audit", "list", "--action", action, "--json"]).json()[
        "entries"] as? [[String: Any]] ?? []
    }

    @Test(
      "A key walks through the thresholds: one message per threshold to both contacts (plain and HTML), only the most urgent after downtime, none again after a restart, none for a revoked key; the link renews once through the bridge and the original's middleware accepts the new token with the old sub"
    )
    func walk() throws {
      let mail = try MailSink()
      defer { mail.remove() }
      // Keys made while no daemon sends reminders (downtime): the first is already past 30m.
      let before = try DaemonProcess()
      defer { before.removeFiles() }
      let key = try Self.issue(
        before, email: "ann@example.org", email2: "bob@example.org", name: "dash <board>",
        expires: "45s")
      let revoked = try Self.issue(before, email: "rev@example.org", expires: "45s")
      #expect(try Harness.apikeyctl(before, ["keys", "revoke", revoked, "--yes"]).status == 0)
      let later = try Self.issue(before, email: "later@example.org", expires: "50m")
      before.stop()

      let arguments =
        ["--self-service", "--renewal-period", "30d", "--renewal-url", "https://keys.example.org"]
        + Self.reminding(mail, thresholds: "1h,30m,20s")
      let first = try DaemonProcess(dataDirectory: before.dataDirectory, extraArguments: arguments)
      _ = mail.waitForMessages(2)
      first.stop()
      var mails = try Self.mails(mail)
      #expect(mails.count == 2, "\(mails)")
      let keyMail = try #require(
        mails.first { ($0["rcpt"] as? [String]) == ["ann@example.org", "bob@example.org"] })
      #expect(keyMail["to"] as? String == "ann@example.org, bob@example.org")
      #expect(
        keyMail["types"] as? [String] == ["multipart/alternative", "text/plain", "text/html"])
      let text = keyMail["text"] as? String ?? ""
      #expect(text.contains("Nummer: \(key)") && text.contains("Number: \(key)"))
      #expect(text.contains("Gebruikt voor: dash <board>"))
      #expect((keyMail["html"] as? String)?.contains("dash &lt;board&gt;") == true)
      let link = try #require(keyMail["link"] as? String)
      #expect(link.hasPrefix("https://keys.example.org/renew/"))
      #expect(keyMail["html_link"] as? String == link)
      #expect(mails.contains { ($0["rcpt"] as? [String]) == ["later@example.org"] })
      #expect(!mails.contains { ($0["rcpt"] as? [String]) == ["rev@example.org"] })

      // A restart sends nothing again; the key's 20s threshold then comes, once.
      let daemon = try DaemonProcess(dataDirectory: before.dataDirectory, extraArguments: arguments)
      defer { daemon.stopAndRemoveFiles() }
      sleep(5)
      #expect(mail.messages.count == 2, "a restart sent again")
      _ = mail.waitForMessages(3, timeout: 40)
      sleep(3)
      mails = try Self.mails(mail)
      #expect(mails.count == 3, "\(mails.map { $0["rcpt"] ?? "" })")
      let last = try #require(mails.last)
      #expect(last["rcpt"] as? [String] == ["ann@example.org", "bob@example.org"])
      let lastLink = try #require(last["link"] as? String)
      let expiring = try Harness.apikeyctl(daemon, ["keys", "expiring", "--within", "2h"])
      #expect(expiring.stdout.contains("30m before") && expiring.stdout.contains("20s before"))
      #expect(expiring.stdout.components(separatedBy: " sent ").count == 4, "\(expiring)")
      #expect(try Self.audited(daemon, "reminder_sent").count == 3)
      #expect(!daemon.log.contains("ann@example.org"), "a contact in the daemon's log")

      // The link, through the bridge, once; the token in the original's middleware.
      let shownBefore = try Harness.apikeyctl(daemon, ["keys", "show", key, "--json"]).json()
      let oldExpiry = try #require((shownBefore["key"] as? [String: Any])?["expires_at"] as? String)
      let bridge = try BridgeProcess(
        socket: daemon.publicSocket, extraArguments: ["--self-service"])
      defer { bridge.stop() }
      try bridge.waitUntilServing()
      let renewal = try Harness.pythonScript(
        "renewal.py", ["renew", "--base", bridge.baseURL, "--link", link])
      #expect(renewal.status == 0, "\(renewal)")
      let result = try renewal.json()
      #expect(result["get"] as? Int == 200 && result["page_shows_new_expiry"] as? Bool == true)
      #expect(result["post_without_csrf"] as? Int == 403)
      #expect(result["post"] as? Int == 200 && result["renewed_shown"] as? Bool == true)
      #expect(result["sub"] as? String == key)
      #expect(result["old_works_until"] as? String == String(oldExpiry.prefix(10)), "\(result)")
      let exp = try #require(result["exp"] as? Double)
      #expect(abs(exp - Date().timeIntervalSince1970 - 30 * 86_400) < 120, "30 days from now")
      let middleware = result["middleware"] as? [Any]
      #expect(middleware?.first as? Int == 200 && middleware?.last as? String == key, "\(result)")
      #expect(result["second_use"] as? Int == 410, "\(result)")
      #expect((result["second_use_says"] as? String)?.contains("used already") == true)
      #expect(result["changed"] as? Int == 404)
      // The 20s reminder's link names the old expiry: used up by the renewal.
      let lastValue = lastLink.components(separatedBy: "/renew/")[1]
      #expect(try HTTP.get("\(bridge.baseURL)/renew/\(lastValue)").status == 410)
      #expect(try Self.audited(daemon, "key_renewed").count == 1)
      #expect(try Harness.apikeyctl(daemon, ["audit", "verify"]).status == 0)
      sleep(3)
      #expect(mail.messages.count == 3, "a renewed key is not reminded of the old expiry")
    }

    @Test(
      "Sendmail failing: keys expiring shows FAILING with the reason and the metric counts it; the reminder goes once the mail server is back, once"
    )
    func failing() throws {
      let mail = try MailSink()
      defer { mail.remove() }
      mail.stop()
      let port = BridgeProcess.freePort()
      let daemon = try DaemonProcess(
        extraArguments: ["--generate-signing-key-if-none", "--metrics-listen", "\(port)"]
          + Self.reminding(mail, thresholds: "1h,10s"))
      defer { daemon.stopAndRemoveFiles() }
      let key = try Self.issue(daemon, email: "fail@example.org", expires: "30m")
      var expiring = Harness.Output(status: 0, stdout: "", stderr: "")
      for _ in 0 ..< 40 where !expiring.stdout.contains("FAILING") {
        usleep(250_000)
        expiring = try Harness.apikeyctl(daemon, ["keys", "expiring", "--within", "1h"])
      }
      #expect(expiring.stdout.contains("FAILING") && expiring.stdout.contains(key), "\(expiring)")
      #expect(expiring.stderr.contains("not delivered yet"), "\(expiring)")
      let metrics = try HTTP.get("http://127.0.0.1:\(port)/metrics").body
      #expect(metrics.contains("apikeyserv_expiry_reminders_total{outcome=\"failed\"}"))
      #expect(!metrics.contains("apikeyserv_expiry_reminders_total{outcome=\"failed\"} 0"))
      try mail.start()
      #expect(mail.waitForMessages(1, timeout: 40).count == 1)
      sleep(3)
      #expect(mail.messages.count == 1)
      let after = try Harness.apikeyctl(daemon, ["keys", "expiring", "--within", "1h"])
      #expect(after.stdout.contains(" sent ") && !after.stdout.contains("FAILING"), "\(after)")
    }

    @Test(
      "With e-mail delivery the renewal page shows no token; the new token for the same key id arrives at the key's first address"
    )
    func renewByMail() throws {
      let mail = try MailSink()
      defer { mail.remove() }
      let daemon = try DaemonProcess(
        extraArguments: [
          "--generate-signing-key-if-none", "--self-service", "--self-service-delivery", "email",
          "--renewal-url", "https://keys.example.org",
        ] + Self.reminding(mail, thresholds: "1h,10s"))
      defer { daemon.stopAndRemoveFiles() }
      let bridge = try BridgeProcess(
        socket: daemon.publicSocket, extraArguments: ["--self-service"])
      defer { bridge.stop() }
      try bridge.waitUntilServing()
      let key = try Self.issue(daemon, email: "mailed@example.org", expires: "45m")
      _ = mail.waitForMessages(1)
      let link = try #require(try Self.mails(mail).first?["link"] as? String)
      let renewal = try Harness.pythonScript(
        "renewal.py", ["renew", "--base", bridge.baseURL, "--link", link])
      #expect(renewal.status == 0, "\(renewal)")
      let result = try renewal.json()
      #expect(result["post"] as? Int == 200 && result["renewed_shown"] as? Bool == true)
      #expect(result["sub"] == nil, "a token on the page: \(result)")
      #expect(result["second_use"] as? Int == 410)
      let mails = try Self.mails(mail)
      #expect(mails.count == 2, "\(mails)")
      let delivered = try #require(mails.last)
      #expect(delivered["rcpt"] as? [String] == ["mailed@example.org"])
      let text = delivered["text"] as? String ?? ""
      let token = try #require(
        text.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("eyJ") }.map(String.init))
      let verified = try Harness.apikeyctl(daemon, ["verify", token, "--json"]).json()
      #expect(verified["valid"] as? Bool == true && verified["subject"] as? String == key)
      let shown = try Harness.apikeyctl(daemon, ["keys", "show", key, "--json"]).json()
      let expires = (shown["key"] as? [String: Any])?["expires_at"] as? String
      // The token's exp is in whole seconds, the record's in microseconds.
      #expect(
        (verified["expires_at"] as? String)?.prefix(19) == expires?.prefix(19),
        "the new token carries the new expiry")
    }

    @Test("Two daemons on one PostgreSQL database, both reminding: each reminder is sent once")
    func twoDaemons() throws {
      let mail = try MailSink()
      defer { mail.remove() }
      let (a, b) = try SeveralHostsEndToEndTests.pair(
        url: PostgresServer.shared().newDatabase(),
        extraArguments: Self.reminding(mail, thresholds: "1h,10s"))
      defer {
        a.stopAndRemoveFiles()
        b.stopAndRemoveFiles()
      }
      for index in 0 ..< 12 {
        _ = try Self.issue(index % 2 == 0 ? a : b, email: "o\(index)@example.org", expires: "45m")
      }
      _ = mail.waitForMessages(12)
      sleep(4)
      let recipients = try Self.mails(mail).compactMap { ($0["rcpt"] as? [String])?.first }
      #expect(recipients.count == 12 && Set(recipients).count == 12, "\(recipients.sorted())")
      #expect(try Self.audited(a, "reminder_sent").count == 12)
      #expect(a.log.contains("Expiry reminder sent") || b.log.contains("Expiry reminder sent"))
    }

    @Test(
      "Bad reminder settings are refused at start, exit 64, naming what is wrong; nothing starts"
    )
    func badSettings() throws {
      let binary = "\(Harness.binDirectory)/apikeyserv"
      let directory = "/tmp/aks-bad-\(UUID().uuidString.prefix(8))"
      defer { try? FileManager.default.removeItem(atPath: directory) }
      for (arguments, says) in [
        (["--expiry-reminders", "30d,30d"], "'30d' is named twice"),
        (["--expiry-reminders", "30d,soon"], "'soon' is not a duration of a second to 366 days"),
        (["--expiry-reminders", "400d"], "'400d' is not a duration"),
        (["--renewal-url", "https://k.example.org"], "--renewal-url needs --expiry-reminders"),
        (
          ["--expiry-reminders", "7d", "--renewal-url", "https://k.example.org"],
          "--renewal-url needs --self-service"
        ),
        (["--expiry-reminders", "7d", "--sendmail", "sendmail"], "--sendmail must be an absolute"),
        (["--renewal-period", "2h"], "--renewal-period must be at least a day"),
      ] {
        let output = try Harness.run(binary, ["--data-dir", directory] + arguments)
        #expect(output.status == 64 && output.stderr.contains(says), "\(arguments): \(output)")
      }
      #expect(!FileManager.default.fileExists(atPath: directory), "nothing was made")
    }

    @Test(
      "keys renew prints a token with the same sub and the later expiry, which verifies; the record and the audit trail say so; a revoked key is refused"
    )
    func renew() throws {
      let daemon = try DaemonProcess(
        extraArguments: ["--generate-signing-key-if-none", "--renewal-period", "30d"])
      defer { daemon.stopAndRemoveFiles() }
      // Days from today, as apikeyctl takes and prints them.
      func day(_ days: Double) -> String {
        String(Date(timeIntervalSinceNow: days * 86_400).ISO8601Format().prefix(10))
      }
      let (expires, renewedUntil) = (day(60), day(90))
      let id = try Self.issue(daemon, email: "r@example.com", expires: expires)
      let renewed = try Harness.apikeyctl(daemon, ["keys", "renew", id])
      #expect(renewed.status == 0, "\(renewed)")
      #expect(renewed.stderr.contains("until \(renewedUntil)"), "\(renewed)")
      let token = renewed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
      let verified = try Harness.apikeyctl(daemon, ["verify", token])
      #expect(verified.status == 0, "\(verified)")
      #expect(verified.stdout.contains(id) && verified.stdout.contains(renewedUntil), "\(verified)")
      let shown = try Harness.apikeyctl(daemon, ["keys", "show", id])
      #expect(shown.stdout.contains(renewedUntil), "\(shown)")
      let trail = try Harness.apikeyctl(daemon, ["audit", "list", "--target", id, "--json"]).json()
      let actions = (trail["entries"] as? [[String: Any]] ?? []).compactMap {
        $0["action"] as? String
      }
      #expect(actions == ["issue_key", "key_renewed"])

      #expect(try Harness.apikeyctl(daemon, ["keys", "revoke", id, "--yes"]).status == 0)
      let refused = try Harness.apikeyctl(daemon, ["keys", "renew", id])
      #expect(refused.status != 0 && refused.stderr.contains("revoked"), "\(refused)")
    }
  }
}
