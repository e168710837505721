import Foundation
import Glibc
public import Logging

/// Writes each log record to standard error as one JSON object on one line:
/// `{"time":"2026-11-30T03:00:00.123Z","level":"info","label":"apikeyserv","message":"…",`
/// `"metadata":{"key":"value"}}`; metadata values are strings (nested ones rendered as text).
public struct JSONLogHandler: LogHandler {
  public var logLevel: Logger.Level = .info
  public var metadata: Logger.Metadata = [:]
  public var metadataProvider: Logger.MetadataProvider?
  let label: String

  /// A handler for loggers labelled `label`.
  public init(label: String) {
    self.label = label
  }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  public func log(event: LogEvent) {
    var merged = metadata
    if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
    if let given = event.metadata { merged.merge(given) { $1 } }
    let line = Self.line(
      time: Date(), level: event.level, label: label, message: "\(event.message)",
      metadata: merged, source: event.source)
    line.withCString { pointer in _ = Glibc.write(STDERR_FILENO, pointer, strlen(pointer)) }
  }

  /// The JSON line of one record, newline included.
  static func line(
    time: Date, level: Logger.Level, label: String, message: String,
    metadata: Logger.Metadata, source: String
  ) -> String {
    var out = "{\"time\":\(quoted(time.formatted(Self.timeFormat)))"
    out += ",\"level\":\(quoted(level.rawValue)),\"label\":\(quoted(label))"
    out += ",\"message\":\(quoted(message))"
    if !metadata.isEmpty {
      out += ",\"metadata\":{"
      out += metadata.sorted { $0.key < $1.key }
        .map { "\(quoted($0.key)):\(quoted("\($0.value)"))" }
        .joined(separator: ",")
      out += "}"
    }
    return out + "}\n"
  }

  private static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

  /// `text` as a JSON string literal.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20 || (0x7F ... 0x9F).contains(scalar.value):
        out +=
          "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
          + String(scalar.value, radix: 16)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
