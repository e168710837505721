import Foundation
import Testing

extension EndToEnd {
  /// Key lifecycle through the CLI, the bridge and APIKeyClient, with real processes.
  @Suite("Key lifecycle end to end", .serialized)
  struct LifecycleEndToEndTests {
    static func kid(of token: String) throws -> String {
      let header = try #require(token.split(separator: ".").first)
      var base64 = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(
        of: "_", with: "/")
      base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
      let json = try JSONSerialization.jsonObject(with: try #require(Data(base64Encoded: base64)))
      return try #require((json as? [String: Any])?["kid"] as? String)
    }

    static func issueToken(_ daemon: DaemonProcess) throws -> String {
      try ClientEndToEndTests.issue(daemon).token
    }

    @Test(
      "Rotate: the bridge publishes the new key before its first token; retire with grace keeps it until the grace ends"
    )
    func rotateAndRetireWithGrace() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let bridge = try BridgeProcess(socket: daemon.publicSocket)
      defer { bridge.stop() }
      let jwks = "\(bridge.baseURL)/signingkeys/"
      _ = try BridgeEndToEndTests.waitFor("\(bridge.baseURL)/readyz") { $0.status == 200 }
      let oldKid = try BridgeEndToEndTests.signingKid(daemon)
      let oldToken = try Self.issueToken(daemon)

      let rotated = try Harness.apikeyctl(
        daemon, ["signing-key", "rotate", "--publish-ahead", "3s", "--json"])
      #expect(rotated.status == 0, "\(rotated)")
      let newKid = try #require((try rotated.json()["key"] as? [String: Any])?["kid"] as? String)
      #expect(try rotated.json()["previous_kid"] as? String == oldKid)
      let (published, _) = try BridgeEndToEndTests.waitFor(jwks) {
        BridgeEndToEndTests.kids($0).contains(newKid)
      }
      let publishedAt = Date()
      #expect(BridgeEndToEndTests.kids(published).contains(newKid), "\(bridge.log)")
      let listed = try Harness.apikeyctl(daemon, ["signing-key", "list"]).stdout
      #expect(listed.contains(newKid) && listed.contains("pending"), "\(listed)")

      // Tokens come from the old key until the daemon switches on its own; the first token of the
      // new key is issued after the bridge published it.
      var firstNewTokenAt: Date?
      let deadline = Date() + 10
      while firstNewTokenAt == nil && Date() < deadline {
        let token = try Self.issueToken(daemon)
        if try Self.kid(of: token) == newKid { firstNewTokenAt = Date() } else { usleep(100_000) }
      }
      let switchedAt = try #require(
        firstNewTokenAt, "the daemon never switched to \(newKid):\n\(daemon.log)")
      #expect(switchedAt > publishedAt)
      #expect(switchedAt.timeIntervalSince(publishedAt) > 1.5)  // published well ahead (3 s)

      // The API keys issued before the switch depend on the old key: a dry run shows that; without a terminal and without
      // --yes, retire refuses and changes nothing.
      let dryRun = try Harness.apikeyctl(daemon, ["signing-key", "retire", oldKid, "--dry-run"])
      #expect(dryRun.status == 0, "\(dryRun)")
      #expect(dryRun.stdout.contains("Dry run") && dryRun.stdout.contains("API keys"), "\(dryRun)")
      #expect(dryRun.stdout.contains("Service: "), "\(dryRun)")
      let refused = try Harness.apikeyctl(daemon, ["signing-key", "retire", oldKid])
      #expect(refused.status == 1)
      #expect(refused.stderr.contains("API keys would stop verifying"), "\(refused)")
      #expect(try Harness.apikeyctl(daemon, ["signing-key", "list"]).stdout.contains("active"))

      // Retire the old key with a 2 s grace: it stops signing, stays published, then leaves.
      let retired = try Harness.apikeyctl(
        daemon, ["signing-key", "retire", oldKid, "--grace", "2s", "--yes"])
      #expect(retired.status == 0, "\(retired)")
      let states = try Harness.apikeyctl(daemon, ["signing-key", "list"]).stdout
      #expect(states.contains("retiring"), "\(states)")
      #expect(BridgeEndToEndTests.kids(try HTTP.get(jwks)).contains(oldKid))
      #expect(try Harness.apikeyctl(daemon, ["verify", oldToken]).status == 0)
      let (after, waited) = try BridgeEndToEndTests.waitFor(jwks, timeout: 10) {
        !BridgeEndToEndTests.kids($0).contains(oldKid)
      }
      #expect(!BridgeEndToEndTests.kids(after).contains(oldKid), "\(bridge.log)")
      #expect(waited > 1, "left the set before its grace ended")
      #expect(try Harness.apikeyctl(daemon, ["verify", oldToken]).status != 0)
      #expect(try Harness.apikeyctl(daemon, ["signing-key", "list"]).stdout.contains("retired"))
    }

