import Foundation
import Testing

extension EndToEnd {
  /// The daemon killed (-9) in the middle of admin changes, its disk full or limited, its file
  /// system turned read-only: the state is always one of before or after, nothing acknowledged
  /// is lost, and it recovers by itself (after a read-only file system, once fsck'd and
  /// restarted). `make test` runs few rounds; `make soak` many (APIKEYSERV_SOAK_ROUNDS).
  @Suite("Survival end to end", .serialized)
  struct SurvivalEndToEndTests {
    static var rounds: Int {
      ProcessInfo.processInfo.environment["APIKEYSERV_SOAK_ROUNDS"].flatMap(Int.init) ?? 3
    }

    @Test(
      "kill -9 during RotateSigningKey, RetireKey, ImportRecords and Backup: before or after, never between; integrity ok; the audit chain verifies; no acknowledged key lost"
    )
    func killDuringChanges() throws {
      let output = try Harness.pythonScript(
        "survival.py", ["--bin", Harness.binDirectory, "--rounds", "\(Self.rounds)", "--", "kill"])
      #expect(output.status == 0, "\(output)")
      let report = try output.json()
      let operations = try #require(report["operations"] as? [String: [String: Any]])
      #expect(Set(operations.keys) == ["rotate", "retire", "import", "backup"])
      for (operation, outcome) in operations.sorted(by: { $0.key < $1.key }) {
        print(
          "kill -9 during \(operation): \(Self.rounds) rounds, before \(outcome["before"] ?? 0), after \(outcome["after"] ?? 0), between \(outcome["between"] ?? 0), acknowledged \(outcome["acknowledged"] ?? 0), window \(outcome["window_ms"] ?? 0) ms, unacknowledged backup files left \(outcome["partial_backup_files"] ?? 0)"
        )
        #expect(outcome["between"] as? Int == 0, "\(operation): \(outcome["problems"] ?? "")")
        #expect(
          outcome["integrity_failures"] as? Int == 0, "\(operation): \(outcome["problems"] ?? "")")
        #expect(
          outcome["audit_failures"] as? Int == 0, "\(operation): \(outcome["problems"] ?? "")")
        #expect(
          outcome["acknowledged_but_before"] as? Int == 0,
          "\(operation): an acknowledged change is gone")
        #expect(
          (outcome["before"] as? Int ?? 0) + (outcome["after"] as? Int ?? 0) == Self.rounds)
      }
      #expect(report["restarts_failed"] as? Int == 0)
      print(
        "kill -9 rounds: acknowledged keys \(report["acknowledged_keys"] ?? 0), lost \(report["keys_lost"] ?? "?")"
      )
      #expect(report["keys_lost"] as? Int == 0, "lost: \(report["lost_subjects"] ?? "")")
      #expect((report["acknowledged_keys"] as? Int ?? 0) >= 4 * Self.rounds)
    }

    @Test(
      "A full disk and a file-size limit under IssueKey: RESOURCE_EXHAUSTED or UNAVAILABLE naming the cause, reads go on, recovery without a restart; on a read-only file system the daemon starts read-only (reads served, changes refused) with its sockets elsewhere, and refuses with them inside"
    )
    func fullDisk() throws {
      let output = try Harness.pythonScript(
        "survival.py", ["--bin", Harness.binDirectory, "--", "disk"])
      #expect(output.status == 0, "\(output)")
      let report = try output.json()
      print("full disk: \(output.stdout)")
      var stages = ["file_size_limit"]
      if report["tmpfs"] as? Bool == true {
        stages.append("full")
        let full = try #require(report["full"] as? [String: Any])
        #expect((full["refusal"] as? String)?.contains("is full") == true, "\(full)")
        let readOnly = try #require(report["read_only_start"] as? [String: Any])
        #expect(readOnly["status"] as? Int == 2)
        #expect(
          (readOnly["message"] as? String)?.contains(
            "is on a read-only file system, and so is the public socket") == true,
          "\(readOnly)")
        let serving = try #require(report["read_only_serving"] as? [String: Any])
        #expect(serving["started"] as? Bool == true, "\(serving)")
        for read in ["public_keys", "verify", "list", "show", "audit", "backup"] {
          #expect(serving[read] as? Int == 0, "read-only start: \(read) failed: \(serving)")
        }
        #expect(serving["issue_status"] as? Int == 1)
        #expect(
          (serving["issue_refusal"] as? String)?.contains("its file system is read-only") == true,
          "\(serving)")
        #expect(serving["running"] as? Bool == true)
        #expect(serving["read_only_metric"] as? Double == 1, "apikeyserv_read_only: \(serving)")
        #expect(serving["stop_status"] as? Int == 0)
        let check = readOnly["check_config"] as? String ?? ""
        #expect(readOnly["check_config_status"] as? Int == 1, "\(check)")
        #expect(check.contains("is on a read-only file system"), "\(check)")
      } else {
        Issue.record("no tmpfs (\(report["mount_refused"] ?? "")): only the file-size limit ran")
      }
      for stage in stages {
        let outcome = try #require(report[stage] as? [String: Any], "\(stage) did not run")
        let refusal = try #require(outcome["refusal"] as? String, "\(stage): never refused")
        #expect(refusal.contains("nothing was written; reads and verification go on"), "\(refusal)")
        #expect(outcome["public_keys"] as? Int == 0, "\(stage): public keys not readable")
        #expect(outcome["verify"] as? Int == 0, "\(stage): verification failed")
        #expect(outcome["list"] as? Int == 0, "\(stage): listing keys failed")
        #expect(outcome["running"] as? Bool == true)
        #expect(outcome["recovered"] as? Bool == true, "\(stage): no recovery without a restart")
      }
      #expect(report["integrity"] as? String == "ok")
      #expect(report["keys_lost"] as? Int == 0)
      #expect(report["stored_keys"] as? Int == report["acknowledged_keys"] as? Int)
      #expect(report["audit"] as? Int == 0)
    }

    @Test(
      "The file system turns read-only under the daemon (ext4 remounting itself after an error): changes refused as UNAVAILABLE saying so, reads go on; after fsck and a restart every acknowledged key is there"
    )
    func readOnlyUnderTheDaemon() throws {
      let output = try Harness.pythonScript(
        "survival.py", ["--bin", Harness.binDirectory, "--", "read-only"])
      #expect(output.status == 0, "\(output)")
      let report = try output.json()
      print("read-only file system: \(output.stdout)")
      if let refused = report["loop_refused"] {
        Issue.record("no ext4 loop mount here (\(refused)): the read-only case did not run")
        return
      }
      #expect((report["mount_options"] as? String)?.contains("emergency_ro") == true)
      for answer in ["refusal", "signing_key_generate"] {
        let message = try #require(report[answer] as? String, "\(answer): never refused")
        #expect(message.contains("its file system is read-only"), "\(answer): \(message)")
        #expect(message.contains("nothing was written; reads and verification go on"))
      }
      #expect(report["accepted_before_refusal"] as? Int == 0)
      #expect(report["public_keys"] as? Int == 0, "public keys not readable")
      #expect(report["verify"] as? Int == 0, "verification failed")
      #expect(report["list"] as? Int == 0, "listing keys failed")
      #expect(report["running"] as? Bool == true)
      #expect(report["stop_status"] as? Int == 0)
      let restart = try #require(report["read_only_restart"] as? [String: Any])
      #expect(restart["started"] as? Bool == true, "restart on the read-only disk: \(restart)")
      for read in ["public_keys", "verify", "list", "show", "audit", "backup"] {
        #expect(restart[read] as? Int == 0, "restart on the read-only disk: \(read): \(restart)")
      }
      #expect(
        (restart["issue_refusal"] as? String)?.contains("its file system is read-only") == true)
      #expect(restart["listed_keys"] as? Int == 3, "the WAL's keys, read read-only: \(restart)")
      #expect(report["acknowledged_keys"] as? Int == 3)
      #expect(
        report["keys_lost"] as? Int == 0, "acknowledged keys lost to the read-only file system")
      #expect(report["stored_keys"] as? Int == 3, "records lost: \(report)")
      #expect(report["issues_after_restart"] as? Bool == true)
      #expect(report["audit"] as? Int == 0)
      #expect(report["integrity"] as? String == "ok")
    }
  }
}
