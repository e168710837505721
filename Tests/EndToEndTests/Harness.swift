import Foundation
import Glibc
import Testing

/// Locations and process helpers for end-to-end tests: the real binaries, the real Python client.
enum Harness {
  /// The package root (three levels above this file).
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  /// Where `swift build` put the executables (next to the test bundle); `APIKEYSERV_TEST_BIN`
  /// points the tests at other binaries (e.g. an older build, to see a new test fail on it).
  static let binDirectory: String = {
    if let other = ProcessInfo.processInfo.environment["APIKEYSERV_TEST_BIN"] { return other }
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
    for candidate in [beside, "\(packageRoot)/.build/debug"]
    where FileManager.default.isExecutableFile(atPath: "\(candidate)/apikeyserv") {
      return candidate
    }
    return "\(packageRoot)/.build/debug"
  }()

  /// The virtualenv Python with grpcio, grpcio-tools and PyJWT (`make test` sets it up).
  static var python: String {
    ProcessInfo.processInfo.environment["APIKEYSERV_TEST_PYTHON"]
      ?? "\(packageRoot)/.build/venv/bin/python"
  }

  /// Python stubs generated once per test run, removed when the test process exits.
  static let stubs: String = {
    atexit { try? FileManager.default.removeItem(atPath: Harness.stubs) }
    return "/tmp/aks-stubs-\(ProcessInfo.processInfo.processIdentifier)"
  }()

  /// The result of a finished process.
  struct Output: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }

    /// stdout parsed as a JSON object.
    func json() throws -> [String: Any] {
      let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
      return try #require(object as? [String: Any], "not a JSON object: \(stdout)")
    }
  }

  /// Runs a program to completion; stdout and stderr go through files (no pipe deadlocks).
  static func run(
    _ executable: String, _ arguments: [String], stdin: String? = nil,
    environment: [String: String] = [:]
  ) throws -> Output {
    try Running(executable, arguments, stdin: stdin, environment: environment).finish()
  }

  /// Starts every program at once, then waits for all: their outputs, in order.
  static func runTogether(_ invocations: [(String, [String])]) throws -> [Output] {
    let running = try invocations.map { try Running($0.0, $0.1) }
    return running.map { $0.finish() }
  }

  /// A program started with its output going to files. Started with posix_spawn and reaped with
  /// waitpid, not Foundation's Process: a test run once hung for good in
  /// `Process.waitUntilExit` on a child that had exited (its end never noticed).
  struct Running {
    let pid: pid_t
    let scratch = "/tmp/aks-run-\(UUID().uuidString.prefix(8))"

    init(
      _ executable: String, _ arguments: [String], stdin: String? = nil,
      environment: [String: String] = [:]
    ) throws {
      let input = stdin == nil ? "/dev/null" : scratch + ".in"
      if let stdin {
        _ = FileManager.default.createFile(atPath: input, contents: Data(stdin.utf8))
      }
      var actions = posix_spawn_file_actions_t()
      posix_spawn_file_actions_init(&actions)
      defer { posix_spawn_file_actions_destroy(&actions) }
      posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
      posix_spawn_file_actions_addopen(
        &actions, 1, scratch + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
      posix_spawn_file_actions_addopen(
        &actions, 2, scratch + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
      let argv: [UnsafeMutablePointer<CChar>?] =
        ([executable] + arguments).map { strdup($0) } + [nil]
      defer { argv.forEach { free($0) } }
      let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
      let envp: [UnsafeMutablePointer<CChar>?] =
        variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
      defer { envp.forEach { free($0) } }
      var pid: pid_t = 0
      let failed = posix_spawn(&pid, executable, &actions, nil, argv, envp)
      guard failed == 0 else {
        throw CocoaError(
          .fileNoSuchFile,
          userInfo: [
            NSLocalizedDescriptionKey:
              "cannot start \(executable): \(String(cString: strerror(failed)))"
          ])
      }
      self.pid = pid
    }

    /// Waits for the program; what it printed, its files removed.
    func finish() -> Output {
      var status: Int32 = 0
      while waitpid(pid, &status, 0) < 0, errno == EINTR {}
      defer {
        for suffix in [".out", ".err", ".in"] {
          try? FileManager.default.removeItem(atPath: scratch + suffix)
        }
      }
      // The exit status, or the signal's number as Process gives it for a killed program.
      let code = status & 0x7f == 0 ? (status >> 8) & 0xff : status & 0x7f
      return Output(
        status: code,
        stdout: (try? String(contentsOfFile: scratch + ".out", encoding: .utf8)) ?? "",
        stderr: (try? String(contentsOfFile: scratch + ".err", encoding: .utf8)) ?? "")
    }
  }

  /// Runs `apikeyctl` against `daemon`'s admin socket.
  static func apikeyctl(
    _ daemon: DaemonProcess, _ arguments: [String], stdin: String? = nil
  ) throws -> Output {
    try run(
      "\(binDirectory)/apikeyctl", arguments + ["--socket", daemon.adminSocket], stdin: stdin)
  }

  /// Runs the Python gRPC client (or another script with its options) against `daemon`; stdout
  /// is one JSON object.
  static func python(
    _ daemon: DaemonProcess, _ command: String, _ arguments: [String] = [],
    script: String = "grpc_client.py"
  ) throws -> Output {
    try pythonScript(
      script,
      [
        "--stubs", stubs, "--protos", "\(packageRoot)/Protos", "--public", daemon.publicSocket,
        // "--": an argument that starts with "-" (a kid does, one time in 64) is not an option.
        "--admin", daemon.adminSocket, "--", command,
      ] + arguments)
  }

  /// Runs one of the Python scripts in Tests/EndToEndTests/python with the test virtualenv.
  static func pythonScript(_ name: String, _ arguments: [String]) throws -> Output {
    guard FileManager.default.isExecutableFile(atPath: python) else {
      Issue.record(
        "no Python at \(python): run the tests with `make test` (it creates the virtualenv)")
      return Output(status: -1, stdout: "", stderr: "")
    }
    return try run(python, ["\(packageRoot)/Tests/EndToEndTests/python/\(name)"] + arguments)
  }
}
