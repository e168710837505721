public import ArgumentParser

/// A failed apikeyctl command: `ControlCommand` prints `apikeyctl: <message>` on stderr and exits
/// with `code`.
public struct ControlFailure: Error, CustomStringConvertible {
  /// What to tell the user.
  public let description: String
  /// The process exit code.
  public let code: ExitCode

  /// A failure with exit code 1.
  public init(_ message: String, code: ExitCode = .failure) {
    self.description = message
    self.code = code
  }
}
