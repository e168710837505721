import Foundation
import Glibc
import Testing

extension EndToEnd {
  /// The admin console (`apikeyctl console`) with a real daemon, bridge and headless Chromium.
  @Suite("Admin console end to end", .serialized)
  struct ConsoleEndToEndTests {
    /// Where the browser test leaves its screenshots (the ones in docs/console/ come from here).
    static let screenshots = "\(Harness.packageRoot)/.build/test-output/console"

    /// Runs console.py `command` with `link`; its JSON answer.
    static func script(
      _ command: String, link: String, _ extra: [String] = []
    ) throws -> [String: Any] {
      let output = try Harness.pythonScript("console.py", ["--url", link] + extra + [command])
      #expect(output.status == 0, "\(output)")
      return output.status == 0 ? try output.json() : [:]
    }

    @Test(
      "In Chromium: issue, find, edit, a refusal beside its field, revoke (on the bridge's /revoked), rotate, retire with the impact first, the audit page; then refusals, a daemon restart, a new link"
    )
    func browser() throws {
      try Harness.requireBrowser()
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      // A store shaped like production's: a key of the organisation the retirement will break,
      // a revoked key, a key without expiry.
      let seed = try Harness.apikeyctl(
        daemon, ["issue", "--email", "seed@example.org", "--organisation", "Seed Org"])
      #expect(seed.status == 0, "\(seed)")
      let gone = try Harness.apikeyctl(
        daemon,
        ["issue", "--email", "gone@example.org", "--organisation", "Old Org", "--no-expiry"])
      let goneID = gone.stderr.split(separator: " ").dropFirst(2).first.map(String.init) ?? ""
      #expect(try Harness.apikeyctl(daemon, ["keys", "revoke", goneID, "--yes"]).status == 0)
      let bridge = try BridgeProcess(socket: daemon.publicSocket)
      defer { bridge.stop() }
      try bridge.waitUntilServing()
      let console = try ConsoleProcess(socket: daemon.adminSocket)
      defer {
        console.stop()
        console.removeLog()
      }
      let link = try console.link()
      #expect(link.hasPrefix("http://127.0.0.1:"), "\(link)")
      try? FileManager.default.removeItem(atPath: Self.screenshots)
      let answer = try Self.script(
        "browser", link: link, ["--bridge", bridge.baseURL, "--out", Self.screenshots])
      #expect(
        answer["screenshots"] as? [String] == [
          "console-audit.png", "console-backup.png", "console-issue.png", "console-key-refused.png",
          "console-key.png", "console-keys-phone.png", "console-keys.png",
          "console-retire-confirm.png", "console-revoke-confirm.png", "console-signing-keys.png",
          "console-token.png", "console-verifiers.png",
        ])
      let cookie = try #require(answer["cookie"] as? String)
      let key = try #require(answer["key"] as? String)
      let token = try #require(answer["token"] as? String)
      // What the console did is audited as the user who runs it.
      let audit = try Harness.apikeyctl(daemon, ["audit", "list", "--target", key, "--wide"])
      #expect(audit.stdout.contains("revoke_key") && audit.stdout.contains("user=root"), "\(audit)")
      #expect(
        try Harness.apikeyctl(daemon, ["keys", "show", key]).stdout.contains(
          "Gemeente Voorbeeldstad"))

