public import ArgumentParser
public import Logging

/// `--log-level` and `--log-format`, shared by the daemon and the bridge, applied once in
/// `bootstrap()` (the only place `LoggingSystem.bootstrap` is called).
public struct LoggingOptions: ParsableArguments, Sendable {
  /// How each log line is written.
  public enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// swift-log's line: time, level, label, message, metadata.
    case text
    /// One JSON object per line (`JSONLogHandler`), for journald, Loki or Elasticsearch.
    case json
  }

  @Option(help: "Log level.")
  public var logLevel: Logger.Level = .info

  @Option(help: "Log line format: text, or json (one object per line).")
  public var logFormat: Format = .text

  public init() {}

  /// Sends logs at `logLevel` and above to standard error in `logFormat`; returns a logger
  /// labelled `label`.
  public func bootstrap(label: String) -> Logger {
    let (level, format) = (logLevel, logFormat)
    LoggingSystem.bootstrap { label in
      switch format {
      case .text:
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
      case .json:
        var handler = JSONLogHandler(label: label)
        handler.logLevel = level
        return handler
      }
    }
    return Logger(label: label)
  }
}
