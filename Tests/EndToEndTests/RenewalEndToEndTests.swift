import Foundation
import Testing

extension EndToEnd {
  /// `apikeyctl keys renew` against the real daemon.
  @Suite("Renewal end to end", .serialized)
  struct RenewalEndToEndTests {
    @Test(
      "keys renew prints a token with the same sub and the later expiry, which verifies; the record and the audit trail say so; a revoked key is refused"
    )
    func renew() throws {
      let daemon = try DaemonProcess(
        extraArguments: ["--generate-signing-key-if-none", "--renewal-period", "30d"])
      defer { daemon.stopAndRemoveFiles() }
      // Days from today, as apikeyctl takes and prints them.
      func day(_ days: Double) -> String {
        String(Date(timeIntervalSinceNow: days * 86_400).ISO8601Format().prefix(10))
      }
      let (expires, renewedUntil) = (day(60), day(90))
      let issued = try Harness.apikeyctl(
        daemon,
        [
          "issue", "--email", "r@example.com", "--organisation", "Org", "--expires", expires,
          "--json",
        ]
      ).json()
      let id = try #require((issued["key"] as? [String: Any])?["id"] as? String)
      let renewed = try Harness.apikeyctl(daemon, ["keys", "renew", id])
      #expect(renewed.status == 0, "\(renewed)")
      #expect(renewed.stderr.contains("until \(renewedUntil)"), "\(renewed)")
      let token = renewed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
      let verified = try Harness.apikeyctl(daemon, ["verify", token])
      #expect(verified.status == 0, "\(verified)")
      #expect(verified.stdout.contains(id) && verified.stdout.contains(renewedUntil), "\(verified)")
      let shown = try Harness.apikeyctl(daemon, ["keys", "show", id])
      #expect(shown.stdout.contains(renewedUntil), "\(shown)")
      let trail = try Harness.apikeyctl(daemon, ["audit", "list", "--target", id, "--json"]).json()
      let actions = (trail["entries"] as? [[String: Any]] ?? []).compactMap {
        $0["action"] as? String
      }
      #expect(actions == ["issue_key", "key_renewed"])

      #expect(try Harness.apikeyctl(daemon, ["keys", "revoke", id, "--yes"]).status == 0)
      let refused = try Harness.apikeyctl(daemon, ["keys", "renew", id])
      #expect(refused.status != 0 && refused.stderr.contains("revoked"), "\(refused)")
    }
  }
}