      let refusals = try Self.script(
        "refusals", link: link, ["--cookie", cookie, "--key", key, "--bridge", bridge.baseURL])
      #expect(
        (refusals["policy"] as? String)?.hasPrefix("default-src 'none'; style-src 'self'") == true)
      // The listing's new filters arrive from the command line too.
      let retired = try #require(answer["retired"] as? String)
      let seedID = try #require(refusals["seed"] as? String)
      let signedBy = try Harness.apikeyctl(daemon, ["keys", "list", "--signed-by", retired])
      for id in [seedID, key, goneID] { #expect(signedBy.stdout.contains(id), "\(signedBy)") }
      let byExpiry = try Harness.apikeyctl(daemon, ["keys", "list", "--order", "expiry"])
      #expect(byExpiry.status == 0 && !byExpiry.stdout.contains(goneID), "\(byExpiry)")
      let expired = try Harness.apikeyctl(daemon, ["keys", "list", "--expired"])
      #expect(expired.status == 0 && expired.stderr.contains("No key matches"), "\(expired)")
      let newest = try Harness.apikeyctl(daemon, ["audit", "list", "--newest-first"])
      let sequence = newest.stdout.split(separator: "\n").dropFirst().compactMap {
        $0.split(separator: " ").first.flatMap { Int($0) }
      }
      #expect(sequence.count > 10 && sequence == sequence.sorted(by: >), "\(newest)")

      // The daemon stops: a page that says so; back, and the console carries on.
      #expect(daemon.stop() == 0)
      _ = try Self.script("down", link: link, ["--cookie", cookie])
      let again = try DaemonProcess(dataDirectory: daemon.dataDirectory, extraArguments: [])
      defer { again.stop() }
      _ = try Self.script("up", link: link, ["--cookie", cookie])

      // Enter in the console's terminal: a new link, good for one session of its own.
      console.pressEnter()
      _ = try Self.script("link", link: try console.link(2))

      // Nothing secret in the console's output: no token, no contact data, no session.
      let log = console.log
      #expect(!log.contains(token) && !log.contains("eyJ"), "a token in the console's output")
      #expect(!log.contains("@example.org"), "contact data in the console's output")
      #expect(!log.contains(cookie), "the session in the console's output")
      #expect(console.stop() == 0, "Ctrl-C: \(console.log)")
    }

    @Test(
      "A user who cannot open the admin socket gets no console: nobody is refused, no link is printed"
    )
    func nobody() throws {
      try #require(getuid() == 0, "needs root to switch to the nobody user")
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let copy = try Harness.copyForOtherUsers("apikeyctl")
      defer { try? FileManager.default.removeItem(atPath: copy.directory) }
      let console = try ConsoleProcess(
        socket: daemon.adminSocket, executable: copy.executable, runAs: "nobody")
      defer { console.removeLog() }
      #expect(console.waitForExit() == 1, "\(console.log)")
      #expect(
        console.log.contains("no console: ") && console.log.contains("ermission denied"),
        "\(console.log)")
      #expect(console.links.isEmpty, "a link for nobody: \(console.log)")
    }

    @Test("--listen: a Unix socket of mode 0600; an address off loopback is refused")
    func listen() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let path = "/tmp/aks-console-\(UUID().uuidString.prefix(8)).sock"
      let console = try ConsoleProcess(
        socket: daemon.adminSocket, extraArguments: ["--listen", "unix:\(path)"])
      defer {
        console.stop()
        console.removeLog()
      }
      let link = try console.link()
      #expect(link.hasPrefix("http://localhost:8080/enter/"), "\(link)")
      #expect(console.log.contains("ssh -L 8080:\(path)"), "\(console.log)")
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      #expect((attributes[.posixPermissions] as? Int) == 0o600)
      // Through the socket, as ssh -L forwards it: the link enters, once.
      let secret = String(link.split(separator: "/").last ?? "")
      let entered = try Harness.run(
        "/usr/bin/curl",
        [
          "-s", "-o", "/dev/null", "-w", "%{http_code}", "--unix-socket", path,
          "http://localhost/enter/\(secret)",
        ])
      #expect(entered.stdout == "303", "\(entered)")
      let refused = try Harness.apikeyctl(daemon, ["console", "--listen", "0.0.0.0:8080"])
      #expect(refused.status == 64 && refused.stderr.contains("loopback"), "\(refused)")
      #expect(console.stop() == 0)
      #expect(!FileManager.default.fileExists(atPath: path), "the socket is left behind")
    }
  }
}
