public import APIKeyCommandSupport
public import APIKeyRPC
public import ArgumentParser
import Foundation

/// `--wait-for-verifiers`: after a change that must reach the verifiers (a revocation, a
/// retirement, a rotation), waits until every verifier seen within the daemon's window reports
/// the change's revision, or the timeout passes. A verifier counts as acknowledged once it
/// reports that revision or a later one.
public struct VerifierWait: Sendable {
  /// What the wait found.
  public struct Outcome: Sendable {
    /// Verifiers seen in the window.
    public var total: Int
    /// Those not at the revision when the wait ended, each with why.
    public var pending: [Apikeyserv_V1_Verifier]
    /// "acknowledged by 3 of 4; billing-api stale for 12 min".
    public var summary: String {
      let acknowledged = total - pending.count
      guard !pending.isEmpty else {
        return total == 0
          ? "no verifier reported within the window; nothing to wait for"
          : "acknowledged by all \(total) verifiers"
      }
      let names = pending.map { verifier in
        let why = verifier.problem.isEmpty ? "at revision \(verifier.revision)" : verifier.problem
        return "\(verifier.name) (\(verifier.daemon), \(verifier.peer)) \(why)"
      }
      return
        "acknowledged by \(acknowledged) of \(total); not yet: \(names.joined(separator: "; "))"
    }
  }

  /// The timeout, in seconds.
  public let timeout: Double

  public init(timeout: Double) {
    self.timeout = timeout
  }

  /// Polls the daemon's verifier list until each holds `revision` or the timeout passes.
  public func wait(for revision: UInt64, session: ControlSession) async throws -> Outcome {
    let admin = session.admin
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      let list = try await admin.listVerifiers(Apikeyserv_V1_ListVerifiersRequest())
      let pending = list.verifiers.filter { $0.revision < revision }
      if pending.isEmpty || Date() >= deadline {
        return Outcome(total: list.verifiers.count, pending: pending)
      }
      try await Task.sleep(for: .milliseconds(250))
    }
  }

  /// Waits (when `wait` is set), prints the outcome on stderr, and fails with exit status 3 when
  /// a verifier did not acknowledge.
  public static func finish(
    _ wait: VerifierWait?, revision: UInt64, session: ControlSession, output: Output
  ) async throws {
    guard let wait else { return }
    let outcome = try await wait.wait(for: revision, session: session)
    guard outcome.pending.isEmpty else {
      throw ControlFailure("revision \(revision) \(outcome.summary)", code: ExitCode(3))
    }
    output.note("Revision \(revision) \(outcome.summary)")
  }
}

/// `--wait-for-verifiers[=TIMEOUT]` of the commands whose change verifiers must learn.
public struct VerifierWaitOption: ParsableArguments, Sendable {
  /// The timeout when the option is given without one.
  public static let defaultTimeout = "5m"

  @Option(
    name: .customLong("wait-for-verifiers"),
    help: ArgumentHelp(
      "Return once every verifier seen in the last 24 h reports the new revision, or at this timeout (default \(Self.defaultTimeout)) naming those that did not, with exit status 3.",
      valueName: "timeout"))
  public var timeout: DurationArgument?

  public init() {}

  /// The wait asked for; nil without the option.
  public var wait: VerifierWait? { timeout.map { VerifierWait(timeout: $0.seconds) } }

  /// `arguments` with a bare `--wait-for-verifiers` given its default timeout (ArgumentParser
  /// has no option whose value is optional).
  public static func expanding(_ arguments: [String]) -> [String] {
    arguments.map { $0 == "--wait-for-verifiers" ? "--wait-for-verifiers=\(defaultTimeout)" : $0 }
  }
}
