import Foundation
import Testing

extension EndToEnd {
  /// The example service (APIKeyClient + the Hummingbird middleware) with both providers, against
  /// the real daemon and bridge.
  @Suite("APIKeyClient end to end", .serialized)
  struct ClientEndToEndTests {
    static func issue(_ daemon: DaemonProcess) throws -> (token: String, id: String) {
      let json = try Harness.apikeyctl(
        daemon, ["issue", "--email", "svc@example.com", "--organisation", "Service", "--json"]
      ).json()
      return (
        try #require(json["token"] as? String),
        try #require((json["key"] as? [String: Any])?["id"] as? String)
      )
    }

    /// Polls until GET /whoami with `token` answers `status`.
    static func waitFor(
      _ service: ServiceProcess, token: String?, status: Int
    ) throws -> HTTP.Response {
      let deadline = Date() + 10
      var response = try service.status(token: token)
      while response.status != status && Date() < deadline {
        usleep(20_000)
        response = try service.status(token: token)
      }
      return response
    }

    @Test(
      "Both providers accept issued keys, pick up a new key and a retirement; 200/400/401 as the original"
    )
    func providers() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let bridge = try BridgeProcess(socket: daemon.publicSocket)
      defer { bridge.stop() }
      _ = try EndToEnd.BridgeEndToEndTests.waitFor("\(bridge.baseURL)/readyz") { $0.status == 200 }
      let viaHTTP = try ServiceProcess(endpoint: "\(bridge.baseURL)/signingkeys/")
      defer { viaHTTP.stop() }
      let viaSocket = try ServiceProcess(endpoint: "unix:\(daemon.publicSocket)")
      defer { viaSocket.stop() }

      let first = try Self.issue(daemon)
      let oldKid = try EndToEnd.BridgeEndToEndTests.signingKid(daemon)
      for service in [viaHTTP, viaSocket] {
        let accepted = try Self.waitFor(service, token: first.token, status: 200)
        #expect(accepted.status == 200, "\(service.log)")
        #expect(accepted.body == "{\"subject\":\"\(first.id)\"}")
        #expect(try service.status(token: nil).status == 401)
        #expect(try service.status(token: nil).body == #"{"message":"API key missing"}"#)
        let tampered = String(first.token.dropLast(2)) + (first.token.hasSuffix("AA") ? "BB" : "AA")
        #expect(try service.status(token: tampered).status == 400)
        #expect(try service.status(token: tampered).body == #"{"message":"invalid API key"}"#)
        #expect(try service.status("/?x-api-key=\(first.token)", token: nil).status == 200)
      }

      // A new signing key: tokens it signs are accepted once the providers have it.
      #expect(try Harness.apikeyctl(daemon, ["signing-key", "generate"]).status == 0)
      let second = try Self.issue(daemon)
      for service in [viaHTTP, viaSocket] {
        #expect(
          try Self.waitFor(service, token: second.token, status: 200).status == 200,
          "\(service.log)")
      }

      // Retiring the old key: its tokens are refused.
      let retired = try Harness.apikeyctl(daemon, ["signing-key", "retire", oldKid, "--yes"])
      #expect(retired.status == 0, "\(retired)")
      for service in [viaHTTP, viaSocket] {
        let answer = try Self.waitFor(service, token: first.token, status: 400)
        if answer.status != 400 {
          let listed = try Harness.apikeyctl(daemon, ["signing-key", "list"]).stdout
          let published = try Harness.apikeyctl(daemon, ["public-keys"]).stdout
          let served = try HTTP.get("\(bridge.baseURL)/signingkeys/")
          Issue.record(
            """
            retired \(oldKid), still accepted.
            signing keys (database):\n\(listed)
            public keys (daemon's snapshot): \(published)
            bridge: \(served.headers["etag"] ?? "-") \(served.body)
            first token: \(first.token)
            service log:\n\(service.log)
            bridge log:\n\(bridge.log)
            daemon log:\n\(daemon.log.suffix(6000))
            """)
        }
        #expect(try service.status(token: second.token).status == 200)
      }
    }

    @Test(
      "HTTP provider: retiring the only signing key refuses its tokens; with the bridge gone past APIKEY_MAX_STALENESS every key gets 503"
    )
    func failsClosed() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let bridge = try BridgeProcess(socket: daemon.publicSocket)
      defer { bridge.stop() }
      try bridge.waitUntilServing()
      let service = try ServiceProcess(
        endpoint: "\(bridge.baseURL)/signingkeys/", maximumStaleness: 3)
      defer { service.stop() }
      let (token, _) = try Self.issue(daemon)
      #expect(try Self.waitFor(service, token: token, status: 200).status == 200, "\(service.log)")

      // The only key retired: the bridge serves {"keys":[]}, and the service refuses the token.
      let kid = try EndToEnd.BridgeEndToEndTests.signingKid(daemon)
      #expect(try Harness.apikeyctl(daemon, ["signing-key", "retire", kid, "--yes"]).status == 0)
      let refused = try Self.waitFor(service, token: token, status: 400)
      #expect(
        refused.status == 400, "still accepted after the only key was retired:\n\(service.log)")

      // A new key and token; then the bridge goes away: after the maximum staleness, 503.
      #expect(try Harness.apikeyctl(daemon, ["signing-key", "generate"]).status == 0)
      let (fresh, _) = try Self.issue(daemon)
      #expect(try Self.waitFor(service, token: fresh, status: 200).status == 200, "\(service.log)")
      bridge.stop()
      let stale = try Self.waitFor(service, token: fresh, status: 503)
      #expect(stale.status == 503, "\(stale)\n\(service.log)")
      #expect(stale.body == #"{"message":"API key verification unavailable"}"#)
    }
  }
}
