import Foundation
import Testing

extension EndToEnd {
  /// The Python client (clients/python, installed into the test virtualenv by `make test`)
  /// against a real daemon and bridge.
  @Suite("Python client end to end", .serialized)
  struct PythonClientEndToEndTests {
    @Test(
      "Django with apikeyserv-client: valid 200 with the subject, revoked and expired and retired-signer keys 400, stale 503 and back, one refetch for many unknown kids, usage by key id"
    )
    func django() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let bridge = try BridgeProcess(
        socket: daemon.publicSocket,
        extraArguments: ["--accept-usage-reports", "--usage-report-limit", "1000/minute"])
      defer { bridge.stop() }
      try bridge.waitUntilServing()
      let argv = [bridge.process.executableURL?.path ?? ""] + (bridge.process.arguments ?? [])
      let output = try Harness.pythonScript(
        "python_client.py",
        [
          "--bridge", bridge.baseURL, "--apikeyctl", "\(Harness.binDirectory)/apikeyctl",
          "--admin-socket", daemon.adminSocket, "--bridge-pid",
          "\(bridge.process.processIdentifier)",
          "--bridge-argv",
          String(decoding: try JSONSerialization.data(withJSONObject: argv), as: UTF8.self),
        ])
      #expect(output.status == 0, "\(output)")
      let result = try output.json()
      let key = try #require(result["key_id"] as? String)
      #expect((result["valid"] as? [Any])?.first as? Int == 200)
      #expect((result["valid"] as? [Any])?.last as? String == key)
      #expect(result["revoked_before"] as? Int == 200)
      #expect((result["revoked_refused_after_s"] as? Double).map { $0 < 5 } == true, "\(result)")
      #expect(result["expired"] as? Int == 400)
      #expect(result["retired_refused_after_s"] is Double, "\(result)")
      #expect(result["new_key_valid"] as? Int == 200)
      #expect(result["unknown_kid"] as? Int == 400)
      #expect(
        (result["jwks_requests_for_20_unknown"] as? Double).map { (1 ... 2).contains($0) } == true,
        "\(result)")
      #expect(result["stale_after_s"] is Double, "no 503 once the bridge was gone: \(result)")
      #expect(result["back_after_s"] is Double, "no 200 once the bridge was back: \(result)")
      let verifiers = try Harness.apikeyctl(daemon, ["verifiers", "--json"])
      #expect(verifiers.stdout.contains("django-e2e"), "\(verifiers)")
      let shown = try Harness.apikeyctl(daemon, ["keys", "show", key, "--json"]).json()
      let used = (shown["usage"] as? [String: Any])?["accepted_7d"] as? String
      #expect(used.flatMap { Int($0) }.map { $0 >= 1 } == true, "\(shown)")
    }

    @Test(
      "Side by side with the original's middleware (0.7.7): the same answers wherever the original is not unsafe; it accepts expired and revoked keys and skips browsers, ours does not"
    )
    func sideBySide() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let bridge = try BridgeProcess(socket: daemon.publicSocket)
      defer { bridge.stop() }
      try bridge.waitUntilServing()
      func issue(_ expires: String) throws -> (String, String) {
        let answer = try Harness.apikeyctl(
          daemon,
          [
            "issue", "--email", "s@example.org", "--organisation", "S", "--expires", expires,
            "--json",
          ]
        ).json()
        let id = try #require((answer["key"] as? [String: Any])?["id"] as? String)
        return (id, try #require(answer["token"] as? String))
      }
      let (_, valid) = try issue("30d")
      let (_, expired) = try issue("1s")
      let (revokedID, revoked) = try issue("30d")
      #expect(try Harness.apikeyctl(daemon, ["keys", "revoke", revokedID, "--yes"]).status == 0)
      try bridge.waitUntilServing()
      sleep(2)
      let output = try Harness.pythonScript(
        "side_by_side.py",
        [
          "--bridge", bridge.baseURL, "--valid", valid, "--expired", expired, "--revoked", revoked,
        ])
      #expect(output.status == 0, "\(output)")
      let result = try output.json()
      let differing = Set(
        result.compactMap { name, value in
          (value as? [String: Any])?["same"] as? Bool == false ? name : nil
        })
      #expect(
        differing == ["expired", "revoked", "Mozilla user agent, no key"], "\(output.stdout)")
      for name in ["expired", "revoked"] {
        let answers = result[name] as? [String: Any]
        #expect((answers?["original"] as? [Any])?.first as? Int == 200, "\(name)")
        #expect((answers?["ours"] as? [Any])?.first as? Int == 400, "\(name)")
      }
    }

    @Test(
      "APIKEY_SOCKET: the daemon pushes the set over its public socket; a revocation and a retirement reach the middleware without polling; usage goes to ReportUsage"
    )
    func socket() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let output = try Harness.pythonScript(
        "python_socket.py",
        [
          "--socket", daemon.publicSocket, "--apikeyctl", "\(Harness.binDirectory)/apikeyctl",
          "--admin-socket", daemon.adminSocket,
        ])
      #expect(output.status == 0, "\(output)")
      let result = try output.json()
      let key = try #require(result["key_id"] as? String)
      #expect((result["valid"] as? [Any])?.first as? Int == 200)
      #expect((result["valid"] as? [Any])?.last as? String == key)
      #expect((result["revoked_refused_after_s"] as? Double).map { $0 < 1 } == true, "\(result)")
      #expect(result["retired_refused_after_s"] is Double, "\(result)")
      #expect(result["new_key"] as? Int == 200)
      let verifiers = try Harness.apikeyctl(daemon, ["verifiers", "--json"])
      #expect(verifiers.stdout.contains("django-socket"), "\(verifiers)")
      let shown = try Harness.apikeyctl(daemon, ["keys", "show", key, "--json"]).json()
      let used = (shown["usage"] as? [String: Any])?["accepted_7d"] as? String
      #expect(used.flatMap { Int($0) }.map { $0 >= 1 } == true, "\(shown)")
    }
  }
}
