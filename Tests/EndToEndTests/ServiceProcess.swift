import Foundation
import Glibc

/// A real `protected-service` process (the example) on a free loopback port.
final class ServiceProcess: @unchecked Sendable {
  let process = Process()
  let port = BridgeProcess.freePort()
  let logPath = "/tmp/aks-svc-\(UUID().uuidString.prefix(8)).log"

  var baseURL: String { "http://127.0.0.1:\(port)" }

  /// Starts the example with `endpoint` as APIKEY_ENDPOINT and mandatory keys.
  init(
    endpoint: String, refreshInterval: Double = 1, maximumStaleness: Double? = nil,
    environment: [String: String] = [:]
  ) throws {
    process.executableURL = URL(fileURLWithPath: "\(Harness.binDirectory)/protected-service")
    var settings = [
      "APIKEY_ENDPOINT": endpoint, "APIKEY_MANDATORY": "1", "PORT": "\(port)",
      "APIKEY_REFRESH_INTERVAL": "\(refreshInterval)",
      "APIKEY_REVOCATION_INTERVAL": "\(refreshInterval)",
    ]
    if let maximumStaleness { settings["APIKEY_MAX_STALENESS"] = "\(maximumStaleness)" }
    settings.merge(environment) { $1 }
    process.environment = ProcessInfo.processInfo.environment.merging(settings) { $1 }
    try ProcessLauncher.start(process, logPath: logPath)
    let root = "\(baseURL)/"
    try ProcessLauncher.waitUntilReady(process, name: "protected-service", logPath: logPath) {
      (try? HTTP.get(root).status).map { $0 != 0 } ?? false
    }
  }

  var log: String { ProcessLauncher.log(logPath) }

  /// The status of GET `path` with `token` in X-Api-Key (none when nil).
  func status(_ path: String = "/whoami", token: String?) throws -> HTTP.Response {
    try HTTP.get("\(baseURL)\(path)", headers: token.map { ["X-Api-Key": $0] } ?? [:])
  }

  func stop() {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
    try? FileManager.default.removeItem(atPath: logPath)
  }

  deinit {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }
}
