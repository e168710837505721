import Foundation
import Glibc
import Testing

extension EndToEnd {
  /// What the daemon does on disk: socket modes, locking, stale sockets, secrets at rest.
  @Suite("Daemon files and sockets", .serialized)
  struct DaemonFilesTests {
    static func mode(_ path: String) -> Int? {
      (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int
    }

    @Test(
      "Sockets are 0666 (public) and 0600 (admin); master key 0600; SIGTERM removes the sockets")
    func modes() throws {
      let daemon = try DaemonProcess()
      defer { daemon.removeFiles() }
      #expect(Self.mode(daemon.publicSocket) == 0o666)
      #expect(Self.mode(daemon.adminSocket) == 0o600)
      #expect(Self.mode("\(daemon.dataDirectory)/master.key") == 0o600)
      #expect(Self.mode("\(daemon.dataDirectory)/apikeyserv.db") == 0o600)
      #expect(Self.mode(daemon.dataDirectory) == 0o711)
      #expect(daemon.stop() == 0)
      #expect(!FileManager.default.fileExists(atPath: daemon.publicSocket))
      #expect(!FileManager.default.fileExists(atPath: daemon.adminSocket))
      #expect(daemon.log.contains("Stopped"))
    }

    @Test("With --admin-group the admin socket is 0660 and belongs to that group")
    func adminGroup() throws {
      let daemon = try DaemonProcess(extraArguments: ["--admin-group", "daemon"])
      defer { daemon.stopAndRemoveFiles() }
      #expect(Self.mode(daemon.adminSocket) == 0o660)
      let group = try FileManager.default.attributesOfItem(atPath: daemon.adminSocket)[
        .groupOwnerAccountName]
      #expect(group as? String == "daemon")
      #expect(Self.mode(daemon.publicSocket) == 0o666)
    }

    @Test("A second daemon on the same data directory is refused and the first keeps serving")
    func secondDaemonRefused() throws {
      let daemon = try DaemonProcess()
      defer { daemon.stopAndRemoveFiles() }
      let second = try Harness.run(
        "\(Harness.binDirectory)/apikeyserv", ["--data-dir", daemon.dataDirectory])
      #expect(second.status != 0)
      #expect(second.stderr.contains("another apikeyserv is running"))
      #expect(DaemonProcess.connects(daemon.adminSocket))
      #expect(try Harness.apikeyctl(daemon, ["signing-key", "list"]).status == 0)
    }

    @Test("After a crash the stale sockets are replaced by the next start")
    func staleSocketReplaced() throws {
      let daemon = try DaemonProcess()
      defer { daemon.removeFiles() }
      daemon.kill()
      #expect(FileManager.default.fileExists(atPath: daemon.publicSocket))
      #expect(!DaemonProcess.connects(daemon.publicSocket))
      let restarted = try DaemonProcess(dataDirectory: daemon.dataDirectory, extraArguments: [])
      defer { restarted.stop() }
      #expect(try Harness.apikeyctl(restarted, ["signing-key", "list"]).status == 0)
      #expect(Self.mode(restarted.publicSocket) == 0o666)
    }

    @Test("A signing key added from openssl never appears in plain text in the database files")
    func noPlainPrivateKey() throws {
      let daemon = try DaemonProcess(extraArguments: [])
      defer { daemon.removeFiles() }
      let pem = try Harness.run("/usr/bin/openssl", ["genpkey", "-algorithm", "ED25519"]).stdout
      let added = try Harness.apikeyctl(daemon, ["signing-key", "add", "-"], stdin: pem)
      #expect(added.status == 0, "\(added)")
      let body = pem.split(separator: "\n")[1]
      let der = try #require(Data(base64Encoded: String(body)))
      let seed = Array(der.suffix(32))
      #expect(daemon.stop() == 0)
      let files = try FileManager.default.contentsOfDirectory(atPath: daemon.dataDirectory)
        .filter { $0.hasPrefix("apikeyserv.db") }
      var bytes: [UInt8] = []
      for file in files {
        bytes += Array(
          FileManager.default.contents(atPath: "\(daemon.dataDirectory)/\(file)") ?? Data())
      }
      #expect(bytes.count > 4096)
      #expect(!Self.contains(bytes, seed))
      #expect(!Self.contains(bytes, Array(body.utf8)))
      #expect(!daemon.log.contains(String(body)))
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
      guard haystack.count >= needle.count else { return false }
      return (0 ... (haystack.count - needle.count)).contains {
        haystack[$0 ..< ($0 + needle.count)].elementsEqual(needle)
      }
    }
  }
}
