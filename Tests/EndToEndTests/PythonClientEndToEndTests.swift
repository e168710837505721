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
        (result["jwks_requests_for_20_unknown"] as? Double).map { $0 <= 3 } == true, "\(result)")
      #expect(result["stale_after_s"] is Double, "no 503 once the bridge was gone: \(result)")
      #expect(result["back_after_s"] is Double, "no 200 once the bridge was back: \(result)")
      let verifiers = try Harness.apikeyctl(daemon, ["verifiers", "--json"])
      #expect(verifiers.stdout.contains("django-e2e"), "\(verifiers)")
      let shown = try Harness.apikeyctl(daemon, ["keys", "show", key, "--json"]).json()
      let used = (shown["usage"] as? [String: Any])?["accepted_7d"] as? String
      #expect(used.flatMap { Int($0) }.map { $0 >= 1 } == true, "\(shown)")
    }
  }
}
