import Foundation
import Glibc
import Testing

extension EndToEnd {
  /// Self-service with the real daemon and bridge: the original's JSON API and form, the
  /// limits, e-mail delivery through msmtp into an SMTP sink, and a real browser.
  @Suite("Self-service end to end", .serialized)
  struct SelfServiceEndToEndTests {
    /// Where the browser test leaves its screenshots (kept after the run, with the test output).
    static let screenshots = "\(Harness.packageRoot)/.build/test-output/self-service"

    /// A daemon with `--self-service` and a bridge with `--self-service`, then `body`.
    static func withSelfService(
      daemon daemonArguments: [String] = [], bridge bridgeArguments: [String] = [],
      _ body: (DaemonProcess, BridgeProcess) throws -> Void
    ) throws {
      let daemon = try DaemonProcess(
        extraArguments: ["--generate-signing-key-if-none", "--self-service"] + daemonArguments)
      defer { daemon.stopAndRemoveFiles() }
      let bridge = try BridgeProcess(
        socket: daemon.publicSocket, extraArguments: ["--self-service"] + bridgeArguments)
      defer { bridge.stop() }
      try bridge.waitUntilServing()
      try body(daemon, bridge)
    }

    /// Runs self_service.py `command` against `bridge`; its JSON answer.
    static func script(
      _ bridge: BridgeProcess, _ command: String, _ extra: [String] = []
    ) throws -> [String: Any] {
      let output = try Harness.pythonScript(
        "self_service.py", ["--base", bridge.baseURL] + extra + [command])
      #expect(output.status == 0, "\(output)")
      return output.status == 0 ? try output.json() : [:]
    }

    @Test(
      "POST /apikeys/ answers as the original: field errors, 403, 204, the key's fields, a key that verifies"
    )
    func jsonAPI() throws {
      try Self.withSelfService { daemon, bridge in
        let answer = try Self.script(bridge, "api")
        let fields = try #require(answer["answer"] as? [String: Any])
        #expect(fields["email_1"] as? String == "ann@example.org")
        // The key is in the daemon, made by self-service (audited as such), not sent.
        let keys = try Harness.apikeyctl(daemon, ["keys", "list", "--json"])
        #expect(keys.status == 0 && keys.stdout.contains("ann@example.org"))
        let audit = try Harness.apikeyctl(daemon, ["audit", "list", "--json"])
        #expect(audit.stdout.contains("request_key"))
        #expect(!audit.stdout.contains("127.0.0.1"), "the client address is not stored")
      }
    }

    @Test(
      "The form: 403 without its CSRF pair, errors beside fields with values kept, the key once; post-redirect-get, and a form sent twice (Back, submit) makes one key"
    )
    func form() throws {
      try Self.withSelfService { daemon, bridge in
        _ = try Self.script(bridge, "form")
        let made = try MigrationEndToEndTests.records(daemon)
        #expect(made.count == 1, "\(made)")
      }
    }

    @Test(
      "Per e-mail address and overall (daemon), per client (bridge, behind a trusted proxy): 429 with Retry-After; a request the daemon refused counts against no client limit"
    )
    func limits() throws {
      try Self.withSelfService(
        daemon: ["--limit-per-email", "2/day", "--limit-overall", "4/hour"],
        bridge: ["--limit-per-client", "3/hour", "--trust-proxy", "127.0.0.1/32"]
      ) { daemon, bridge in
        let answer = try Self.script(bridge, "limits")
        #expect(answer["statuses"] as? [Int] == [200, 200, 429, 200, 429, 429, 429])
        #expect(daemon.log.contains("limit=per e-mail address"))
        #expect(daemon.log.contains("limit=overall"))
      }
    }

    @Test(
      "E-mail delivery through msmtp into an SMTP sink: the key arrives and verifies; no answer carries it"
    )
    func emailDelivery() throws {
      let mail = try MailSink()
      defer { mail.remove() }
      try Self.withSelfService(
        daemon: [
          "--self-service-delivery", "email", "--sendmail", mail.sendmail,
          "--mail-from", "keys@example.org", "--site-name", "Example Data",
        ]
      ) { daemon, bridge in
        let answer = try Self.script(bridge, "email", ["--maildir", mail.maildir])
        #expect(answer["to"] as? String == "mail@example.org")
        #expect(daemon.log.contains("Key e-mailed"))
        #expect(!daemon.log.contains("eyJ"), "a token in the daemon's log")
      }
    }

    @Test(
      "In headless Chromium: fill the form, read the key off the page, verify it; screenshots saved"
    )
    func browser() throws {
      try Harness.requireBrowser()
      try? FileManager.default.removeItem(atPath: Self.screenshots)
      try Self.withSelfService { _, bridge in
        let answer = try Self.script(bridge, "browser", ["--out", Self.screenshots])
        #expect(
          answer["screenshots"] as? [String] == [
            "self-service-errors.png", "self-service-form-only.png", "self-service-form.png",
            "self-service-result.png",
          ])
        #expect(answer["copy_button_shown"] as? Bool == true)
      }
    }

    @Test("Off by default: no registration socket, the bridge's self-service paths are 404")
    func offByDefault() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      #expect(!FileManager.default.fileExists(atPath: "\(daemon.dataDirectory)/register.sock"))
      let bridge = try BridgeProcess(socket: daemon.publicSocket)
      defer { bridge.stop() }
      for path in ["/", "/register/", "/apikeys/", "/docs/"] {
        #expect(try HTTP.get("\(bridge.baseURL)\(path)").status == 404, "\(path)")
      }
      // A bridge with self-service whose daemon has none: 503, and nothing is made.
      let asking = try BridgeProcess(
        socket: daemon.publicSocket, extraArguments: ["--self-service"])
      defer { asking.stop() }
      let output = try Harness.run(
        "/usr/bin/curl",
        [
          "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Content-Type: application/json",
          "-d",
          #"{"email_1": "a@example.org", "organisation": "O", "agree_on_personal_data": true}"#,
          "\(asking.baseURL)/apikeys/",
        ])
      #expect(output.stdout == "503")
    }

    @Test("--register-group: a bridge running as nobody reaches the 0660 registration socket")
    func registerGroup() throws {
      try #require(getuid() == 0, "needs root to switch to the nobody user")
      let daemon = try DaemonProcess(
        extraArguments: [
          "--generate-signing-key-if-none", "--self-service", "--register-group", "nogroup",
        ])
      defer { daemon.stopAndRemoveFiles() }
      let socket = "\(daemon.dataDirectory)/register.sock"
      let attributes = try FileManager.default.attributesOfItem(atPath: socket)
      #expect((attributes[.posixPermissions] as? Int) == 0o660)
      #expect(attributes[.groupOwnerAccountName] as? String == "nogroup")
      let copy = try Harness.copyForOtherUsers("apikey-http")
      defer { try? FileManager.default.removeItem(atPath: copy.directory) }
      let bridge = try BridgeProcess.retryingBusyText {
        try BridgeProcess(
          socket: daemon.publicSocket, executable: copy.executable, runAs: "nobody",
          extraArguments: ["--self-service"])
      }
      defer { bridge.stop() }
      try bridge.waitUntilServing()
      _ = try Self.script(bridge, "form")
    }
  }
}
