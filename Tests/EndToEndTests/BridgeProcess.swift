import Foundation
import Glibc

/// A real `apikey-http` process on a free loopback port.
final class BridgeProcess: @unchecked Sendable {
  let process = Process()
  let port: Int
  let logPath: String

  var baseURL: String { "http://127.0.0.1:\(port)" }

  /// Starts the bridge for `socket`; `runAs` wraps the command (e.g. runuser) when given;
  /// `fileLimit` starts it under that soft limit on open files (prlimit), as systemd would.
  init(
    socket: String, executable: String = "\(Harness.binDirectory)/apikey-http",
    runAs user: String? = nil,
    extraArguments: [String] = [], fileLimit: Int? = nil
  ) throws {
    port = Self.freePort()
    logPath = "/tmp/aks-http-\(UUID().uuidString.prefix(8)).log"
    let arguments =
      [
        "--socket", socket, "--port", "\(port)", "--max-age", "5", "--max-backoff", "0.3",
        "--log-level", "debug",
      ] + extraArguments
    if let user {
      process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
      process.arguments = ["-u", user, "--", executable] + arguments
    } else if let fileLimit {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
      process.arguments = ["--nofile=\(fileLimit):", "--", executable] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = arguments
    }
    try ProcessLauncher.start(process, logPath: logPath)
    let health = "\(baseURL)/healthz"
    try ProcessLauncher.waitUntilReady(process, name: "apikey-http", logPath: logPath) {
      (try? HTTP.get(health).status) == 200
    }
  }

  var log: String { ProcessLauncher.log(logPath) }

  /// Waits (up to 5 s) until `/readyz` answers 200: the bridge has the daemon's key set.
  func waitUntilServing() throws {
    _ = try EndToEnd.BridgeEndToEndTests.waitFor("\(baseURL)/readyz") { $0.status == 200 }
  }

  /// SIGTERM and wait; returns the exit status.
  @discardableResult
  func stop() -> Int32 {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
    try? FileManager.default.removeItem(atPath: logPath)
    return process.terminationStatus
  }

  deinit {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }

  /// A loopback TCP port nobody listens on right now.
  static func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        bind(fd, pointer, length)
        return getsockname(fd, pointer, &length)
      }
    }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  /// True when something accepts TCP connections on loopback `port`.
  static func accepts(port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
      }
    }
  }

  /// Runs `start` again while exec fails with "Text file busy": a binary just copied (for
  /// another user) is briefly held open for writing by any child that a test running in
  /// parallel forked during the copy.
  static func retryingBusyText(_ start: () throws -> BridgeProcess) throws -> BridgeProcess {
    var attempt = 0
    while true {
      attempt += 1
      do {
        return try start()
      } catch  where "\(error)".contains("Text file busy") && attempt < 25 {
        usleep(200_000)
      }
    }
  }
}
