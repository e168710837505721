import Foundation
import Glibc
import Testing

/// A real `apikeyserv` process on a fresh (or given) data directory under /tmp.
final class DaemonProcess: @unchecked Sendable {
  let dataDirectory: String
  let process = Process()
  let logPath: String

  var publicSocket: String { "\(dataDirectory)/apikeyserv.sock" }
  var adminSocket: String { "\(dataDirectory)/admin.sock" }

  /// Starts the daemon and waits until both sockets accept connections.
  /// `fileLimit` starts it under that limit on open files (prlimit, soft and hard);
  /// `environment` adds to the test's own.
  init(
    dataDirectory: String? = nil, extraArguments: [String] = ["--generate-signing-key-if-none"],
    fileLimit: Int? = nil, environment: [String: String] = [:]
  ) throws {
    self.dataDirectory = dataDirectory ?? "/tmp/aks-\(UUID().uuidString.prefix(8))"
    // Each process its own log (a restart on the same directory gets a new one), removed with it.
    logPath = "\(self.dataDirectory)-\(UUID().uuidString.prefix(4)).log"
    let arguments = ["--data-dir", self.dataDirectory, "--log-level", "debug"] + extraArguments
    if let fileLimit {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
      process.arguments =
        ["--nofile=\(fileLimit)", "--", "\(Harness.binDirectory)/apikeyserv"] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: "\(Harness.binDirectory)/apikeyserv")
      process.arguments = arguments
    }
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    try ProcessLauncher.start(process, logPath: logPath)
    let (publicSocket, adminSocket) = (self.publicSocket, self.adminSocket)
    // Ready once both sockets accept connections and have their modes (logged after chmod).
    try ProcessLauncher.waitUntilReady(process, name: "apikeyserv", logPath: logPath) {
      Self.connects(publicSocket) && Self.connects(adminSocket)
        && ProcessLauncher.log(logPath).components(separatedBy: "Listening").count > 2
    }
  }

  /// The daemon's log so far.
  var log: String { ProcessLauncher.log(logPath) }

  /// SIGTERM, then wait for a graceful exit; returns the exit status.
  @discardableResult
  func stop() -> Int32 {
    guard process.isRunning else { return process.terminationStatus }
    process.terminate()
    process.waitUntilExit()
    return process.terminationStatus
  }

  /// SIGKILL: a crash, leaving socket files behind.
  func kill() {
    Glibc.kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
  }

  /// Stops the daemon and removes its files: the end of a test that is done with it.
  func stopAndRemoveFiles() {
    stop()
    removeFiles()
  }

  /// Removes the data directory and log.
  func removeFiles() {
    try? FileManager.default.removeItem(atPath: dataDirectory)
    try? FileManager.default.removeItem(atPath: logPath)
  }

  deinit {
    if process.isRunning {
      Glibc.kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
    try? FileManager.default.removeItem(atPath: logPath)
  }

  /// True when a Unix socket at `path` accepts a connection.
  static func connects(_ path: String) -> Bool {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
    withUnsafeMutableBytes(of: &address.sun_path) { buffer in
      for (index, byte) in bytes.enumerated() { buffer[index] = byte }
    }
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
      }
    }
  }
}

struct DaemonFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
