import Foundation
import Glibc
import Testing

extension EndToEnd {
  /// The real daemon binary on real Unix sockets, driven by apikeyctl and by Python grpcio.
  @Suite("Daemon end to end", .serialized)
  struct DaemonEndToEndTests {
    @Test("A key issued over gRPC verifies with PyJWT against the JWKS from ListPublicKeys")
    func issueVerifiesWithPyJWT() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let result = try Harness.python(daemon, "issue-verify")
      #expect(result.status == 0, "\(result)")
      let json = try result.json()
      #expect(json["sub"] as? String == json["id"] as? String)
      #expect(json["original_client_sub"] as? String == json["id"] as? String)
      #expect(json["exp"] is Int)

      // A token printed by apikeyctl verifies in Python too, and through `apikeyctl verify`.
      let issued = try Harness.apikeyctl(
        daemon, ["issue", "--email", "cli@example.com", "--organisation", "CLI", "--no-expiry"])
      #expect(issued.status == 0, "\(issued)")
      let token = issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
      let verified = try Harness.python(daemon, "verify-token", [token])
      #expect(verified.status == 0, "\(verified)")
      #expect(try Harness.apikeyctl(daemon, ["verify", token]).status == 0)
      let tampered = try Harness.apikeyctl(daemon, ["verify", String(token.dropLast(3)) + "AAA"])
      #expect(tampered.status == 1)
      #expect(tampered.stderr.contains("invalid"))
      // `verify -` reads the token from standard input (it need not appear in ps).
      let piped = try Harness.apikeyctl(daemon, ["verify", "-", "--json"], stdin: token + "\n")
      #expect(piped.status == 0, "\(piped)")
      #expect(try piped.json()["valid"] as? Bool == true)
      let pipedBad = try Harness.apikeyctl(
        daemon, ["verify", "-"], stdin: String(token.dropLast(3)) + "AAA")
      #expect(pipedBad.status == 1 && pipedBad.stderr.contains("invalid"), "\(pipedBad)")
      let empty = try Harness.apikeyctl(daemon, ["verify", "-"], stdin: "")
      #expect(empty.status == 1 && empty.stderr.contains("no token on standard input"), "\(empty)")
    }

    @Test("Retiring a key removes it from the set and from WatchPublicKeys within a second")
    func retireReachesWatchers() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let listed = try Harness.apikeyctl(daemon, ["signing-key", "list", "--json"])
      let keys = try #require(try listed.json()["keys"] as? [[String: Any]])
      let kid = try #require(keys.first?["kid"] as? String)
      let result = try Harness.python(daemon, "watch-retire", [kid])
      #expect(result.status == 0, "\(result)")
      let json = try result.json()
      #expect((json["kids_after"] as? [String])?.contains(kid) == false)
      #expect(json["jwks_after"] as? String == #"{"keys":[]}"#)
      #expect(json["update_revision"] as? Int == json["retire_revision"] as? Int)
      #expect(try #require(json["ms"] as? Double) < 1000)
      // With no key left, issuing fails with a clear message and a non-zero exit.
      let issue = try Harness.apikeyctl(
        daemon, ["issue", "--email", "a@example.com", "--organisation", "O"])
      #expect(issue.status != 0)
      #expect(issue.stderr.contains("no signing key can sign"))
      let again = try Harness.apikeyctl(daemon, ["signing-key", "retire", kid])
      #expect(again.status != 0)
    }

    @Test("Keys, records and the key set survive a restart")
    func restartPersists() throws {
      let daemon = try DaemonProcess()
      defer { daemon.removeFiles() }
      let issued = try Harness.apikeyctl(
        daemon, ["issue", "--email", "keep@example.com", "--organisation", "Blijvend", "--json"])
      #expect(issued.status == 0, "\(issued)")
      let json = try issued.json()
      let token = try #require(json["token"] as? String)
      let id = try #require((json["key"] as? [String: Any])?["id"] as? String)
      let before = try Harness.apikeyctl(daemon, ["public-keys"]).stdout
      #expect(daemon.stop() == 0)

      let restarted = try DaemonProcess(dataDirectory: daemon.dataDirectory, extraArguments: [])
      defer { restarted.stop() }
      #expect(try Harness.apikeyctl(restarted, ["public-keys"]).stdout == before)
      let shown = try Harness.apikeyctl(restarted, ["keys", "show", id])
      #expect(shown.status == 0)
      #expect(shown.stdout.contains("keep@example.com"))
      #expect(try Harness.apikeyctl(restarted, ["verify", token]).status == 0)
      #expect(try Harness.apikeyctl(restarted, ["keys", "resign", id]).status == 0)
    }

    @Test("The public socket serves PublicKeys and Health but not Admin")
    func publicSocketIsReadOnly() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let admin = try Harness.python(daemon, "admin-on-public")
      #expect(admin.status == 0, "\(admin)")
      #expect(try admin.json()["code"] as? String == "UNIMPLEMENTED")
      let health = try Harness.python(daemon, "health")
      let status = try health.json()
      #expect(status["public:"] as? String == "SERVING")
      #expect(status["public:apikeyserv.v1.PublicKeys"] as? String == "SERVING")
      #expect(status["public:apikeyserv.v1.Admin"] as? String == "NOT_FOUND")
      #expect(status["admin:apikeyserv.v1.Admin"] as? String == "SERVING")
    }

    @Test("Bad inputs get INVALID_ARGUMENT naming the field, and change nothing")
    func badInputs() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let result = try Harness.python(daemon, "bad-inputs")
      #expect(result.status == 0, "\(result)")
      let json = try result.json()
      let cases = try #require(json["results"] as? [[String: String]])
      #expect(cases.count == 16)
      for item in cases {
        #expect(item["code"] == "INVALID_ARGUMENT", "\(item)")
        #expect(item["message"]?.hasPrefix(item["field"]! + ":") == true, "\(item)")
      }
      #expect(json["keys_unchanged"] as? Bool == true)
      #expect(json["signing_keys_unchanged"] as? Bool == true)

      let cli = try Harness.apikeyctl(daemon, ["signing-key", "add", "-"], stdin: "garbage")
      #expect(cli.status != 0)
      #expect(cli.stderr.contains("private_key_pem"))
      let badDate = try Harness.apikeyctl(
        daemon,
        ["issue", "--email", "a@example.com", "--organisation", "O", "--expires", "tomorrow"])
      #expect(badDate.status != 0)
      #expect(badDate.stderr.contains("--expires"))
      let missing = try Harness.apikeyctl(daemon, ["keys", "show", "12345"])
      #expect(missing.status != 0)
      #expect(missing.stderr.contains("no API key with id 12345"))
    }

    @Test("The same request id returns the same key, never a second one")
    func idempotentIssue() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let result = try Harness.python(daemon, "idempotent")
      #expect(result.status == 0, "\(result)")
      let json = try result.json()
      #expect(json["same_id"] as? Bool == true)
      #expect(json["second_replayed"] as? Bool == true)
      #expect(json["same_token"] as? Bool == true, "a replay minted a new token")
      #expect(json["audit_rows"] as? Int == 1, "one audit row for the issue, none for the replay")
      #expect(json["added"] as? Int == 1)
    }
  }
}
