import Foundation
import Glibc
import Testing

/// A real mail path for the daemon's e-mails: aiosmtpd as the SMTP server, writing a maildir,
/// and msmtp behind a `sendmail` wrapper pointed at it (what `--sendmail` names). The sink can be
/// stopped and started again on the same port, so that sendmail fails meanwhile.
final class MailSink: @unchecked Sendable {
  let directory: String
  let port: Int
  private var sink: Process?

  /// The sendmail program to give the daemon.
  var sendmail: String { "\(directory)/sendmail" }
  /// Where the sink writes each message it accepts (new/ holds one file per message).
  var maildir: String { "\(directory)/maildir" }

  /// Starts the sink and writes msmtp's configuration and the wrapper.
  init() throws {
    let msmtp = "/usr/bin/msmtp"
    try #require(
      FileManager.default.isExecutableFile(atPath: msmtp), "needs msmtp (make test installs it)")
    directory = "/tmp/aks-mail-\(UUID().uuidString.prefix(8))"
    // The sink makes the maildir (it would not complete one that exists empty).
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
    chmod(directory, 0o755)
    port = BridgeProcess.freePort()
    try """
    account default
    host 127.0.0.1
    port \(port)
    from keys@example.org
    auth off
    tls off
    """.write(toFile: "\(directory)/msmtprc", atomically: true, encoding: .utf8)
    chmod("\(directory)/msmtprc", 0o600)
    try """
    #!/bin/sh
    exec \(msmtp) -C \(directory)/msmtprc "$@"
    """.write(toFile: sendmail, atomically: true, encoding: .utf8)
    chmod(sendmail, 0o755)
    try start()
  }

  /// Starts aiosmtpd on the sink's port; returns once it accepts connections.
  func start() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Harness.python)
    process.arguments = [
      "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox",
      maildir,
    ]
    let log = "\(directory)/sink.log"
    try ProcessLauncher.start(process, logPath: log)
    sink = process
    let port = port
    try ProcessLauncher.waitUntilReady(process, name: "aiosmtpd", logPath: log) {
      BridgeProcess.accepts(port: port)
    }
  }

  /// Stops aiosmtpd (its event loop does not end on SIGTERM); sendmail fails until `start`.
  func stop() {
    guard let sink else { return }
    kill(sink.processIdentifier, SIGKILL)
    sink.waitUntilExit()
    self.sink = nil
  }

  /// The messages received so far, oldest first.
  var messages: [String] {
    let new = "\(maildir)/new"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: new)) ?? []
    return
      names
      .compactMap { name -> (Date, String)? in
        let path = "\(new)/\(name)"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let date = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate])
        return ((date as? Date) ?? .distantPast, text)
      }
      .sorted { $0.0 < $1.0 }.map(\.1)
  }

  /// Waits up to `timeout` seconds until at least `count` messages arrived; the messages.
  func waitForMessages(_ count: Int, timeout: Double = 30) -> [String] {
    let deadline = Date() + timeout
    while messages.count < count, Date() < deadline { usleep(200_000) }
    return messages
  }

  /// Stops the sink and removes its files.
  func remove() {
    stop()
    try? FileManager.default.removeItem(atPath: directory)
  }
}
