import Foundation
import Glibc
import Testing

extension EndToEnd {
  /// Self-service as an operator first sets it up: the docs' snippet with the shipped sendmail
  /// stand-in, a form that says how the key will come, a start without a signing key that says
  /// so (at start, in `--check-config`, in `/readyz`, on the form), and a group that does not
  /// exist refused before anything is created.
  @Suite("Self-service setup end to end", .serialized)
  struct SelfServiceSetupEndToEndTests {
    static let standIn = "\(Harness.packageRoot)/scripts/sendmail-to-folder"

    /// `/readyz`'s `self_service` object.
    static func selfServiceStatus(_ bridge: BridgeProcess) throws -> [String: Any] {
      let ready = try HTTP.get("\(bridge.baseURL)/readyz")
      #expect(ready.status == 200, "the key set is served either way: \(ready.body)")
      return try #require(try ready.json()["self_service"] as? [String: Any], "\(ready.body)")
    }

    @Test(
      "E-mail delivery with the shipped sendmail stand-in: the form says the key is e-mailed, the answer has no key, the folder has a message whose key verifies"
    )
    func emailToFolder() throws {
      let temporary = "/tmp/aks-tmp-\(UUID().uuidString.prefix(8))"
      try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
      defer { try? FileManager.default.removeItem(atPath: temporary) }
      let daemon = try DaemonProcess(
        extraArguments: [
          "--generate-signing-key-if-none", "--self-service", "--self-service-delivery", "email",
          "--sendmail", Self.standIn, "--mail-from", "API keys <noreply@example.org>",
        ], environment: ["TMPDIR": temporary])
      defer { daemon.stopAndRemoveFiles() }
      let bridge = try BridgeProcess(
        socket: daemon.publicSocket, extraArguments: ["--self-service"])
      defer { bridge.stop() }
      try bridge.waitUntilServing()

      let form = try HTTP.get("\(bridge.baseURL)/register/")
      #expect(form.body.contains("We e-mail the key to the first address you fill in below"))
      #expect(!form.body.contains("the next page shows the key"))
      #expect(!form.body.contains("Keys cannot be requested right now"))
      let status = try Self.selfServiceStatus(bridge)
      #expect(status["status"] as? String == "ready" && status["delivery"] as? String == "email")

      let answer = try HTTP.get(
        "\(bridge.baseURL)/apikeys/", method: "POST",
        headers: ["Content-Type": "application/json"],
        body:
          #"{"email_1": "piet@example.org", "organisation": "Gemeente", "agree_on_personal_data": true}"#
      )
      #expect(answer.status == 200, "\(answer.body)")
      #expect(try answer.json()["apikey"] is NSNull && answer.json()["sent"] as? Bool == true)
      let folder = "\(temporary)/apikeyserv-mail"
      let files = try FileManager.default.contentsOfDirectory(atPath: folder)
      #expect(files.count == 1 && files[0].hasSuffix(".eml"), "\(files)")
      let mode = try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions]
      #expect(mode as? Int == 0o700)
      let message = try String(contentsOfFile: "\(folder)/\(files[0])", encoding: .utf8)
      #expect(message.hasPrefix("X-Envelope-To: piet@example.org\n"))
      #expect(message.contains("From: \"API keys\" <noreply@example.org>"))
      let token = try #require(
        message.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("eyJ") }, "\(message)")
      let verified = try Harness.apikeyctl(daemon, ["verify", String(token)])
      #expect(verified.status == 0, "\(verified)")
    }

    @Test(
      "Without a signing key: a warning at start and in --check-config, /readyz and the form say keys cannot be requested; after signing-key generate, they can"
    )
    func noSigningKey() throws {
      let daemon = try DaemonProcess(extraArguments: ["--self-service"])
      defer { daemon.stopAndRemoveFiles() }
      #expect(daemon.log.contains("no signing key signs now"))
      let check = try Harness.run(
        "\(Harness.binDirectory)/apikeyserv",
        ["--data-dir", daemon.dataDirectory, "--self-service", "--check-config"])
      #expect(check.status == 0, "a warning is not a problem: \(check)")
      #expect(check.stdout.contains("warning: self-service is on, but no signing key signs now"))
      let bridge = try BridgeProcess(
        socket: daemon.publicSocket, extraArguments: ["--self-service"])
      defer { bridge.stop() }
      try bridge.waitUntilServing()

      let status = try Self.selfServiceStatus(bridge)
      #expect(status["status"] as? String == "not ready" && status["delivery"] as? String == "page")
      #expect((status["reason"] as? String)?.contains("no signing key signs now") == true)
      let form = try HTTP.get("\(bridge.baseURL)/register/")
      #expect(form.body.contains("Keys cannot be requested right now"))
      #expect(form.body.contains("the next page shows the key, once"))

      let generated = try Harness.apikeyctl(daemon, ["signing-key", "generate"])
      #expect(generated.status == 0, "\(generated)")
      let (ready, _) = try BridgeEndToEndTests.waitFor("\(bridge.baseURL)/readyz") {
        ((try? $0.json())?["self_service"] as? [String: Any])?["status"] as? String == "ready"
      }
      #expect(ready.body.contains("\"status\":\"ready\""), "\(ready.body)")
      #expect(!(try HTTP.get("\(bridge.baseURL)/register/").body.contains("cannot be requested")))
      let again = try Harness.run(
        "\(Harness.binDirectory)/apikeyserv",
        ["--data-dir", daemon.dataDirectory, "--self-service", "--check-config"])
      #expect(!again.stdout.contains("warning:"), "\(again)")
    }

    @Test("A socket group that does not exist stops the start before the data directory is made")
    func missingGroup() throws {
      let directory = "/tmp/aks-\(UUID().uuidString.prefix(8))"
      defer { try? FileManager.default.removeItem(atPath: directory) }
      let start = try Harness.run(
        "\(Harness.binDirectory)/apikeyserv",
        [
          "--data-dir", directory, "--self-service", "--register-group", "no-such-group-aks",
        ])
      #expect(start.status != 0)
      #expect(start.stderr.contains("no such group: no-such-group-aks"), "\(start)")
      #expect(!FileManager.default.fileExists(atPath: directory), "nothing is created")
    }
  }
}
