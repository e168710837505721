/// Why the daemon could not start. Messages name the path and what to do; never secrets.
public struct DaemonError: Error, CustomStringConvertible, Sendable {
  /// What went wrong.
  public let description: String

  package init(_ description: String) {
    self.description = description
  }
}
