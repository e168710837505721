import Foundation
import Glibc
import Testing

extension EndToEnd {
  /// apikey-http with the real daemon, curl and the original's Python client.
  @Suite("HTTP bridge end to end", .serialized)
  struct BridgeEndToEndTests {
    /// Polls `url` until `condition` holds on a response; the last response and the wait.
    static func waitFor(
      _ url: String, timeout: TimeInterval = 5, _ condition: (HTTP.Response) -> Bool
    ) throws -> (HTTP.Response, TimeInterval) {
      let start = Date()
      var last = try HTTP.get(url)
      while !condition(last) && Date().timeIntervalSince(start) < timeout {
        usleep(5_000)
        last = try HTTP.get(url)
      }
      return (last, Date().timeIntervalSince(start))
    }

    static func kids(_ response: HTTP.Response) -> [String] {
      let keys = (try? response.json())?["keys"] as? [[String: Any]] ?? []
      return keys.compactMap { $0["kid"] as? String }
    }

    static func signingKid(_ daemon: DaemonProcess) throws -> String {
      let listed = try Harness.apikeyctl(daemon, ["signing-key", "list", "--json"])
      let keys = try #require(try listed.json()["keys"] as? [[String: Any]])
      return try #require(keys.first { $0["signing"] as? Bool == true }?["kid"] as? String)
    }

    @Test("A retired key vanishes from the bridge and a new key appears, pushed by the daemon")
    func changesArrive() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let bridge = try BridgeProcess(socket: daemon.publicSocket)
      defer { bridge.stop() }
      let first = try Self.signingKid(daemon)
      let (initial, _) = try Self.waitFor("\(bridge.baseURL)/signingkeys/") {
        Self.kids($0) == [first]
      }
      #expect(Self.kids(initial) == [first])
      #expect(initial.headers["content-type"] == "application/json")

      #expect(try Harness.apikeyctl(daemon, ["signing-key", "generate"]).status == 0)
      let second = try Self.signingKid(daemon)
      let (added, _) = try Self.waitFor("\(bridge.baseURL)/.well-known/jwks.json") {
        Self.kids($0).contains(second)
      }
      #expect(Set(Self.kids(added)) == [first, second])

      #expect(try Harness.apikeyctl(daemon, ["signing-key", "retire", first]).status == 0)
      let (retired, waited) = try Self.waitFor("\(bridge.baseURL)/signingkeys/") {
        !Self.kids($0).contains(first)
      }
      #expect(Self.kids(retired) == [second], "after \(waited) s")
      #expect(retired.headers["etag"] != initial.headers["etag"])
      #expect(bridge.log.contains("New key set"))
    }

    @Test(
      "With the daemon gone the bridge keeps serving its last set; after a restart changes arrive again"
    )
    func survivesDaemonRestart() throws {
      let daemon = try DaemonProcess()
      defer { daemon.removeFiles() }
      let bridge = try BridgeProcess(socket: daemon.publicSocket)
      defer { bridge.stop() }
      let kid = try Self.signingKid(daemon)
      let (before, _) = try Self.waitFor("\(bridge.baseURL)/readyz") { $0.status == 200 }
      #expect(before.status == 200)
      let served = try HTTP.get("\(bridge.baseURL)/signingkeys/")

      #expect(daemon.stop() == 0)
      let (notReady, _) = try Self.waitFor("\(bridge.baseURL)/readyz") { $0.status == 503 }
      #expect(notReady.status == 503)
      #expect(notReady.body.contains("serving the last key set"))
      let during = try HTTP.get("\(bridge.baseURL)/signingkeys/")
      #expect(during.status == 200)
      #expect(during.body == served.body)
      #expect(during.headers["etag"] == served.headers["etag"])

      // Offline change: a new key added while the bridge could not see the daemon.
      let restarted = try DaemonProcess(dataDirectory: daemon.dataDirectory, extraArguments: [])
      defer { restarted.stop() }
      #expect(try Harness.apikeyctl(restarted, ["signing-key", "generate"]).status == 0)
      let (after, _) = try Self.waitFor("\(bridge.baseURL)/signingkeys/") {
        Self.kids($0).count == 2
      }
      #expect(Self.kids(after).contains(kid))
      #expect(Self.kids(after).count == 2)
      #expect(try Self.waitFor("\(bridge.baseURL)/readyz") { $0.status == 200 }.0.status == 200)
    }

    @Test(
      "Started before the daemon it answers 503 with a JSON message, then serves once the daemon is up"
    )
    func startsBeforeDaemon() throws {
      let directory = "/tmp/aks-\(UUID().uuidString.prefix(8))"
      let bridge = try BridgeProcess(socket: "\(directory)/apikeyserv.sock")
      defer { bridge.stop() }
      let early = try HTTP.get("\(bridge.baseURL)/signingkeys/")
      #expect(early.status == 503)
      #expect((try early.json()["message"] as? String)?.contains("waiting for apikeyserv") == true)
      #expect(try HTTP.get("\(bridge.baseURL)/readyz").status == 503)

      let daemon = try DaemonProcess(dataDirectory: directory)
      defer { daemon.stopAndRemoveFiles() }
      let (served, _) = try Self.waitFor("\(bridge.baseURL)/signingkeys/") { $0.status == 200 }
      #expect(served.status == 200)
      #expect(Self.kids(served) == [try Self.signingKid(daemon)])
    }

