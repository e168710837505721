public import ArgumentParser
public import Logging

/// `--log-level`, shared by the daemon and the bridge: checked in `validate()`, applied once in
/// `bootstrap()` (the only place `LoggingSystem.bootstrap` is called).
public struct LogLevelOption: ParsableArguments, Sendable {
  @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
  public var logLevel: String = "info"

  public init() {}

  public func validate() throws {
    guard Logger.Level(rawValue: logLevel) != nil else {
      throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
    }
  }

  /// The level; `validate()` has checked it.
  public var level: Logger.Level { Logger.Level(rawValue: logLevel) ?? .info }

  /// Sends logs at `level` and above to standard error; returns a logger labelled `label`.
  public func bootstrap(label: String) -> Logger {
    let level = self.level
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
    return Logger(label: label)
  }
}
