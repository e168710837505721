import Foundation
import Testing

extension EndToEnd {
  /// The operator's kit with the real programs: installation, configuration, metrics, logs.
  @Suite("Operations end to end", .serialized)
  struct OperationsEndToEndTests {
    @Test(
      "make install: programs, manuals with every option, current completions, units that systemd-analyze verifies and scores, rules promtool accepts"
    )
    func install() throws {
      let root = "/tmp/aks-root-\(UUID().uuidString.prefix(8))"
      defer { try? FileManager.default.removeItem(atPath: root) }
      let output = try Harness.pythonScript(
        "deploy.py",
        ["--package", Harness.packageRoot, "--bin", Harness.binDirectory, "--root", root])
      #expect(output.status == 0, "\(output)")
      let result = try output.json()
      #expect(result["install"] as? Int == 0, "\(result["install_output"] ?? "")")
      let installed = try #require(result["installed"] as? [String: Any])
      #expect(installed["bin"] as? [String] == ["apikey-http", "apikeyctl", "apikeyserv"])
      #expect(installed["man"] as? [String] == ["apikey-http.1", "apikeyctl.1", "apikeyserv.1"])
      #expect(installed["units"] as? [String] == ["apikey-http.service", "apikeyserv.service"])
      #expect(installed["sysusers"] as? Bool == true)
      let verify = try #require(result["verify"] as? [String: Any])
      #expect(verify["status"] as? Int == 0, "systemd-analyze verify: \(verify["output"] ?? "")")
      let exposure = try #require(result["exposure"] as? [String: Double])
      print("systemd-analyze security exposure: \(exposure.sorted { $0.key < $1.key })")
      for unit in ["apikeyserv.service", "apikey-http.service"] {
        let score = try #require(exposure[unit], "no exposure score for \(unit)")
        #expect(score <= 2.0, "\(unit) exposure \(score)")
      }
      for (unit, checked) in try #require(result["unit_commands"] as? [String: [String: Any]]) {
        #expect(
          checked["status"] as? Int == 0, "\(unit) --check-config: \(checked["output"] ?? "")")
      }
      #expect(
        (result["man_missing"] as? [String: [String]])?.values.allSatisfy(\.isEmpty) == true,
        "options missing from the manuals: \(result["man_missing"] ?? "")")
      #expect(
        result["completions_stale"] as? [String] == [],
        "run make completions: \(result["completions_stale"] ?? "")")
      #expect((result["bash_syntax"] as? [String: Int])?.values.allSatisfy { $0 == 0 } == true)
      let rules = try #require(result["rules"] as? [String: Any])
      #expect(rules["status"] as? Int == 0, "\(rules)")
    }

    @Test(
      "Settings: flags over APIKEYSERV_* over the file over defaults; --check-config shows each origin and hides the password; bad lines and values exit 64 naming their source"
    )
    func configuration() throws {
      let directory = "/tmp/aks-cfg-\(UUID().uuidString.prefix(8))"
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(atPath: directory) }
      let file = "\(directory)/apikeyserv.conf"
      try """
      # a comment
      data-dir = \(directory)/data
      max_streams_per_user = 100
      max-connections-per-user = 7
      idle-timeout = 12
      database = "postgres://keys:hunter2@127.0.0.1:1/keys"
      expiry-reminders = 30d,7d,1d
      sendmail = /bin/true
      self-service = true
      renewal-url = https://keys.example.org/
      erase-contact-after = 90d
      """.write(toFile: file, atomically: true, encoding: .utf8)
      let binary = "\(Harness.binDirectory)/apikeyserv"
      let checked = try Harness.run(
        binary, ["--config", file, "--check-config", "--idle-timeout", "30"],
        environment: ["APIKEYSERV_MAX_STREAMS_PER_USER": "50", "APIKEYSERV_NO_SUCH_THING": "1"])
      let lines = checked.stdout.split(separator: "\n").map(String.init)
      func line(_ name: String) -> String { lines.first { $0.hasPrefix("\(name) ") } ?? "" }
      #expect(
        line("max-streams-per-user").contains("= 50  (environment APIKEYSERV_MAX_STREAMS_PER_USER)")
      )
      #expect(line("max-connections-per-user").contains("= 7  (\(file):4)"))
      #expect(line("idle-timeout").contains("= 30  (command line)"))
      #expect(line("call-timeout").contains("= 30.0  (default)"))
      #expect(line("database").contains("postgres://keys:***@127.0.0.1:1/keys"))
      #expect(!checked.stdout.contains("hunter2"))
      #expect(checked.stdout.contains("ignored (no such setting): APIKEYSERV_NO_SUCH_THING"))
      // What happens as time passes, from the file.
      #expect(line("expiry-reminders").contains("= 30d,7d,1d  (\(file):"), "\(checked)")
      #expect(checked.stdout.contains("expiry reminders: 30d, 7d, 1d before expiry"))
      #expect(checked.stdout.contains("renewal period: 365d"))
      #expect(
        checked.stdout.contains("renewal links: https://keys.example.org/renew/…, working 45d"))
      #expect(
        checked.stdout.contains("erasure: owner details erased 90d after expiry or revocation"))
      #expect(checked.stdout.contains("usage kept: 400d"))
      // The database does not answer: a problem, named, and exit 1.
      #expect(checked.status == 1, "\(checked)")
      #expect(checked.stdout.contains("problem: PostgreSQL at 127.0.0.1:1 does not answer"))

      try "data-dir = \(directory)/d\nsokcet = /tmp/x.sock\n".write(
        toFile: file, atomically: true, encoding: .utf8)
      let typo = try Harness.run(binary, ["--config", file, "--check-config"])
      #expect(typo.status == 64)
      #expect(typo.stderr.contains("\(file):2: sokcet is not a setting"), "\(typo)")

      let bad = try Harness.run(
        binary, ["--data-dir", "\(directory)/d", "--check-config"],
        environment: ["APIKEYSERV_MAX_MESSAGE_SIZE": "12", "APIKEYSERV_SELF_SERVICE": "maybe"])
      #expect(bad.status == 64)
      #expect(bad.stderr.contains("APIKEYSERV_SELF_SERVICE: self-service is a flag"), "\(bad)")
      let small = try Harness.run(
        binary, ["--data-dir", "\(directory)/d", "--check-config"],
        environment: ["APIKEYSERV_MAX_MESSAGE_SIZE": "12"])
      #expect(small.status == 64)
      #expect(small.stderr.contains("--max-message-size must be between"), "\(small)")
      #expect(
        small.stderr.contains("--max-message-size from environment APIKEYSERV_MAX_MESSAGE_SIZE"),
        "\(small)")
      // A good configuration: exit 0, nothing created.
      let good = try Harness.run(binary, ["--data-dir", "\(directory)/fresh", "--check-config"])
      #expect(good.status == 0, "\(good)")
      #expect(good.stdout.hasSuffix("configuration ok\n"))
      #expect(!FileManager.default.fileExists(atPath: "\(directory)/fresh"))
    }

    @Test(
      "Metrics on --metrics-listen (TCP and a Unix socket): calls by method and status, latency, keys issued, revision, watchers, database size, last write; every metric the dashboard and alert rules use exists"
    )
    func metrics() throws {
      let port = BridgeProcess.freePort()
      let daemon = try DaemonProcess(
        extraArguments: ["--generate-signing-key-if-none", "--metrics-listen", "\(port)"])
      defer { daemon.stopAndRemoveFiles() }
      let bridge = try BridgeProcess(socket: daemon.publicSocket)
      defer { _ = bridge.stop() }
      try bridge.waitUntilServing()
      let issued = try Harness.apikeyctl(
        daemon, ["issue", "--email", "m@example.org", "--organisation", "Metrics"])
      #expect(issued.status == 0)
      let refused = try Harness.apikeyctl(
        daemon, ["issue", "--email", "not-an-address", "--organisation", "Metrics"])
      #expect(refused.status != 0)
      // The store's figures are sampled every 15 s; the first sample is at start.
      let scraped = try HTTP.get("http://127.0.0.1:\(port)/metrics")
      #expect(scraped.status == 200)
      #expect(scraped.headers["content-type"]?.hasPrefix("text/plain") == true)
      let text = scraped.body
      #expect(
        text.contains(
          #"apikeyserv_rpc_calls_total{method="apikeyserv.v1.Admin/IssueKey",code="OK"} 1"#),
        "\(text)")
      #expect(
        text.contains(
          #"apikeyserv_rpc_calls_total{method="apikeyserv.v1.Admin/IssueKey",code="INVALID_ARGUMENT"} 1"#
        ))
      #expect(
        text.contains(
          #"apikeyserv_rpc_duration_seconds_count{method="apikeyserv.v1.Admin/IssueKey"} 2"#))
      #expect(text.contains(#"apikeyserv_keys_issued_total{action="issue_key"} 1"#))
      #expect(text.contains("apikeyserv_watchers 1.0"), "the bridge watches")
      #expect(text.contains("apikeyserv_write_errors_total 0"))
      let revision = try #require(Self.value("apikeyserv_key_set_revision", in: text))
      #expect(revision > 0)
      let lastWrite = try #require(Self.value("apikeyserv_last_write_timestamp_seconds", in: text))
      #expect(abs(lastWrite - Date().timeIntervalSince1970) < 60)
      #expect((Self.value("apikeyserv_database_bytes", in: text) ?? 0) > 4096)
      #expect((Self.value("apikeyserv_signing_key_created_timestamp_seconds", in: text) ?? 0) > 0)

      let bridgeText = try HTTP.get("\(bridge.baseURL)/metrics").body
      #expect(Self.value("apikey_http_keyset_revision", in: bridgeText) == revision)
      let exposed = Self.names(in: text + bridgeText)
      for used in try Self.namesUsedByTheKit() {
        #expect(
          exposed.contains(used), "the dashboard or the rules use \(used), which nothing exposes")
      }

      // A port that is taken: the second daemon does not start, and says why.
      let other = "/tmp/aks-m-\(UUID().uuidString.prefix(8))"
      defer { try? FileManager.default.removeItem(atPath: other) }
      let taken = try Harness.run(
        "\(Harness.binDirectory)/apikeyserv", ["--data-dir", other, "--metrics-listen", "\(port)"])
      #expect(taken.status == 2)
      #expect(taken.stderr.contains("cannot serve metrics on 127.0.0.1:\(port)"), "\(taken)")

      // A Unix socket instead of a port.
      let socketPath = "/tmp/aks-m-\(UUID().uuidString.prefix(8)).sock"
      defer { unlink(socketPath + ".lock") }
      let second = try DaemonProcess(
        extraArguments: ["--generate-signing-key-if-none", "--metrics-listen", socketPath])
      defer { second.stopAndRemoveFiles() }
      let curl = try Harness.run(
        "/usr/bin/curl",
        ["-s", "--max-time", "10", "--unix-socket", socketPath, "http://localhost/metrics"])
      #expect(curl.status == 0)
      #expect(curl.stdout.contains("apikeyserv_key_set_revision"), "\(curl)")
      let mode = try FileManager.default.attributesOfItem(atPath: socketPath)[.posixPermissions]
      #expect(mode as? Int == 0o600)
    }

    @Test(
      "A Unix metrics socket is locked like the other sockets: a second daemon cannot take it over; --metrics-group lets a group scrape it (0660)"
    )
    func metricsSocketLock() throws {
      let socketPath = "/tmp/aks-m-\(UUID().uuidString.prefix(8)).sock"
      defer { unlink(socketPath + ".lock") }
      let first = try DaemonProcess(
        extraArguments: [
          "--generate-signing-key-if-none", "--metrics-listen", "unix:\(socketPath)",
          "--metrics-group", "root",
        ])
      defer { first.stopAndRemoveFiles() }
      let deadline = Date() + 10
      while !FileManager.default.fileExists(atPath: socketPath) && Date() < deadline {
        usleep(50_000)
      }
      let attributes = try FileManager.default.attributesOfItem(atPath: socketPath)
      #expect(attributes[.posixPermissions] as? Int == 0o660)
      #expect(attributes[.groupOwnerAccountID] as? Int == 0)
      let other = "/tmp/aks-m-\(UUID().uuidString.prefix(8))"
      defer { try? FileManager.default.removeItem(atPath: other) }
      let second = try Harness.run(
        "\(Harness.binDirectory)/apikeyserv",
        ["--data-dir", other, "--metrics-listen", "unix:\(socketPath)"])
      #expect(second.status == 2, "\(second)")
      #expect(second.stderr.contains("\(socketPath).lock locked"), "\(second)")
      // The first daemon still serves its own figures there.
      let curl = try Harness.run(
        "/usr/bin/curl",
        ["-s", "--max-time", "10", "--unix-socket", socketPath, "http://localhost/metrics"])
      #expect(curl.stdout.contains("apikeyserv_key_set_revision"), "\(curl)")
      let refused = try Harness.run(
        "\(Harness.binDirectory)/apikeyserv",
        ["--data-dir", other, "--metrics-listen", "9", "--metrics-group", "root", "--check-config"])
      #expect(refused.status != 0, "\(refused)")
      #expect(refused.stderr.contains("--metrics-group needs a Unix socket"), "\(refused)")
    }

    @Test(
      "--log-format json: every line is one JSON object; each admin change is one info line with action, target and caller; no contact detail, token or secret is logged"
    )
    func jsonLogs() throws {
      let daemon = try DaemonProcess(
        extraArguments: ["--generate-signing-key-if-none", "--log-format", "json"])
      defer { daemon.stopAndRemoveFiles() }
      let issued = try Harness.apikeyctl(
        daemon,
        [
          "issue", "--email", "private.person@example.org", "--organisation", "Secret Org",
          "--contact-name", "Private Person",
        ])
      let token = issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
      #expect(issued.status == 0)
      let id = try #require(
        try Harness.apikeyctl(daemon, ["verify", token, "--json"]).json()["subject"] as? String)
      #expect(try Harness.apikeyctl(daemon, ["keys", "revoke", id]).status == 0)
      #expect(try Harness.apikeyctl(daemon, ["signing-key", "rotate"]).status == 0)
      #expect(daemon.stop() == 0)
      let log = daemon.log
      var changes: [[String: Any]] = []
      for line in log.split(separator: "\n") {
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        let record = try #require(object, "not a JSON object: \(line)")
        #expect(
          record["time"] is String && record["level"] is String && record["message"] is String)
        if record["message"] as? String == "Change" { changes.append(record) }
      }
      let actions = changes.compactMap { ($0["metadata"] as? [String: String])?["action"] }
      #expect(
        actions == ["generate_signing_key", "issue_key", "revoke_key", "rotate_signing_key"],
        "\(actions)")
      for change in changes {
        let metadata = try #require(change["metadata"] as? [String: String])
        #expect(change["level"] as? String == "info")
        #expect(metadata["target"]?.isEmpty == false)
        #expect(metadata["caller"]?.isEmpty == false)
      }
      let masterKey = try #require(
        FileManager.default.contents(atPath: "\(daemon.dataDirectory)/master.key"))
      for secret in [
        "private.person", "Secret Org", "Private Person", token,
        masterKey.map { String(format: "%02x", $0) }.joined(),
      ] {
        #expect(!log.contains(secret), "the log holds \(secret.prefix(24))")
      }
    }

    /// The value of an unlabelled sample `name` in an exposition.
    static func value(_ name: String, in text: String) -> Double? {
      text.split(separator: "\n").first { $0.hasPrefix("\(name) ") }
        .flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    /// The metric names of an exposition (histogram series under their family's name too).
    static func names(in text: String) -> Set<String> {
      var names = Set<String>()
      for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        let name = String(line.prefix { $0 != "{" && $0 != " " })
        names.insert(name)
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
          names.insert(String(name.dropLast(suffix.count)))
        }
      }
      return names
    }

    /// Every apikeyserv or apikey-http metric the Grafana dashboard and the alert rules query.
    static func namesUsedByTheKit() throws -> Set<String> {
      var used = Set<String>()
      for path in [
        "Deploy/grafana/apikeyserv-dashboard.json", "Deploy/prometheus/apikeyserv-alerts.yml",
      ] {
        let text = try String(contentsOfFile: "\(Harness.packageRoot)/\(path)", encoding: .utf8)
        let pattern = try Regex(#"apikey(serv|_http)_[a-z0-9_]+"#)
        for match in text.matches(of: pattern) { used.insert(String(text[match.range])) }
      }
      used.remove("apikeyserv_")
      return used.filter { !$0.hasSuffix("_") }
    }
  }
}
