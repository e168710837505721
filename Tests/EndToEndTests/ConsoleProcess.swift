import Foundation
import Glibc

/// A real `apikeyctl console` process for a daemon's admin socket: its output in a log, its
/// standard input a pipe (a line asks for a new entry link).
final class ConsoleProcess: @unchecked Sendable {
  let process = Process()
  let input = Pipe()
  let logPath = "/tmp/aks-console-\(UUID().uuidString.prefix(8)).log"

  /// Starts the console on `socket`; `runAs` runs it as that user (runuser), with `executable`.
  init(
    socket: String, executable: String = "\(Harness.binDirectory)/apikeyctl",
    runAs user: String? = nil, extraArguments: [String] = []
  ) throws {
    let arguments = ["console", "--socket", socket] + extraArguments
    if let user {
      process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
      process.arguments = ["-u", user, "--", executable] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = arguments
    }
    process.standardInput = input
    try ProcessLauncher.start(process, logPath: logPath)
  }

  var log: String { ProcessLauncher.log(logPath) }

  /// The entry links printed so far.
  var links: [String] {
    log.split(whereSeparator: \.isWhitespace).map(String.init).filter {
      $0.hasPrefix("http://") && $0.contains("/enter/")
    }
  }

  /// Waits (up to 30 s) for the `count`th link.
  func link(_ count: Int = 1) throws -> String {
    try ProcessLauncher.waitUntilReady(process, name: "apikeyctl console", logPath: logPath) {
      links.count >= count
    }
    return links[count - 1]
  }

  /// A new line on its standard input: it prints a new link.
  func pressEnter() {
    input.fileHandleForWriting.write(Data("\n".utf8))
  }

  /// Waits (up to 30 s) for it to exit by itself; its status.
  func waitForExit() -> Int32 {
    let deadline = Date() + 30
    while process.isRunning && Date() < deadline { usleep(50_000) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    return process.terminationStatus
  }

  /// SIGINT (Ctrl-C) and wait; the exit status.
  @discardableResult
  func stop() -> Int32 {
    if process.isRunning {
      kill(process.processIdentifier, SIGINT)
      return waitForExit()
    }
    process.waitUntilExit()
    return process.terminationStatus
  }

  func removeLog() { try? FileManager.default.removeItem(atPath: logPath) }

  deinit {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }
}
