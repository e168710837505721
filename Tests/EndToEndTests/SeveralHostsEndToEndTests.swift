import Foundation
import Glibc
import TestSupport
import Testing

extension EndToEnd {
  /// Daemons on several hosts: real apikeyserv processes, each with its own data directory and
  /// sockets, on one real PostgreSQL database.
  @Suite("Several hosts on PostgreSQL")
  struct SeveralHostsEndToEndTests {
    /// Two daemons on the database at `url`: A generates the first signing key, B gets A's
    /// master key (as an operator copies it).
    static func pair(
      url: String, extraArguments: [String] = []
    ) throws -> (DaemonProcess, DaemonProcess) {
      let a = try DaemonProcess(
        extraArguments: ["--database", url, "--generate-signing-key-if-none"] + extraArguments)
      let directory = "/tmp/aks-\(UUID().uuidString.prefix(8))"
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: false,
        attributes: [.posixPermissions: 0o711])
      try FileManager.default.copyItem(
        atPath: "\(a.dataDirectory)/master.key", toPath: "\(directory)/master.key")
      let b = try DaemonProcess(
        dataDirectory: directory, extraArguments: ["--database", url] + extraArguments)
      return (a, b)
    }

    /// Polls `daemon`'s health for the Admin service on the admin socket until it is `status`
    /// (the daemon checks the database when its connection is lost, and every 2 s); false after
    /// 20 s.
    static func adminHealth(_ daemon: DaemonProcess, becomes status: String) throws -> Bool {
      for _ in 0 ..< 40 {
        let health = try Harness.python(daemon, "health")
        if try health.json()["admin:apikeyserv.v1.Admin"] as? String == status { return true }
        usleep(500_000)
      }
      return false
    }

    /// Runs several_hosts.py against A and B.
    static func hosts(
      _ a: DaemonProcess, _ b: DaemonProcess, _ command: String, _ extra: [String] = []
    ) throws -> Harness.Output {
      try Harness.pythonScript(
        "several_hosts.py",
        [
          "--stubs", Harness.stubs, "--protos", "\(Harness.packageRoot)/Protos", "--a-admin",
          a.adminSocket, "--a-public", a.publicSocket, "--b-admin", b.adminSocket, "--b-public",
          b.publicSocket,
        ] + extra + [command])
    }

    @Test(
      "A key issued on one verifies on the other; a new key, a revocation and a retirement on one reach the other's watchers and VerifyKey"
    )
    func propagation() throws {
      let (a, b) = try Self.pair(url: PostgresServer.shared().newDatabase())
      defer {
        a.stopAndRemoveFiles()
        b.stopAndRemoveFiles()
      }
      let result = try Self.hosts(a, b, "propagation")
      #expect(result.status == 0, "\(result)\n\(b.log)")
      let figures = try result.json()
      #expect(figures["samples"] as? Int == 12)
      print("propagation A → B's watcher: \(result.stdout)")
    }

    @Test(
      "Concurrent issuance on both gives no duplicate, both list every key, one intact audit trail")
    func concurrentIssuance() throws {
      let (a, b) = try Self.pair(url: PostgresServer.shared().newDatabase())
      defer {
        a.stopAndRemoveFiles()
        b.stopAndRemoveFiles()
      }
      let result = try Self.hosts(a, b, "concurrent")
      #expect(result.status == 0, "\(result)")
      let outcome = try result.json()
      #expect(outcome["issued"] as? Int == 400 && outcome["distinct"] as? Int == 400, "\(outcome)")
      #expect(outcome["listed_on_a"] as? Int == 400 && outcome["listed_on_b"] as? Int == 400)
      let audit = outcome["audit"] as? [String: Any]
      #expect(audit?["intact"] as? Bool == true, "\(outcome)")
      let verified = try Harness.apikeyctl(a, ["audit", "verify"])
      #expect(verified.status == 0, "\(verified)")
    }

