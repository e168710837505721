import Foundation
import Testing

extension EndToEnd {
  /// Usage reported by real verifiers (the example service over the socket, a Python grpcio
  /// client, the bridge), read back with apikeyctl; the verifiers list, SIGSTOP and
  /// --wait-for-verifiers; names and tags with their refusals.
  @Suite("Usage and verifiers end to end", .serialized)
  struct UsageEndToEndTests {
    /// `apikeyctl … --json` as an object.
    static func json(_ daemon: DaemonProcess, _ arguments: [String]) throws -> [String: Any] {
      let output = try Harness.apikeyctl(daemon, arguments + ["--json"])
      #expect(output.status == 0, "\(arguments): \(output)")
      return try output.json()
    }

    static func issue(_ daemon: DaemonProcess, _ extra: [String] = []) throws -> (String, String) {
      let json = try json(
        daemon, ["issue", "--email", "u@example.com", "--organisation", "Usage"] + extra)
      return (
        try #require(json["token"] as? String),
        try #require((json["key"] as? [String: Any])?["id"] as? String)
      )
    }

    /// Polls `condition` for up to `seconds`.
    static func eventually(_ seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool
    {
      let deadline = Date() + seconds
      while Date() < deadline {
        if try condition() { return true }
        usleep(100_000)
      }
      return try condition()
    }

    static func ids(_ listing: [String: Any]) -> Set<String> {
      Set((listing["keys"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
    }

    @Test(
      "Two verifiers' reports add up per key, a replayed batch counts once, no token on the wire, --unused-since lists the unused keys, a flood is cut off while IssueKey answers"
    )
    func usage() throws {
      let started = Date()
      let daemon = try DaemonProcess(
        extraArguments: ["--generate-signing-key-if-none", "--usage-report-limit", "40/minute"])
      defer { daemon.stopAndRemoveFiles() }
      let (token, used) = try Self.issue(daemon, ["--name", "BBGA dashboard", "--tag", "env=prod"])
      let (_, unused) = try Self.issue(daemon)
      let kid = try EndToEnd.BridgeEndToEndTests.signingKid(daemon)
      let service = try ServiceProcess(
        endpoint: "unix:\(daemon.publicSocket)",
        environment: ["APIKEY_USAGE_INTERVAL": "0.5", "APIKEY_VERIFIER_NAME": "example-service"])
      defer { service.stop() }
      for _ in 0 ..< 3 {
        #expect(try ClientEndToEndTests.waitFor(service, token: token, status: 200).status == 200)
      }
      let report = try Harness.python(
        daemon, "report", ["py-verifier", used, kid, "2", "batch-1"], script: "usage_client.py")
      #expect(report.status == 0, "\(report)")
      let first = try report.json()
      #expect(first["accepted_entries"] as? Int == 1)
      let replay = try Harness.python(
        daemon, "report", ["py-verifier", used, kid, "2", "batch-1"], script: "usage_client.py")
      #expect(try replay.json()["replayed"] as? Bool == true)
      // The batch's bytes hold the key's id and kid, never the token or any part of it.
      let bytes = try #require(first["bytes"] as? String)
      for part in token.split(separator: ".") {
        #expect(!bytes.contains(Data(part.utf8).map { String(format: "%02x", $0) }.joined()))
      }

      var shown: [String: Any] = [:]
      let counted = try Self.eventually {
        shown = try Self.json(daemon, ["keys", "show", used])
        return (shown["usage"] as? [String: Any])?["accepted_7d"] as? String == "5"
      }
      #expect(counted, "keys show: \(shown)\nservice: \(service.log)")
      let usage = try #require(shown["usage"] as? [String: Any])
      let lastUsed = try #require(
        (usage["last_used_at"] as? String).flatMap { try? Date($0, strategy: .iso8601) })
      #expect(lastUsed >= started.addingTimeInterval(-1) && lastUsed <= Date())
      let seenBy = Set(
        (usage["verifiers"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
      #expect(seenBy == ["example-service", "py-verifier"])
      #expect((shown["key"] as? [String: Any])?["name"] as? String == "BBGA dashboard")
      #expect(((shown["key"] as? [String: Any])?["tags"] as? [String: String]) == ["env": "prod"])

      #expect(
        Self.ids(try Self.json(daemon, ["keys", "list", "--unused-since", "1h"])) == [unused])
      #expect(Self.ids(try Self.json(daemon, ["keys", "list", "--used-since", "1h"])) == [used])
      #expect(Self.ids(try Self.json(daemon, ["keys", "list", "--tag", "env=prod"])) == [used])
      let daily = try Harness.apikeyctl(daemon, ["keys", "usage", used, "--days", "3"])
      #expect(daily.stdout.split(separator: "\n").first?.hasSuffix(" 5 0") == true, "\(daily)")

      // One peer's flood is cut off by its limit; the admin socket keeps issuing keys.
      let flood = try Harness.python(
        daemon, "flood", ["flooder", "200"], script: "usage_client.py")
      let counts = try flood.json()
      #expect((counts["refused"] as? Int ?? 0) > 100, "\(flood)")
      #expect((counts["retry_after"] as? String).flatMap(Int.init) ?? 0 >= 1)
      #expect(
        try Harness.apikeyctl(daemon, ["issue", "--email", "a@b.nl", "--organisation", "O"]).status
          == 0)
    }

    @Test(
      "The bridge, the example service and a Python verifier show SYNCED; one stopped with SIGSTOP shows STALE, keys revoke --wait-for-verifiers names it and exits 3; after SIGCONT it is SYNCED again"
    )
    func verifiers() throws {
      let daemon = try DaemonProcess(
        extraArguments: [
          "--generate-signing-key-if-none", "--verifier-stale-after", "3s",
          // Every verifier here runs as the test's user, twice a second each.
          "--usage-report-limit", "1000/minute",
        ])
      defer { daemon.stopAndRemoveFiles() }
      let bridge = try BridgeProcess(
        socket: daemon.publicSocket,
        extraArguments: ["--revision-report-interval", "0.5", "--verifier-name", "bridge"])
      defer { bridge.stop() }
      let service = try ServiceProcess(
        endpoint: "unix:\(daemon.publicSocket)",
        environment: ["APIKEY_USAGE_INTERVAL": "0.5", "APIKEY_VERIFIER_NAME": "example-service"])
      defer { service.stop() }
      let follower = Process()
      follower.executableURL = URL(fileURLWithPath: Harness.python)
      follower.arguments = [
        "\(Harness.packageRoot)/Tests/EndToEndTests/python/usage_client.py", "--stubs",
        Harness.stubs, "--protos", "\(Harness.packageRoot)/Protos", "--public",
        daemon.publicSocket, "--admin", daemon.adminSocket, "--", "follow", "py-follower", "0.5",
      ]
      let followerLog = "/tmp/aks-follow-\(UUID().uuidString.prefix(8)).log"
      try ProcessLauncher.start(follower, logPath: followerLog)
      defer {
        // grpcio's Python keeps running on SIGTERM while its watch stream is open.
        kill(follower.processIdentifier, SIGKILL)
        follower.waitUntilExit()
        try? FileManager.default.removeItem(atPath: followerLog)
      }
      func states() -> [String: String] {
        let list = try? Harness.apikeyctl(daemon, ["verifiers", "--json"])
        let verifiers = (try? list?.json()["verifiers"] as? [[String: Any]]) ?? []
        return Dictionary(
          verifiers.map { ($0["name"] as? String ?? "?", $0["state"] as? String ?? "?") },
          uniquingKeysWith: { $1 })
      }
      let all = ["bridge", "example-service", "py-follower"]
      let synced = Dictionary(uniqueKeysWithValues: all.map { ($0, "VERIFIER_STATE_SYNCED") })
      #expect(
        Self.eventually(15) { states() == synced },
        "\(states())\nfollower: \(ProcessLauncher.log(followerLog))\nbridge: \(bridge.log.suffix(3000))"
      )

      let (_, id) = try Self.issue(daemon)
      kill(follower.processIdentifier, SIGSTOP)
      let revoke = try Harness.apikeyctl(
        daemon, ["keys", "revoke", id, "--yes", "--wait-for-verifiers=3s"])
      #expect(revoke.status == 3, "\(revoke)")
      #expect(revoke.stderr.contains("acknowledged by 2 of 3"), "\(revoke)")
      #expect(revoke.stderr.contains("py-follower"), "\(revoke)")
      #expect(Self.eventually { states()["py-follower"] == "VERIFIER_STATE_STALE" })
      #expect(try Harness.apikeyctl(daemon, ["verifiers"]).status == 3)

      kill(follower.processIdentifier, SIGCONT)
      #expect(Self.eventually(15) { states() == synced }, "\(states())")
      let done = try Harness.apikeyctl(
        daemon, ["signing-key", "rotate", "--wait-for-verifiers=10s"])
      #expect(done.status == 0, "\(done)")
      #expect(done.stderr.contains("acknowledged by all 3 verifiers"), "\(done)")
    }

    @Test(
      "Names and tags: a 10,000-character name, a tag without =, a 17th tag are refused naming the field; update changes them and never the token; they survive backup, restore and copy-database"
    )
    func labels() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let base = ["issue", "--email", "n@example.com", "--organisation", "Names"]
      let long = try Harness.apikeyctl(
        daemon, base + ["--name", String(repeating: "x", count: 10_000)])
      #expect(long.status != 0 && long.stderr.contains("name"), "\(long)")
      let noEquals = try Harness.apikeyctl(daemon, base + ["--tag", "prod"])
      #expect(noEquals.status != 0 && noEquals.stderr.contains("--tag"), "\(noEquals)")
      let seventeen = try Harness.apikeyctl(
        daemon, base + (0 ..< 17).flatMap { ["--tag", "t\($0)=v"] })
      #expect(seventeen.status != 0 && seventeen.stderr.contains("tags"), "\(seventeen)")
      #expect(Self.ids(try Self.json(daemon, ["keys", "list"])).isEmpty)

      let (token, id) = try Self.issue(daemon, ["--name", "Dashboard", "--tag", "env=test"])
      let updated = try Self.json(
        daemon,
        [
          "keys", "update", id, "--name", "Dashboard, production", "--tag", "env=prod",
          "--tag", "team=bbga",
        ])
      #expect(
        (updated["key"] as? [String: Any])?["tags"] as? [String: String] == [
          "env": "prod", "team": "bbga",
        ])
      let untagged = try Self.json(daemon, ["keys", "update", id, "--untag", "team"])
      #expect((untagged["key"] as? [String: Any])?["tags"] as? [String: String] == ["env": "prod"])
      let verified = try Harness.apikeyctl(daemon, ["verify", token])
      #expect(verified.status == 0, "the token still verifies: \(verified)")

      let backup = "\(daemon.dataDirectory)-backup.db"
      defer { try? FileManager.default.removeItem(atPath: backup) }
      #expect(try Harness.apikeyctl(daemon, ["backup", backup]).status == 0)
      // Restored into one directory, copied from there into another, served from the copy.
      let directories = (0 ..< 2).map { _ in "/tmp/aks-\(UUID().uuidString.prefix(8))" }
      for directory in directories {
        try FileManager.default.createDirectory(
          atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
          atPath: "\(daemon.dataDirectory)/master.key", toPath: "\(directory)/master.key")
      }
      defer { try? FileManager.default.removeItem(atPath: directories[0]) }
      let restore = try Harness.run(
        "\(Harness.binDirectory)/apikeyserv", ["restore", backup, "--data-dir", directories[0]])
      #expect(restore.status == 0, "\(restore)")
      let copied = try Harness.run(
        "\(Harness.binDirectory)/apikeyserv",
        [
          "copy-database", "--from", "\(directories[0])/apikeyserv.db", "--to",
          "\(directories[1])/apikeyserv.db", "--data-dir", directories[0],
        ])
      #expect(copied.status == 0, "\(copied)")
      let restored = try DaemonProcess(dataDirectory: directories[1], extraArguments: [])
      defer { restored.stopAndRemoveFiles() }
      let shown = try Self.json(restored, ["keys", "show", id])
      #expect((shown["key"] as? [String: Any])?["name"] as? String == "Dashboard, production")
      #expect((shown["key"] as? [String: Any])?["tags"] as? [String: String] == ["env": "prod"])
      #expect(
        Self.ids(try Self.json(restored, ["keys", "list", "--name-contains", "PRODUCTION"])) == [id]
      )
    }
    @Test(
      "POST /usage/ forwards a JSON report through the bridge with --accept-usage-reports (counted under the client address, a replay once, a bad one 400), and is absent without it"
    )
    func bridgeReports() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let (_, id) = try Self.issue(daemon)
      let kid = try EndToEnd.BridgeEndToEndTests.signingKid(daemon)
      let bridge = try BridgeProcess(
        socket: daemon.publicSocket, extraArguments: ["--accept-usage-reports"])
      defer { bridge.stop() }
      let closed = try BridgeProcess(socket: daemon.publicSocket)
      defer { closed.stop() }
      let now = Date().ISO8601Format()
      let body = """
        {"verifier":"remote-api","batchId":"b-1","entries":[{"keyId":"\(id)","kid":"\(kid)",\
        "outcome":"USAGE_OUTCOME_ACCEPTED","count":"4","firstSeen":"\(now)","lastSeen":"\(now)"}]}
        """
      let headers = ["Content-Type": "application/json"]
      let sent = try HTTP.get(
        "\(bridge.baseURL)/usage/", method: "POST", headers: headers, body: body)
      #expect(sent.status == 200, "\(sent)\n\(bridge.log.suffix(2000))")
      #expect(try sent.json()["accepted_entries"] as? Int == 1)
      let again = try HTTP.get(
        "\(bridge.baseURL)/usage/", method: "POST", headers: headers, body: body)
      #expect(try again.json()["replayed"] as? Bool == true)
      let bad = try HTTP.get(
        "\(bridge.baseURL)/usage/", method: "POST", headers: headers,
        body: #"{"verifier":"","batchId":"b-2"}"#)
      #expect(bad.status == 400 && bad.body.contains("verifier"), "\(bad)")
      #expect(
        try HTTP.get("\(closed.baseURL)/usage/", method: "POST", headers: headers, body: body)
          .status == 404)

      let shown = try Self.json(daemon, ["keys", "show", id])
      let usage = try #require(shown["usage"] as? [String: Any])
      #expect(usage["accepted_7d"] as? String == "4")
      let verifiers = try Self.json(daemon, ["verifiers"])["verifiers"] as? [[String: Any]] ?? []
      let remote = try #require(verifiers.first { $0["name"] as? String == "remote-api" })
      #expect((remote["peer"] as? String)?.hasPrefix("127.0.0.1 via pid=") == true, "\(remote)")
    }
  }
}
