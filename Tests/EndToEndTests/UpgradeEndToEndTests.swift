import Foundation
import Testing

extension EndToEnd {
  /// Upgrades: databases written by earlier releases (schema v1, v2, v3: fixtures made by those
  /// releases' own binaries, `scripts/make_schema_fixture.py`) open and migrate; a database
  /// from a newer release is refused, untouched.
  @Suite("Upgrades end to end", .serialized)
  struct UpgradeEndToEndTests {
    static func fixture(_ version: String) -> String {
      "\(Harness.packageRoot)/Tests/EndToEndTests/Fixtures/schema-\(version)"
    }

    static func database(_ command: String, _ arguments: [String]) throws -> [String: Any] {
      let output = try Harness.pythonScript("schema_db.py", arguments + ["--", command])
      #expect(output.status == 0, "\(output)")
      return try output.json()
    }

    @Test(
      "A database of schema v1, v2 or v3 migrates at start: every key and token as before, integrity ok, the audit chain verifies, new keys issue",
      arguments: ["v1", "v2", "v3"])
    func migrates(version: String) throws {
      let fixture = Self.fixture(version)
      let data = try #require(FileManager.default.contents(atPath: "\(fixture)/expect.json"))
      let expect = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      let directory = "/tmp/aks-up-\(UUID().uuidString.prefix(8))"
      _ = try Self.database("load", ["--fixture", fixture, "--data-dir", directory])
      let daemon = try DaemonProcess(dataDirectory: directory, extraArguments: [])
      defer { daemon.stopAndRemoveFiles() }

      let tokens = try #require(expect["tokens"] as? [String: String])
      let valid = try #require(expect["valid"] as? [String: Bool])
      for (name, token) in tokens {
        let verified = try Harness.apikeyctl(daemon, ["verify", token])
        #expect(
          (verified.status == 0) == valid[name], "\(version) token \(name): \(verified)")
      }
      let counts = try #require(expect["counts"] as? [String: Int])
      let listed = try MigrationEndToEndTests.records(daemon)
      #expect(listed.count == counts["api_keys"], "\(version): \(listed.count) keys")
      #expect(try Harness.apikeyctl(daemon, ["audit", "verify"]).status == 0)
      let fresh = try Harness.apikeyctl(
        daemon, ["issue", "--email", "new@example.org", "--organisation", "After upgrade"])
      #expect(fresh.status == 0, "\(fresh)")
      #expect(
        try Harness.apikeyctl(
          daemon, ["verify", fresh.stdout.trimmingCharacters(in: .whitespacesAndNewlines)]
        ).status == 0)
      #expect(daemon.stop() == 0)

      let after = try Self.database("check", ["--db", "\(directory)/apikeyserv.db"])
      #expect(after["integrity"] as? String == "ok")
      #expect(
        after["versions"] as? [String] == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"])
      let stored = try #require(after["counts"] as? [String: Int])
      #expect(stored["api_keys"] == (counts["api_keys"] ?? 0) + 1)
      #expect(stored["signing_keys"] == counts["signing_keys"])
    }

    @Test(
      "A database from a newer apikeyserv is refused at start and by --check-config, naming its schema; its file is unchanged"
    )
    func newerIsRefused() throws {
      let directory = "/tmp/aks-up-\(UUID().uuidString.prefix(8))"
      _ = try Self.database("load", ["--fixture", Self.fixture("v3"), "--data-dir", directory])
      defer { try? FileManager.default.removeItem(atPath: directory) }
      let db = "\(directory)/apikeyserv.db"
      _ = try Self.database("newer", ["--db", db, "--version", "v10"])
      let before = try Self.database("digest", ["--db", db])

      let started = try Harness.run(
        "\(Harness.binDirectory)/apikeyserv", ["--data-dir", directory])
      #expect(started.status == 2, "\(started)")
      #expect(started.stderr.contains("schema v10"), "\(started.stderr)")
      #expect(started.stderr.contains("run a newer apikeyserv"), "\(started.stderr)")
      let checked = try Harness.run(
        "\(Harness.binDirectory)/apikeyserv", ["--data-dir", directory, "--check-config"])
      #expect(checked.status == 1, "\(checked)")
      #expect(checked.stdout.contains("problem: the database \(db) has schema v10"), "\(checked)")

      #expect(
        try Self.database("digest", ["--db", db])["sha256"] as? String == before["sha256"]
          as? String)
      let after = try Self.database("check", ["--db", db])
      #expect(after["versions"] as? [String] == ["v1", "v2", "v3", "v10"])
    }
  }
}
