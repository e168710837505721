import Foundation
import Testing

extension EndToEnd {
  /// The public socket is any local user's: its limits, each shown refusing, and raw garbage on
  /// both sockets, with the daemon serving on.
  @Suite("Daemon limits end to end", .serialized)
  struct DaemonLimitsEndToEndTests {
    static func run(
      _ daemon: DaemonProcess, _ command: String, _ arguments: [String] = []
    ) throws -> [String: Any] {
      let result = try Harness.python(daemon, command, arguments, script: "socket_limits.py")
      #expect(result.status == 0, "\(result)")
      return try result.json()
    }

    @Test("Connections per user are capped on the public socket; the admin socket still answers")
    func connectionsPerUser() throws {
      let daemon = try DaemonProcess(extraArguments: [
        "--generate-signing-key-if-none", "--max-connections-per-user", "4",
      ])
      defer { daemon.stopAndRemoveFiles() }
      let json = try Self.run(daemon, "connections", ["8"])
      #expect(json["ok"] as? Int == 4, "\(json)\n\(daemon.log.suffix(1500))")
      #expect(json["failed"] as? Int == 4, "\(json)")
      #expect(json["admin_ok"] as? Bool == true)
      #expect(
        json["public_ok_after"] as? Bool == true, "slots are given back when connections close")
    }

    @Test(
      "Public connections stop 128 descriptors short of the file limit: the admin socket still answers"
    )
    func descriptorsReserved() throws {
      let daemon = try DaemonProcess(
        extraArguments: ["--generate-signing-key-if-none", "--max-connections-per-user", "1000"],
        fileLimit: 256)
      defer { daemon.stopAndRemoveFiles() }
      let json = try Self.run(daemon, "connections", ["200"])
      #expect(json["ok"] as? Int == 128, "\(json)")
      #expect(json["admin_ok"] as? Bool == true, "\(json)\n\(daemon.log.suffix(1500))")
      #expect(try Harness.apikeyctl(daemon, ["signing-key", "list"]).status == 0)
    }

    @Test("Concurrent streams per user are capped: extra WatchPublicKeys streams are refused")
    func streamsPerUser() throws {
      let daemon = try DaemonProcess(extraArguments: [
        "--generate-signing-key-if-none", "--max-streams-per-user", "3",
      ])
      defer { daemon.stopAndRemoveFiles() }
      let json = try Self.run(daemon, "streams", ["6"])
      #expect(json["received"] as? Int == 3, "\(json)")
      #expect(json["errors"] as? Int == 3, "\(json)")
      #expect(json["error_codes"] as? [String] == ["RESOURCE_EXHAUSTED"], "\(json)")
      #expect(
        (json["messages"] as? [String])?.first?.contains("calls open on this socket already")
          == true, "\(json)")
      #expect(json["public_ok_after"] as? Bool == true)
    }

    @Test(
      "A message over --max-message-size is refused unread (the stream is reset); a token over 4 KiB is INVALID_ARGUMENT naming token"
    )
    func messageAndTokenSize() throws {
      let daemon = try DaemonProcess(extraArguments: [
        "--generate-signing-key-if-none", "--max-message-size", "8192",
      ])
      defer { daemon.stopAndRemoveFiles() }
      let big = try Self.run(daemon, "verify", ["20000"])
      // grpc-swift resets the stream of an oversized message: grpcio reports CANCELLED.
      #expect(["RESOURCE_EXHAUSTED", "CANCELLED"].contains(big["code"] as? String), "\(big)")
      let long = try Self.run(daemon, "verify", ["5000"])
      #expect(long["code"] as? String == "INVALID_ARGUMENT", "\(long)")
      #expect((long["message"] as? String)?.hasPrefix("token:") == true, "\(long)")
      let fine = try Self.run(daemon, "verify", ["100"])
      #expect(fine["code"] as? String == "OK" && fine["valid"] as? Bool == false, "\(fine)")
    }

    @Test("A public connection without calls is closed after --idle-timeout")
    func idleTimeout() throws {
      let daemon = try DaemonProcess(extraArguments: [
        "--generate-signing-key-if-none", "--idle-timeout", "1",
      ])
      defer { daemon.stopAndRemoveFiles() }
      let json = try Self.run(daemon, "idle")
      #expect(json["closed"] as? Bool == true, "\(json)")
      #expect((json["seconds"] as? Double ?? 99) < 5, "\(json)")
    }

    @Test(
      "A call whose request never arrives ends with DEADLINE_EXCEEDED after --call-timeout, though the client set no deadline"
    )
    func callTimeout() throws {
      let daemon = try DaemonProcess(extraArguments: [
        "--generate-signing-key-if-none", "--call-timeout", "1",
      ])
      defer { daemon.stopAndRemoveFiles() }
      let json = try Self.run(daemon, "stalled-call")
      #expect(json["grpc_status"] as? String == "4", "\(json)\n\(daemon.log.suffix(1500))")
      #expect((json["seconds"] as? Double ?? 99) < 5, "\(json)")
      #expect(
        try Harness.apikeyctl(daemon, ["signing-key", "list"]).status == 0,
        "\(daemon.log.suffix(1500))")
    }

    @Test(
      "Random bytes, junk after a valid HTTP/2 preface and truncated frames on both sockets: the daemon keeps serving"
    )
    func garbage() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let json = try Self.run(daemon, "garbage")
      #expect(json["public_ok"] as? Bool == true, "\(json)\n\(daemon.log.suffix(1500))")
      #expect(json["admin_ok"] as? Bool == true, "\(json)")
      #expect(try Harness.apikeyctl(daemon, ["signing-key", "list"]).status == 0)
    }

    @Test("Core dumps are off for the daemon (RLIMIT_CORE 0)")
    func noCoreDumps() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let limits = try String(
        contentsOfFile: "/proc/\(daemon.process.processIdentifier)/limits", encoding: .utf8)
      let core = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }
      #expect(
        core?.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2) == [
          "0", "0",
        ], "\(String(describing: core))")
    }
  }
}
