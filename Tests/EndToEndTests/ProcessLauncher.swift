import Foundation
import Glibc

/// Starting a test process with its output in a log file, and waiting until it is ready.
enum ProcessLauncher {
  /// Runs `process` with stdout and stderr going to a fresh file at `logPath`.
  static func start(_ process: Process, logPath: String) throws {
    _ = FileManager.default.createFile(atPath: logPath, contents: nil)
    let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
    process.standardOutput = log
    process.standardError = log
    try process.run()
  }

  /// Polls `ready` for up to 30 s; fails with the log when the process exits or never gets ready.
  static func waitUntilReady(
    _ process: Process, name: String, logPath: String, _ ready: () -> Bool
  ) throws {
    let deadline = Date() + 30
    while Date() < deadline {
      if !process.isRunning { throw DaemonFailure("\(name) exited: \(log(logPath))") }
      if ready() { return }
      usleep(50_000)
    }
    throw DaemonFailure("\(name) was not ready within 30 s: \(log(logPath))")
  }

  /// The log so far.
  static func log(_ path: String) -> String {
    (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
  }
}
