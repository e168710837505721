public import ArgumentParser

/// An apikeyctl command that does its work in one session with the daemon: `run()` connects
/// (`ControlSession.run`) and hands the session and the chosen output to `run(_:output:)`.
public protocol SessionCommand: AsyncParsableCommand, Sendable {
  /// The global options: the socket, the daemon's user, JSON output.
  var options: ControlOptions { get }

  /// The command's calls and output, once connected.
  func run(_ session: ControlSession, output: Output) async throws
}

extension SessionCommand {
  public func run() async throws {
    let output = Output(json: options.json)
    try await ControlSession.run(options) { session in try await run(session, output: output) }
  }
}
