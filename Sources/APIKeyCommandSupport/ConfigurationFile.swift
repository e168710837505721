import Foundation

/// A configuration file: one `name = value` per line, where `name` is a long option without its
/// dashes (`data-dir = /var/lib/apikeyserv`; `data_dir` is read the same); `#` starts a comment
/// line; a value may be quoted; a flag takes `true` or `false`.
public struct ConfigurationFile: Sendable {
  /// One `name = value` line.
  public struct Entry: Sendable, Equatable {
    public var name: String
    public var value: String
    public var line: Int
  }

  /// Where it was read from.
  public let path: String
  /// Its settings, in order.
  public let entries: [Entry]

  /// Reads and parses the file at `path`; the error names the file and line.
  /// The file is refused when someone other than root or the running user could have written it
  /// (`TrustedPath`): it chooses the master key, the database and the sendmail program.
  public init(path: String) throws(SettingError) {
    if let problem = TrustedPath.problem(path, what: "the configuration file") {
      throw SettingError(problem)
    }
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else {
      throw SettingError("cannot read the configuration file \(path)")
    }
    try self.init(path: path, text: text)
  }

  /// Parses `text`, read from `path`.
  public init(path: String, text: String) throws(SettingError) {
    self.path = path
    var entries: [Entry] = []
    var seen: [String: Int] = [:]
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      let number = index + 1
      if line.isEmpty || line.hasPrefix("#") { continue }
      guard let equals = line.firstIndex(of: "=") else {
        // The line is not echoed: it may hold a secret (a database URL with its password).
        throw SettingError(
          "\(path):\(number): expected name = value (the line is not shown: it may hold a secret)")
      }
      let name = line[..<equals].trimmingCharacters(in: .whitespaces)
        .replacingOccurrences(of: "_", with: "-").lowercased()
      var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
      if value.count >= 2, let first = value.first, first == "\"" || first == "'",
        value.last == first
      {
        value = String(value.dropFirst().dropLast())
      }
      guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
        throw SettingError(
          "\(path):\(number): the text before = is not a setting name (letters, digits and dashes; the line is not shown: it may hold a secret)"
        )
      }
      if let earlier = seen[name] {
        throw SettingError("\(path):\(number): \(name) is set already on line \(earlier)")
      }
      seen[name] = number
      entries.append(Entry(name: name, value: value, line: number))
    }
    self.entries = entries
  }
}

/// A setting that cannot be used, with the file and line or the variable that holds it.
public struct SettingError: Error, CustomStringConvertible, Sendable {
  public let description: String
  public init(_ description: String) { self.description = description }
}
