import Foundation
import Glibc
import TestSupport
import Testing

extension EndToEnd {
  /// The rules that must hold for every daemon, raced with real processes: many `apikeyctl`
  /// calls started at once, against one daemon on SQLite, or split across two daemons on one
  /// PostgreSQL database.
  @Suite("Concurrency end to end", .serialized)
  struct ConcurrencyEndToEndTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
      case sqlite, postgres
      var testDescription: String { rawValue == "sqlite" ? "SQLite" : "PostgreSQL, two daemons" }
    }

    /// The daemons of `backend`, both generating no signing key but the first: one daemon twice
    /// (SQLite), or two on one new database. `body` gets them; they stop after it.
    static func withDaemons(
      _ backend: Backend, _ body: ([DaemonProcess]) throws -> Void
    ) throws {
      switch backend {
      case .sqlite:
        let daemon = try DaemonProcess()
        defer { daemon.stopAndRemoveFiles() }
        try body([daemon, daemon])
      case .postgres:
        let (a, b) = try SeveralHostsEndToEndTests.pair(
          url: PostgresServer.shared().newDatabase())
        defer {
          a.stopAndRemoveFiles()
          b.stopAndRemoveFiles()
        }
        try body([a, b])
      }
    }

    /// `count` apikeyctl calls started at once, the i-th against `daemons[i % 2]`, with the
    /// arguments `arguments(i)` gives.
    static func together(
      _ daemons: [DaemonProcess], _ count: Int, _ arguments: (Int) -> [String]
    ) throws -> [Harness.Output] {
      try Harness.runTogether(
        (0 ..< count).map { index in
          (
            "\(Harness.binDirectory)/apikeyctl",
            arguments(index) + ["--socket", daemons[index % daemons.count].adminSocket]
          )
        })
    }

    /// The JSON object a successful call printed.
    static func json(_ output: Harness.Output) -> [String: Any] {
      (try? JSONSerialization.jsonObject(with: Data(output.stdout.utf8))) as? [String: Any] ?? [:]
    }

    /// The signing keys `daemon` lists, as JSON objects.
    static func signingKeys(_ daemon: DaemonProcess) throws -> [[String: Any]] {
      let listed = try Harness.apikeyctl(daemon, ["signing-key", "list", "--json"])
      #expect(listed.status == 0, "\(listed)")
      return json(listed)["keys"] as? [[String: Any]] ?? []
    }

    /// The kid of the first signing key `daemon` lists (the one it generated at start).
    static func firstKid(_ daemon: DaemonProcess) throws -> String {
      try #require(signingKeys(daemon).first?["kid"] as? String)
    }

    @Test(
      "20 simultaneous rotations leave exactly one pending key; the other 19 are refused naming it",
      arguments: Backend.allCases)
    func rotations(backend: Backend) throws {
      try Self.withDaemons(backend) { daemons in
        let outputs = try Self.together(daemons, 20) { _ in
          ["signing-key", "rotate", "--publish-ahead", "1h", "--json"]
        }
        let made = outputs.filter { $0.status == 0 }
        try #require(made.count == 1, "\(outputs.map(\.stderr))")
        let kid = try #require((Self.json(made[0])["key"] as? [String: Any])?["kid"] as? String)
        for refused in outputs where refused.status != 0 {
          #expect(
            refused.stderr.contains("signing key \(kid) is pending already"), "\(refused.stderr)")
        }
        for daemon in daemons {
          let pending = try Self.signingKeys(daemon).filter {
            $0["state"] as? String == "SIGNING_KEY_STATE_PENDING"
          }
          #expect(pending.map { $0["kid"] as? String } == [kid])
        }
      }
    }

    @Test(
      "Two simultaneous retirements of one key: one succeeds, the other is refused as retired already",
      arguments: Backend.allCases)
    func retirements(backend: Backend) throws {
      try Self.withDaemons(backend) { daemons in
        let kid = try Self.firstKid(daemons[0])
        let outputs = try Self.together(daemons, 2) { _ in
          ["signing-key", "retire", kid, "--yes", "--json"]
        }
        #expect(outputs.filter { $0.status == 0 }.count == 1, "\(outputs)")
        let refused = try #require(outputs.first { $0.status != 0 })
        #expect(refused.stderr.contains("signing key \(kid) was retired already"), "\(refused)")
      }
    }

    @Test(
      "A retirement racing 40 IssueKeys counts every key it leaves without a valid token; no key is issued with the retired key after it",
      arguments: Backend.allCases)
    func retirementRacingIssues(backend: Backend) throws {
      try Self.withDaemons(backend) { daemons in
        let kid = try Self.firstKid(daemons[0])
        let outputs = try Self.together(daemons, 41) { index in
          index == 20
            ? ["signing-key", "retire", kid, "--yes", "--json"]
            : [
              "issue", "--email", "race\(index)@example.org", "--organisation", "Race", "--json",
            ]
        }
        let retirement = outputs[20]
        #expect(retirement.status == 0, "\(retirement)")
        let impact = Self.json(retirement)["impact"] as? [String: Any] ?? [:]
        let counted = Int(impact["affected_keys"] as? String ?? "0") ?? -1
        let issued = outputs.enumerated().filter { $0.offset != 20 && $0.element.status == 0 }
        for (_, output) in issued {
          #expect(Self.json(output)["kid"] as? String == kid, "signed by another key: \(output)")
        }
        // Every key issued holds only a token of the retired key: each must be counted.
        #expect(counted == issued.count, "impact \(counted), issued \(issued.count)")
        for output in outputs.enumerated().filter({ $0.offset != 20 }).map(\.element)
        where output.status != 0 {
          #expect(output.stderr.contains("no signing key can sign now"), "\(output.stderr)")
        }
        print("\(backend.rawValue): \(issued.count) of 40 issued before the retirement")
      }
    }

    @Test(
      "keys revoke racing keys resign of the same key never leaves a fresh token that verifies",
      arguments: Backend.allCases)
    func revokeRacingResign(backend: Backend) throws {
      try Self.withDaemons(backend) { daemons in
        var ids: [String] = []
        for index in 0 ..< 8 {
          let made = try Harness.apikeyctl(
            daemons[0],
            ["issue", "--email", "r\(index)@example.org", "--organisation", "R", "--json"])
          ids.append(
            try #require((Self.json(made)["key"] as? [String: Any])?["id"] as? String, "\(made)"))
        }
        let outputs = try Self.together(daemons, 16) { index in
          index.isMultiple(of: 2)
            ? ["keys", "revoke", ids[index / 2], "--yes", "--reason", "race"]
            : ["keys", "resign", ids[index / 2], "--json"]
        }
        for (index, output) in outputs.enumerated() where index.isMultiple(of: 2) {
          #expect(output.status == 0, "revoke: \(output)")
        }
        for (index, output) in outputs.enumerated() where !index.isMultiple(of: 2) {
          guard output.status == 0 else {
            #expect(output.stderr.contains("cannot be re-signed"), "\(output.stderr)")
            continue
          }
          let token = try #require(Self.json(output)["token"] as? String)
          for daemon in daemons {
            // The other daemon learns of a revocation within milliseconds; give it two seconds.
            var verified = try Harness.apikeyctl(daemon, ["verify", token])
            for _ in 0 ..< 20 where verified.status == 0 {
              usleep(100_000)
              verified = try Harness.apikeyctl(daemon, ["verify", token])
            }
            #expect(verified.status != 0, "key \(ids[index / 2])'s fresh token verifies")
            #expect(verified.stderr.contains("revoked"), "\(verified)")
          }
        }
      }
    }

    @Test(
      "One request id sent to both daemons at once makes one key",
      arguments: Backend.allCases)
    func sharedRequestID(backend: Backend) throws {
      try Self.withDaemons(backend) { daemons in
        let outputs = try Self.together(daemons, 16) { index in
          [
            "issue", "--email", "same\(index / 2)@example.org", "--organisation", "Same",
            "--request-id", "same-\(index / 2)", "--json",
          ]
        }
        for pair in stride(from: 0, to: outputs.count, by: 2) {
          let (first, second) = (outputs[pair], outputs[pair + 1])
          #expect(first.status == 0 && second.status == 0, "\(first)\n\(second)")
          let ids = [first, second].map {
            (Self.json($0)["key"] as? [String: Any])?["id"] as? String
          }
          #expect(ids[0] != nil && ids[0] == ids[1], "request same-\(pair / 2): \(ids)")
        }
        let listed = try Harness.apikeyctl(
          daemons[1], ["keys", "list", "--search", "same", "--json"])
        let keys = Self.json(listed)["keys"] as? [[String: Any]] ?? []
        #expect(keys.count == 8, "\(listed.stdout)")
      }
    }
  }
}