    @Test(
      "The original's Django middleware accepts an issued key, rejects tampered and retired-key tokens"
    )
    func originalClient() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let bridge = try BridgeProcess(socket: daemon.publicSocket)
      defer { bridge.stop() }
      let old = try Self.signingKid(daemon)
      let retiredToken = try Harness.apikeyctl(
        daemon, ["issue", "--email", "old@example.com", "--organisation", "Oud"]
      ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
      let generated = try Harness.apikeyctl(daemon, ["signing-key", "generate"])
      #expect(generated.status == 0, "\(generated)")
      let retired = try Harness.apikeyctl(daemon, ["signing-key", "retire", old, "--yes"])
      #expect(
        retired.status == 0, "retire \(old): \(retired)\ndaemon log:\n\(daemon.log.suffix(4000))")
      let issued = try Harness.apikeyctl(
        daemon, ["issue", "--email", "new@example.com", "--organisation", "Nieuw", "--json"])
      let json = try issued.json()
      let token = try #require(json["token"] as? String)
      let id = try #require((json["key"] as? [String: Any])?["id"] as? String)
      _ = try Self.waitFor("\(bridge.baseURL)/signingkeys/") { !Self.kids($0).contains(old) }

      let result = try Harness.pythonScript(
        "django_client.py", ["\(bridge.baseURL)/signingkeys/", token, retiredToken])
      #expect(result.status == 0, "\(result)")
      let outcome = try result.json()
      #expect((outcome["valid"] as? [Any])?.first as? Int == 200)
      #expect((outcome["valid"] as? [Any])?.last as? String == id)
      #expect((outcome["valid_query"] as? [Any])?.first as? Int == 200)
      #expect((outcome["tampered"] as? [Any])?.first as? Int == 400)
      #expect((outcome["retired"] as? [Any])?.first as? Int == 400)
      #expect((outcome["missing"] as? [Any])?.first as? Int == 401)
      #expect(outcome["pyjwt_sub"] as? String == id)
    }

    @Test(
      "Unknown paths get JSON 404s; huge URLs and headers are refused; a slow client blocks no one")
    func badRequests() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let bridge = try BridgeProcess(socket: daemon.publicSocket)
      defer { bridge.stop() }
      let missing = try HTTP.get("\(bridge.baseURL)/admin")
      #expect(missing.status == 404)
      #expect(try missing.json()["message"] as? String == "not found")

      let long = try? HTTP.get(
        "\(bridge.baseURL)/signingkeys/?" + String(repeating: "a", count: 200_000))
      #expect(long.map { $0.status >= 400 } ?? true)
      let header = try? HTTP.get(
        "\(bridge.baseURL)/signingkeys/", headers: ["X-Big": String(repeating: "b", count: 200_000)]
      )
      #expect(header.map { $0.status >= 400 } ?? true)

      // A client that sends half a request and stalls.
      let slow = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
      defer { close(slow) }
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_addr.s_addr = inet_addr("127.0.0.1")
      address.sin_port = UInt16(bridge.port).bigEndian
      let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          connect(slow, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
      #expect(connected == 0)
      let partial = Array("GET /signingkeys/ HTTP/1.1\r\nHost: x\r\n".utf8)
      #expect(send(slow, partial, partial.count, 0) == partial.count)
      #expect(try HTTP.get("\(bridge.baseURL)/signingkeys/").status == 200)
      #expect(try HTTP.get("\(bridge.baseURL)/healthz").status == 200)
    }

    @Test("It runs as a user who cannot read the data directory: it needs no secret")
    func runsUnprivileged() throws {
      try #require(getuid() == 0, "needs root to switch to the nobody user")
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let copy = try Harness.copyForOtherUsers("apikey-http")
      defer { try? FileManager.default.removeItem(atPath: copy.directory) }
      let cannotRead = try Harness.run(
        "/usr/sbin/runuser", ["-u", "nobody", "--", "cat", "\(daemon.dataDirectory)/apikeyserv.db"])
      #expect(cannotRead.status != 0)
      let cannotList = try Harness.run(
        "/usr/sbin/runuser", ["-u", "nobody", "--", "ls", daemon.dataDirectory])
      #expect(cannotList.status != 0)

      let bridge = try BridgeProcess.retryingBusyText {
        try BridgeProcess(
          socket: daemon.publicSocket, executable: copy.executable, runAs: "nobody")
      }
      defer { bridge.stop() }
      let (served, _) = try Self.waitFor("\(bridge.baseURL)/signingkeys/") { $0.status == 200 }
      #expect(Self.kids(served) == [try Self.signingKid(daemon)])
    }
  }
}