    @Test("A daemon with another master key refuses to start on the shared database, saying so")
    func otherMasterKey() throws {
      let url = try PostgresServer.shared().newDatabase()
      let a = try DaemonProcess(
        extraArguments: ["--database", url, "--generate-signing-key-if-none"])
      defer { a.stopAndRemoveFiles() }
      let directory = "/tmp/aks-\(UUID().uuidString.prefix(8))"
      defer { try? FileManager.default.removeItem(atPath: directory) }
      let refused = try Harness.run(
        "\(Harness.binDirectory)/apikeyserv", ["--data-dir", directory, "--database", url])
      #expect(refused.status != 0)
      #expect(refused.stdout.contains("master key") || refused.stderr.contains("master key"))
      #expect(!(refused.stdout + refused.stderr).contains(try PostgresServer.shared().password))
    }

    @Test(
      "The database stopped and started under load: writes fail fast as UNAVAILABLE, reads go on, everything recovers",
      .timeLimit(.minutes(2)))
    func databaseDownUnderLoad() throws {
      let server = try PostgresServer(tls: false)
      defer { try? server.stop() }
      let (a, b) = try Self.pair(url: server.newDatabase())
      defer {
        a.stopAndRemoveFiles()
        b.stopAndRemoveFiles()
      }
      let token =
        try Harness.apikeyctl(a, ["issue", "--email", "x@example.com", "--organisation", "X"])
        .stdout.split(separator: "\n").first.map(String.init) ?? ""
      let load = Process()
      load.executableURL = URL(fileURLWithPath: Harness.python)
      load.arguments = [
        "\(Harness.packageRoot)/Tests/EndToEndTests/python/several_hosts.py", "--stubs",
        Harness.stubs, "--protos", "\(Harness.packageRoot)/Protos", "--a-admin", a.adminSocket,
        "--a-public", a.publicSocket, "--b-admin", b.adminSocket, "--b-public", b.publicSocket,
        "--seconds", "14", "issue-loop",
      ]
      let output = "/tmp/aks-load-\(UUID().uuidString.prefix(8)).json"
      defer { try? FileManager.default.removeItem(atPath: output) }
      try ProcessLauncher.start(load, logPath: output)
      sleep(2)
      try server.stop()
      sleep(1)
      // Down: reads and verification go on from memory; health says Admin is not serving.
      let verified = try Harness.apikeyctl(b, ["verify", token])
      #expect(verified.status == 0, "\(verified)")
      #expect(try Harness.apikeyctl(b, ["public-keys"]).status == 0)
      #expect(try Self.adminHealth(b, becomes: "NOT_SERVING"))
      let refused = try Harness.apikeyctl(
        b, ["issue", "--email", "y@example.com", "--organisation", "Y"])
      #expect(refused.status != 0)
      #expect(refused.stderr.contains("database"), "\(refused)")
      sleep(3)
      try server.start()
      load.waitUntilExit()
      let loop =
        try JSONSerialization.jsonObject(
          with: Data(ProcessLauncher.log(output).utf8)) as? [String: Any]
      let failures = loop?["failures"] as? [String: Int] ?? [:]
      #expect((loop?["ok"] as? Int ?? 0) > 10, "\(loop ?? [:])")
      #expect(
        !failures.isEmpty && failures.keys.allSatisfy { $0.hasPrefix("UNAVAILABLE") }, "\(failures)"
      )
      print("issue loop across the outage: \(loop ?? [:])")
      // Everything acknowledged is there, on both.
      let after = try Harness.apikeyctl(
        b, ["issue", "--email", "z@example.com", "--organisation", "Z"])
      #expect(after.status == 0, "\(after)")
      #expect(try Self.adminHealth(b, becomes: "SERVING"))
      let audit = try Harness.apikeyctl(a, ["audit", "verify"])
      #expect(audit.status == 0, "\(audit)")
    }

    @Test(
      "copy-database from SQLite to PostgreSQL and back: every key, token and audit row comes along; a non-empty target is refused"
    )
    func copyDatabase() throws {
      let sqlite = try DaemonProcess()
      defer { sqlite.removeFiles() }
      var tokens: [String] = []
      for index in 0 ..< 5 {
        let issued = try Harness.apikeyctl(
          sqlite, ["issue", "--email", "k\(index)@example.com", "--organisation", "Copy"])
        tokens.append(String(issued.stdout.split(separator: "\n").first ?? ""))
      }
      #expect(sqlite.stop() == 0)
      let url = try PostgresServer.shared().newDatabase()
      let copy = try Harness.run(
        "\(Harness.binDirectory)/apikeyserv",
        [
          "copy-database", "--from", "\(sqlite.dataDirectory)/apikeyserv.db", "--to", url,
          "--data-dir", sqlite.dataDirectory,
        ])
      #expect(copy.status == 0, "\(copy)")
      #expect(copy.stdout.contains("5 API keys") && copy.stdout.contains("checks out"), "\(copy)")
      #expect(!copy.stdout.contains(try PostgresServer.shared().password))
      let again = try Harness.run(
        "\(Harness.binDirectory)/apikeyserv",
        [
          "copy-database", "--from", "\(sqlite.dataDirectory)/apikeyserv.db", "--to", url,
          "--data-dir", sqlite.dataDirectory,
        ])
      #expect(again.status != 0 && again.stderr.contains("not empty"), "\(again)")

      let onPostgres = try DaemonProcess(
        dataDirectory: sqlite.dataDirectory, extraArguments: ["--database", url])
      for token in tokens {
        #expect(try Harness.apikeyctl(onPostgres, ["verify", token]).status == 0)
      }
      #expect(try Harness.apikeyctl(onPostgres, ["audit", "verify"]).status == 0)
      _ = try Harness.apikeyctl(
        onPostgres, ["issue", "--email", "new@example.com", "--organisation", "Copy"])
      #expect(onPostgres.stop() == 0)

      let back = "\(sqlite.dataDirectory)/back.db"
      let copyBack = try Harness.run(
        "\(Harness.binDirectory)/apikeyserv",
        ["copy-database", "--from", url, "--to", back, "--data-dir", sqlite.dataDirectory])
      #expect(copyBack.status == 0 && copyBack.stdout.contains("6 API keys"), "\(copyBack)")
      let onSQLite = try DaemonProcess(
        dataDirectory: sqlite.dataDirectory, extraArguments: ["--database", back])
      defer { onSQLite.stop() }
      let listed = try Harness.apikeyctl(onSQLite, ["keys", "list", "--json"]).json()
      #expect((listed["keys"] as? [[String: Any]])?.count == 6)
      for token in tokens {
        #expect(try Harness.apikeyctl(onSQLite, ["verify", token]).status == 0)
      }
    }

    @Test(
      "apikeyctl backup works on PostgreSQL; the file restores into an empty PostgreSQL database, not into a used one"
    )
    func backupAndRestore() throws {
      let server = try PostgresServer.shared()
      let daemon = try DaemonProcess(
        extraArguments: ["--database", server.newDatabase(), "--generate-signing-key-if-none"])
      defer { daemon.removeFiles() }
      let issued = try Harness.apikeyctl(
        daemon, ["issue", "--email", "b@example.com", "--organisation", "Backup"])
      let token = String(issued.stdout.split(separator: "\n").first ?? "")
      let file = "\(daemon.dataDirectory)/backup.db"
      let backup = try Harness.apikeyctl(daemon, ["backup", file, "--json"])
      #expect(backup.status == 0, "\(backup)")
      #expect(daemon.stop() == 0)
      let target = try server.newDatabase()
      let restored = try Harness.run(
        "\(Harness.binDirectory)/apikeyserv",
        ["restore", file, "--data-dir", daemon.dataDirectory, "--database", target])
      #expect(restored.status == 0, "\(restored)")
      #expect(restored.stdout.contains("Restored 1 API keys"), "\(restored)")
      let again = try Harness.run(
        "\(Harness.binDirectory)/apikeyserv",
        ["restore", file, "--data-dir", daemon.dataDirectory, "--database", target])
      #expect(again.status != 0 && again.stderr.contains("not empty"), "\(again)")
      let onCopy = try DaemonProcess(
        dataDirectory: daemon.dataDirectory, extraArguments: ["--database", target])
      defer { onCopy.stop() }
      #expect(try Harness.apikeyctl(onCopy, ["verify", token]).status == 0)
      #expect(try Harness.apikeyctl(onCopy, ["audit", "verify"]).status == 0)
    }
  }
}
