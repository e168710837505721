import Foundation
import Testing

extension EndToEnd {
  /// Every option of every apikeyctl command that sends a value, set and read back with `--json`
  /// from the daemon: an option that parses but never arrives (as `issue --expires` once did)
  /// fails here.
  @Suite("apikeyctl options arrive", .serialized)
  struct ControlOptionsEndToEndTests {
    let daemon: DaemonProcess

    init() throws {
      daemon = try DaemonProcess()
    }

    /// Runs apikeyctl against the daemon with `--json`; its answer, after checking it succeeded.
    func json(
      _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [String: Any] {
      let output = try Harness.apikeyctl(daemon, arguments + ["--json"])
      #expect(output.status == 0, "\(arguments): \(output)", sourceLocation: sourceLocation)
      return try output.json()
    }

    func key(_ id: String) throws -> [String: Any] {
      try #require(try json(["keys", "show", id])["key"] as? [String: Any])
    }

    static func date(_ text: Any?) -> Date? {
      (text as? String).flatMap { try? Date($0, strategy: .iso8601) }
    }

    static let contact: [(option: String, field: String, value: String)] = [
      ("--email", "email", "first@example.org"),
      ("--organisation", "organisation", "Gemeente Voorbeeld"),
      ("--contact-name", "contact_name", "Ann de Vries"),
      ("--email-2", "email_2", "second@example.org"),
      ("--contact-name-2", "contact_name_2", "Bob Jansen"),
      ("--department", "department", "Data"),
    ]

    @Test(
      "issue and keys update: every contact option, --expires (a date or a duration), --no-expiry, --request-id, --sent/--unsent reach the daemon"
    )
    func keyOptions() throws {
      defer { daemon.stopAndRemoveFiles() }
      let issued = try json(
        ["issue"] + Self.contact.flatMap { [$0.option, $0.value] }
          + ["--expires", "2031-05-06", "--request-id", "retry-7"])
      let record = try #require(issued["key"] as? [String: Any])
      let id = try #require(record["id"] as? String)
      for shown in [record, try key(id)] {
        for (option, field, value) in Self.contact {
          #expect(shown[field] as? String == value, "\(option)")
        }
        #expect(shown["expires_at"] as? String == "2031-05-06T00:00:00Z", "--expires")
      }
      let origin = try json(["keys", "show", id])["origin"] as? String ?? ""
      #expect(origin.hasPrefix("apikeyctl issue (admin-socket"), "keys show: origin \(origin)")
      let replayed = try json(
        ["issue"] + Self.contact.flatMap { [$0.option, $0.value] }
          + ["--expires", "2031-05-06", "--request-id", "retry-7"])
      #expect(replayed["replayed"] as? Bool == true, "--request-id")
      #expect((replayed["key"] as? [String: Any])?["id"] as? String == id, "--request-id")

      let inThirty = try json(
        ["issue", "--email", "a@example.org", "--organisation", "O", "--expires", "30d"])
      let expires = Self.date((inThirty["key"] as? [String: Any])?["expires_at"])
      #expect(
        abs((expires?.timeIntervalSinceNow ?? 0) - 30 * 86400) < 600, "--expires 30d: \(inThirty)")
      let never = try json([
        "issue", "--email", "a@example.org", "--organisation", "O", "--no-expiry",
      ])
      #expect((never["key"] as? [String: Any])?["expires_at"] == nil, "--no-expiry")

      let changed = Self.contact.map { ($0.option, $0.field, "x" + $0.value) }
      _ = try json(
        ["keys", "update", id] + changed.flatMap { [$0.0, $0.2] }
          + ["--expires", "2032-01-02T03:04:05Z", "--sent"])
      var shown = try key(id)
      for (option, field, value) in changed {
        #expect(shown[field] as? String == value, "keys update \(option)")
      }
      #expect(shown["expires_at"] as? String == "2032-01-02T03:04:05Z", "keys update --expires")
      #expect(shown["sent"] as? Bool == true, "keys update --sent")
      _ = try json(["keys", "update", id, "--no-expiry", "--unsent"])
      shown = try key(id)
      #expect(shown["expires_at"] == nil, "keys update --no-expiry")
      #expect(shown["sent"] as? Bool != true, "keys update --unsent")
      let shortened = try Harness.apikeyctl(
        daemon, ["keys", "update", id, "--expires", "2030-01-01"])
      #expect(shortened.stderr.contains("keep verifying for ever"), "\(shortened)")
      let resigned = try Harness.apikeyctl(
        daemon, ["keys", "update", id, "--expires", "2029-01-01", "--resign"])
      let token = resigned.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
      let verified = try json(["verify", token])
      #expect(
        verified["expires_at"] as? String == "2029-01-01T00:00:00Z", "update --resign: \(verified)")
      _ = try json(["keys", "update", id, "--expires", "1y"])
      #expect(
        abs((Self.date(try key(id)["expires_at"])?.timeIntervalSinceNow ?? 0) - 365 * 86400) < 600,
        "keys update --expires 1y")
    }

    @Test(
      "keys list, expiring, mark-sent, revoke and resign: every filter and option chooses what it names"
    )
    func listOptions() throws {
      defer { daemon.stopAndRemoveFiles() }
      func issue(_ email: String, _ organisation: String, _ expires: String) throws -> String {
        let issued = try json(
          ["issue", "--email", email, "--organisation", organisation, "--expires", expires])
        return try #require((issued["key"] as? [String: Any])?["id"] as? String)
      }
      let soon = try issue("soon@example.org", "Alpha", "10d")
      let later = try issue("later@example.org", "Beta", "200d")
      let other = try issue("other@example.org", "Alpha", "300d")
      func ids(_ arguments: [String]) throws -> Set<String> {
        let keys = try json(["keys", "list", "--all"] + arguments)["keys"] as? [[String: Any]]
        return Set((keys ?? []).compactMap { $0["id"] as? String })
      }
      #expect(try ids(["--organisation", "Alpha"]) == [soon, other], "--organisation")
      #expect(try ids(["--email", "later@example.org"]) == [later], "--email")
      #expect(try ids(["--search", "LATER@"]) == [later], "--search")
      let nothing = try Harness.apikeyctl(daemon, ["keys", "list", "--search", "nowhere"])
      #expect(nothing.status == 0 && nothing.stderr.contains("No key matches"), "\(nothing)")
      let before = Date().addingTimeInterval(100 * 86400).ISO8601Format()
      #expect(try ids(["--expiring-before", before]) == [soon], "--expiring-before")
      _ = try json(["keys", "mark-sent", later])
      #expect(try key(later)["sent"] as? Bool == true, "mark-sent")
      #expect(try ids(["--sent"]) == [later], "--sent")
      #expect(try ids(["--unsent"]) == [soon, other], "--unsent")
      _ = try json(["keys", "revoke", other, "--reason", "token leaked by dev@example.org"])
      #expect(try key(other)["revoked_at"] != nil, "revoke")
      let entries = try json(["audit", "list"])["entries"] as? [[String: Any]] ?? []
      let revocation = entries.first { $0["action"] as? String == "revoke_key" }
      #expect(
        revocation?["outcome"] as? String == "reason: token leaked by <e-mail address>",
        "revoke --reason: \(String(describing: revocation))")
      #expect(try ids(["--revoked"]) == [other], "--revoked")
      #expect(try ids(["--not-revoked"]) == [soon, later], "--not-revoked")
      let firstPage = try json(["keys", "list", "--page-size", "1"])
      #expect((firstPage["keys"] as? [Any])?.count == 1, "--page-size")
      let token = try #require(firstPage["next_page_token"] as? String, "\(firstPage)")
      let secondPage = try json(["keys", "list", "--page-size", "1", "--page-token", token])
      let first = (firstPage["keys"] as? [[String: Any]])?.first?["id"] as? String
      let second = (secondPage["keys"] as? [[String: Any]])?.first?["id"] as? String
      #expect(first != nil && second != nil && first != second, "--page-token")

      let expiring = try json(["keys", "expiring", "--within", "100d"])["keys"] as? [[String: Any]]
      #expect(Set((expiring ?? []).compactMap { $0["id"] as? String }) == [soon], "--within")
      let byDefault = try json(["keys", "expiring"])["keys"] as? [[String: Any]]
      #expect(byDefault?.compactMap { $0["id"] as? String } == [soon], "expiring: 30 days")
      let none = try json(["keys", "expiring", "--within", "400d", "--organisation", "Beta"])
      #expect(
        (none["keys"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [later],
        "expiring --organisation")
    }

    @Test(
      "signing-key add, generate, rotate, retire and audit list: --not-before, --publish-ahead, --grace, --dry-run and --since reach the daemon"
    )
    func signingKeyOptions() throws {
      defer { daemon.stopAndRemoveFiles() }
      func key(_ answer: [String: Any]) -> [String: Any] { answer["key"] as? [String: Any] ?? [:] }
      let rotated = key(try json(["signing-key", "rotate", "--publish-ahead", "2h"]))
      let startsIn = Self.date(rotated["not_before"])?.timeIntervalSinceNow ?? 0
      #expect(abs(startsIn - 7200) < 600, "rotate --publish-ahead: \(rotated)")
      let kid = try #require(rotated["kid"] as? String)
      let dry = try json(["signing-key", "retire", kid, "--grace", "1h", "--dry-run"])
      #expect(key(dry)["retiring_at"] == nil, "retire --dry-run changed the key: \(dry)")
      let retired = key(try json(["signing-key", "retire", kid, "--grace", "1h", "--yes"]))
      let leaves = Self.date(retired["leaves_at"])?.timeIntervalSinceNow ?? 0
      #expect(abs(leaves - 3600) < 600, "retire --grace: \(retired)")
      // add and generate answer with the key itself.
      let generated = try json(["signing-key", "generate", "--not-before", "2030-01-01"])
      #expect(generated["not_before"] as? String == "2030-01-01T00:00:00Z", "generate --not-before")
      let pem = try Harness.run("/usr/bin/openssl", ["genpkey", "-algorithm", "ED25519"]).stdout
      let added = try Harness.apikeyctl(
        daemon, ["signing-key", "add", "-", "--not-before", "2030-02-03T04:05:06Z", "--json"],
        stdin: pem)
      #expect(added.status == 0, "\(added)")
      #expect(
        try added.json()["not_before"] as? String == "2030-02-03T04:05:06Z", "add --not-before")

      let all = try json(["audit", "list"])["entries"] as? [Any]
      #expect((all?.count ?? 0) >= 4, "audit list")
      let future = try json(["audit", "list", "--since", "2100-01-01"])["entries"] as? [Any]
      #expect(future?.isEmpty ?? true, "audit list --since")
      let past = try json(["audit", "list", "--until", "2001-01-01"])["entries"] as? [Any]
      #expect(past?.isEmpty ?? true, "audit list --until")
      let retirements =
        try json(["audit", "list", "--action", "retire_signing_key"])["entries"]
        as? [[String: Any]] ?? []
      #expect(retirements.compactMap { $0["target"] as? String } == [kid], "audit list --action")
      let aboutKid =
        try json(["audit", "list", "--target", kid])["entries"] as? [[String: Any]] ?? []
      #expect(
        aboutKid.compactMap { $0["action"] as? String }
          == ["rotate_signing_key", "retire_signing_key"], "audit list --target")
      let table = try Harness.apikeyctl(daemon, ["audit", "list"])
      let widest = table.stdout.split(separator: "\n").map(\.count).max() ?? 0
      #expect(table.status == 0 && widest <= 120, "audit list is \(widest) wide:\n\(table.stdout)")
    }
  }
}
