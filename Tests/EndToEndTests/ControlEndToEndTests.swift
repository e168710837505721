import Foundation
import Testing

extension EndToEnd {
  /// apikeyctl as people type it: global options anywhere, every failure printed one way.
  @Suite("apikeyctl end to end", .serialized)
  struct ControlEndToEndTests {
    /// Runs apikeyctl with exactly `arguments` (no --socket added).
    func apikeyctl(_ arguments: [String]) throws -> Harness.Output {
      try Harness.run("\(Harness.binDirectory)/apikeyctl", arguments)
    }

    @Test("--socket, --json and --daemon-user also work before the subcommand, as with kubectl")
    func globalOptionsFirst() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let socket = daemon.adminSocket
      let issued = try apikeyctl([
        "--json", "--socket=\(socket)", "issue", "--email", "a@example.com", "--organisation",
        "Org",
      ])
      #expect(issued.status == 0, "\(issued)")
      let id = try #require(try issued.json()["key"] as? [String: Any])["id"] as? String
      let listed = try apikeyctl(["--socket", socket, "--json", "keys", "list"])
      #expect(listed.status == 0, "\(listed)")
      let keys = try #require(try listed.json()["keys"] as? [[String: Any]])
      #expect(keys.compactMap { $0["id"] as? String } == [id].compactMap { $0 })
      let user = String(cString: getpwuid(getuid()).pointee.pw_name)
      let shown = try apikeyctl([
        "keys", "--daemon-user", user, "--socket", socket, "show", id ?? "",
      ])
      #expect(shown.status == 0 && shown.stdout.contains("a@example.com"), "\(shown)")
      // After the subcommand, as before.
      #expect(try apikeyctl(["keys", "list", "--socket", socket]).status == 0)
    }

    @Test(
      "A bad argument, a refusal by the daemon and a missing daemon all print 'apikeyctl: …' and exit non-zero; nothing changes"
    )
    func errorsPrintOneWay() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let socket = daemon.adminSocket
      let owner = ["--email", "a@example.com", "--organisation", "Org"]
      let usage: [(arguments: [String], message: String)] = [
        (
          ["issue", "--socket", socket, "--expires", "tomorrow"] + owner,
          "'--expires <date|duration>'"
        ),
        (["keys", "expiring", "--socket", socket, "--within", "3x"], "'--within <duration>'"),
        (
          ["issue", "--socket", socket, "--email", "a@example.com"],
          "'--organisation <organisation>'"
        ),
        (
          ["issue", "--socket", socket, "--expires", "2030-01-01", "--no-expiry"] + owner,
          "exclude each other"
        ),
        (["--socket", socket, "keys", "list", "--page-size", "0"], "--page-size"),
        (["--colour", "keys", "list"], "--colour"),
      ]
      for (arguments, message) in usage {
        let result = try apikeyctl(arguments)
        #expect(result.status == 64, "\(arguments): \(result)")
        #expect(
          result.stderr.hasPrefix("apikeyctl: ") && result.stderr.contains(message), "\(result)")
        #expect(!result.stderr.contains("Error:") && result.stderr.contains("Usage:"), "\(result)")
      }
      let refused = try apikeyctl(["--socket", socket, "keys", "show", "12345"])
      #expect(
        refused.status == 1 && refused.stderr == "apikeyctl: no API key with id 12345\n",
        "\(refused)")
      let absent = try apikeyctl(["--socket", "/tmp/no-such-dir/admin.sock", "keys", "list"])
      #expect(
        absent.status == 1 && absent.stderr.hasPrefix("apikeyctl: no daemon socket"), "\(absent)")
      let listed = try apikeyctl(["--socket", socket, "--json", "keys", "list"])
      #expect(try listed.json()["keys"] == nil, "\(listed)")
    }
  }
}
