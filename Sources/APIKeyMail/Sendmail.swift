import APIKeyCore
import Dispatch
import Foundation
import Glibc

/// Hands an e-mail to the host's mail transfer agent through the sendmail interface
/// (`sendmail -i -- RECIPIENT…`, message on standard input), which msmtp, postfix and exim all
/// provide, with their own TLS, authentication, queueing and retries. Success means the agent
/// accepted the message (exit status 0).
package struct Sendmail: Sendable {
  /// The program, e.g. `/usr/sbin/sendmail`.
  let path: String
  /// Longest wait for the agent to accept; it is killed after that.
  package var timeout: Double = 30

  /// The agent at `path`, killed after `timeout` seconds.
  package init(path: String, timeout: Double = 30) {
    self.path = path
    self.timeout = timeout
  }

  /// Variables the agent may need; nothing else of the daemon's environment (which may hold a
  /// database URL with its password) is passed on.
  static let passedEnvironment = [
    "PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ", "TMPDIR",
  ]

  /// Sends `message` (headers and body, CRLF or LF lines) to `recipient`; throws `unavailable`
  /// with the agent's own words when it does not accept it.
  package func send(_ message: String, to recipient: String) async throws {
    try await send(message, to: [recipient])
  }

  /// Sends `message` once to every one of `recipients` (one hand-over: the agent accepts it for
  /// all or for none); throws `unavailable` with the agent's own words when it does not.
  package func send(_ message: String, to recipients: [String]) async throws {
    let result = await withCheckedContinuation { continuation in
      DispatchQueue.global().async {
        continuation.resume(returning: run(message, recipients: recipients))
      }
    }
    if let failure = result {
      // The agent's words often name the recipient: contact details are never logged.
      let said = Redaction.emailAddresses(in: failure, known: recipients)
      throw APIKeyError.unavailable("the e-mail could not be handed to \(path): \(said)")
    }
  }

  /// Runs the agent to completion; nil on success, else what went wrong.
  private func run(_ message: String, recipients: [String]) -> String? {
    var input: [Int32] = [0, 0]
    var output: [Int32] = [0, 0]
    guard Self.pipe(&input) else { return "no pipe: \(String(cString: strerror(errno)))" }
    guard Self.pipe(&output) else {
      close(input[0])
      close(input[1])
      return "no pipe: \(String(cString: strerror(errno)))"
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, input[0], 0)
    posix_spawn_file_actions_adddup2(&actions, output[1], 1)
    posix_spawn_file_actions_adddup2(&actions, output[1], 2)
    let words: [String] = [path, "-i", "--"] + recipients
    let arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    defer { arguments.forEach { free($0) } }
    let current = ProcessInfo.processInfo.environment
    let environment: [UnsafeMutablePointer<CChar>?] =
      Self.passedEnvironment.compactMap { name in current[name].map { strdup("\(name)=\($0)") } }
      + [nil]
    defer { environment.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, path, &actions, nil, arguments, environment)
    close(input[0])
    close(output[1])
    guard spawned == 0 else {
      close(input[1])
      close(output[0])
      return "cannot start it: \(String(cString: strerror(spawned)))"
    }
    let killer = DispatchWorkItem { kill(pid, SIGKILL) }
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
    defer { killer.cancel() }
    let bytes = Array(message.utf8)
    var written = 0
    while written < bytes.count {
      let count = bytes[written...].withUnsafeBytes { write(input[1], $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { break }  // the agent closed its input; its status says why
      written += count
    }
    close(input[1])
    let said = Self.readAll(output[0], limit: 2048)
    close(output[0])
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    let exited = status & 0x7f == 0
    let code = (status >> 8) & 0xff
    if exited, code == 0, written == bytes.count { return nil }
    let how = exited ? "exit status \(code)" : "killed by signal \(status & 0x7f)"
    let text = said.trimmingCharacters(in: .whitespacesAndNewlines)
    return text.isEmpty ? how : "\(how): \(text)"
  }

  /// A pipe whose ends other children do not inherit (the daemon spawns nothing else).
  private static func pipe(_ ends: inout [Int32]) -> Bool {
    guard Glibc.pipe(&ends) == 0 else { return false }
    for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return true
  }

  /// What `fd` yields until end of file, at most `limit` bytes kept.
  private static func readAll(_ fd: Int32, limit: Int) -> String {
    var kept: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { break }
      kept.append(contentsOf: buffer[..<min(count, max(0, limit - kept.count))])
    }
    return String(decoding: kept, as: UTF8.self)
  }
}