    @Test(
      "Revoke: VerifyKey, the bridge's /revoked and APIKeyClient over HTTP and the socket reject the key within a second"
    )
    func revoke() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let bridge = try BridgeProcess(socket: daemon.publicSocket)
      defer { bridge.stop() }
      _ = try BridgeEndToEndTests.waitFor("\(bridge.baseURL)/readyz") { $0.status == 200 }
      let viaHTTP = try ServiceProcess(
        endpoint: "\(bridge.baseURL)/signingkeys/", refreshInterval: 0.2)
      defer { viaHTTP.stop() }
      let viaSocket = try ServiceProcess(endpoint: "unix:\(daemon.publicSocket)")
      defer { viaSocket.stop() }
      let leaked = try ClientEndToEndTests.issue(daemon)
      let kept = try ClientEndToEndTests.issue(daemon)
      for service in [viaHTTP, viaSocket] {
        #expect(
          try ClientEndToEndTests.waitFor(service, token: leaked.token, status: 200).status == 200,
          "\(service.log)")
      }
      let before = try HTTP.get("\(bridge.baseURL)/revoked")
      #expect(before.status == 200)
      #expect(before.body.contains(#""revoked":[]"#))

      let revoked = try Harness.apikeyctl(daemon, ["keys", "revoke", leaked.id])
      #expect(revoked.status == 0, "\(revoked)")
      let revokedAt = Date()
      let verify = try Harness.apikeyctl(daemon, ["verify", leaked.token])
      #expect(verify.status != 0)
      #expect(verify.stderr.contains("revoked"), "\(verify)")
      let (list, _) = try BridgeEndToEndTests.waitFor("\(bridge.baseURL)/revoked", timeout: 1) {
        $0.body.contains("\"\(leaked.id)\"")
      }
      #expect(list.body.contains("\"\(leaked.id)\""), "\(bridge.log)")
      #expect(list.headers["etag"] != before.headers["etag"])
      #expect(
        try HTTP.get("\(bridge.baseURL)/signingkeys/").headers["etag"] == list.headers["etag"])
      for service in [viaHTTP, viaSocket] {
        var status = try service.status(token: leaked.token).status
        while status != 400 && Date().timeIntervalSince(revokedAt) < 1 {
          usleep(10_000)
          status = try service.status(token: leaked.token).status
        }
        #expect(
          status == 400,
          "still accepted \(Date().timeIntervalSince(revokedAt)) s after revoking:\n\(service.log)")
        #expect(try service.status(token: kept.token).status == 200)
      }
      print(
        "revocation reached all verifiers within \(Int(Date().timeIntervalSince(revokedAt) * 1000)) ms"
      )
      // Revoked for good: no new token for it.
      let resign = try Harness.apikeyctl(daemon, ["keys", "resign", leaked.id])
      #expect(resign.status != 0)
      #expect(resign.stderr.contains("revoked"))
    }

    @Test(
      "A kid that starts with -h is a kid on the command line, not the help flag (one kid in 64 starts with -)"
    )
    func kidStartingWithDash() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let made = try Harness.pythonScript("dash_kid.py", [])
      let key = try made.json()
      let kid = try #require(key["kid"] as? String)
      let added = try Harness.apikeyctl(
        daemon, ["signing-key", "add", "-", "--not-before", "2099-01-01"],
        stdin: try #require(key["pem"] as? String))
      #expect(added.status == 0, "\(added)")
      let resigned = try Harness.apikeyctl(daemon, ["keys", "resign", "--signed-by", kid])
      #expect(resigned.status == 0, "\(resigned)")
      #expect(resigned.stderr.contains("Re-signed 0 keys that depended on \(kid)"))
      let retired = try Harness.apikeyctl(daemon, ["signing-key", "retire", kid, "--yes"])
      #expect(retired.status == 0, "\(retired)")
      #expect(retired.stderr.contains("Retired \(kid)"), "\(retired)")
      let listed = try Harness.apikeyctl(daemon, ["signing-key", "list"]).stdout
      #expect(
        listed.split(separator: "\n").contains { $0.hasPrefix(kid) && $0.contains("retired") },
        "\(listed)")
    }

    @Test(
      "audit verify finds a row edited in the database file; callers carry the peer's pid and uid")
    func auditTamper() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let issued = try ClientEndToEndTests.issue(daemon)
      #expect(try Harness.apikeyctl(daemon, ["keys", "mark-sent", issued.id]).status == 0)
      let intact = try Harness.apikeyctl(daemon, ["audit", "verify"])
      #expect(intact.status == 0, "\(intact)")
      #expect(intact.stdout.contains("intact: 3 entries"))
      let listed = try Harness.apikeyctl(daemon, ["audit", "list", "--json"]).json()
      let entries = try #require(listed["entries"] as? [[String: Any]])
      #expect(
        entries.map { $0["action"] as? String } == [
          "generate_signing_key", "issue_key", "mark_sent",
        ])
      let caller = entries.last?["caller"] as? String ?? ""
      #expect(caller.contains("uid=\(getuid())") && caller.contains("pid="), "\(caller)")

      let edit = try Harness.run(
        Harness.python,
        [
          "-c",
          "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            + "c.execute(\"UPDATE audit_log SET target = '1' WHERE seq = 2\"); c.commit()",
          "\(daemon.dataDirectory)/apikeyserv.db",
        ])
      #expect(edit.status == 0, "\(edit)")
      let broken = try Harness.apikeyctl(daemon, ["audit", "verify"])
      #expect(broken.status == 1)
      #expect(broken.stderr.contains("broken at row 2"), "\(broken)")
    }
  }
}
