public import ArgumentParser
public import Logging

/// `--log-level`, shared by the daemon and the bridge, applied once in `bootstrap()` (the only
/// place `LoggingSystem.bootstrap` is called).
public struct LogLevelOption: ParsableArguments, Sendable {
  @Option(help: "Log level.")
  public var logLevel: Logger.Level = .info

  public init() {}

  /// Sends logs at `logLevel` and above to standard error; returns a logger labelled `label`.
  public func bootstrap(label: String) -> Logger {
    let level = logLevel
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
    return Logger(label: label)
  }
}
