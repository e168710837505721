import Foundation
import Testing

extension EndToEnd {
  /// Erasure of an owner's details, checked where they could linger: the SQLite file and its
  /// WAL (their bytes), `keys show`, a backup, the audit trail.
  @Suite("Erasure end to end", .serialized)
  struct ErasureEndToEndTests {
    /// Whether any of `values` is in the file at `path` (a missing file holds none).
    static func holds(_ path: String, _ values: [String]) -> [String] {
      guard let bytes = FileManager.default.contents(atPath: path) else { return [] }
      return values.filter { bytes.range(of: Data($0.utf8)) != nil }
    }

    @Test(
      "keys erase: the details are gone from the database file and its WAL, keys show says erased, a new backup holds none of them, the audit trail verifies"
    )
    func erase() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let marker = UUID().uuidString.prefix(8).lowercased()
      let secrets = [
        "erase-me-\(marker)@example.com", "second-\(marker)@example.com", "Project \(marker)",
        "owner=\(marker)", "Contact \(marker)",
      ]
      // Neighbours on the same page: with them, SQLite leaves a changed row's old bytes in the
      // page's free space unless secure_delete is on.
      func filler(_ index: Int) throws {
        let made = try Harness.apikeyctl(
          daemon, ["issue", "--email", "filler\(index)@example.com", "--organisation", "Filler"])
        #expect(made.status == 0)
      }
      for index in 0 ..< 5 { try filler(index) }
      let issued = try Harness.apikeyctl(
        daemon,
        [
          "issue", "--email", secrets[0], "--organisation", "Org \(marker)", "--contact-name",
          secrets[4], "--name", secrets[2], "--tag", secrets[3], "--json",
        ])
      let id = try #require((try issued.json()["key"] as? [String: Any])?["id"] as? String)
      for index in 5 ..< 10 { try filler(index) }
      // A second version of the row: without secure_delete the first stays in free space.
      #expect(
        try Harness.apikeyctl(daemon, ["keys", "update", id, "--email", secrets[1]]).status == 0)
      let database = "\(daemon.dataDirectory)/apikeyserv.db"
      #expect(
        !Self.holds(database + "-wal", secrets).isEmpty || !Self.holds(database, secrets).isEmpty)

      let erased = try Harness.apikeyctl(daemon, ["keys", "erase", id, "--yes"])
      #expect(erased.status == 0, "\(erased)")
      #expect(Self.holds(database, secrets) == [], "in the database file")
      #expect(Self.holds(database + "-wal", secrets) == [], "in the WAL")

      let shown = try Harness.apikeyctl(daemon, ["keys", "show", id])
      #expect(shown.stdout.contains("erased:") && shown.stdout.contains("(erased)"), "\(shown)")
      #expect(secrets.allSatisfy { !shown.stdout.contains($0) })
      let json = try Harness.apikeyctl(daemon, ["keys", "show", id, "--json"]).json()
      let key = try #require(json["key"] as? [String: Any])
      #expect(key["erased_at"] != nil && key["revoked_at"] != nil && key["email"] == nil)
      let listed = try Harness.apikeyctl(daemon, ["keys", "list"])
      #expect(listed.stdout.contains("(erased)") && !listed.stdout.contains(marker))

      let backup = "\(daemon.dataDirectory)-backup.db"
      defer { try? FileManager.default.removeItem(atPath: backup) }
      #expect(try Harness.apikeyctl(daemon, ["backup", backup]).status == 0)
      #expect(Self.holds(backup, secrets) == [], "in the backup")
      let verified = try Harness.apikeyctl(daemon, ["audit", "verify"])
      #expect(verified.status == 0, "\(verified)")
      let again = try Harness.apikeyctl(daemon, ["keys", "erase", id, "--yes"])
      #expect(again.status != 0 && again.stderr.contains("erased"), "\(again)")
    }

    @Test(
      "--erase-contact-after: a key revoked longer ago is erased on schedule, audited as the daemon; a live key is kept"
    )
    func schedule() throws {
      let daemon = try DaemonProcess(
        extraArguments: ["--generate-signing-key-if-none", "--erase-contact-after", "2s"])
      defer { daemon.stopAndRemoveFiles() }
      func issue(_ email: String) throws -> String {
        let json = try Harness.apikeyctl(
          daemon, ["issue", "--email", email, "--organisation", "Org", "--json"]
        ).json()
        return try #require((json["key"] as? [String: Any])?["id"] as? String)
      }
      let revoked = try issue("gone@example.com")
      let kept = try issue("kept@example.com")
      #expect(try Harness.apikeyctl(daemon, ["keys", "revoke", revoked, "--yes"]).status == 0)
      let deadline = Date() + 15
      var erased = false
      while !erased && Date() < deadline {
        let key = try Harness.apikeyctl(daemon, ["keys", "show", revoked, "--json"]).json()["key"]
        erased = (key as? [String: Any])?["erased_at"] != nil
        if !erased { usleep(200_000) }
      }
      #expect(erased, "\(daemon.log.suffix(2000))")
      let keptKey = try Harness.apikeyctl(daemon, ["keys", "show", kept, "--json"]).json()["key"]
      #expect((keptKey as? [String: Any])?["email"] as? String == "kept@example.com")
      let trail = try Harness.apikeyctl(
        daemon, ["audit", "list", "--target", revoked, "--json"]
      ).json()
      let entries = trail["entries"] as? [[String: Any]] ?? []
      let erasure = entries.first { $0["action"] as? String == "erase_key" }
      #expect((erasure?["caller"] as? String) == "apikeyserv erasure schedule", "\(entries)")
    }
  }
}
