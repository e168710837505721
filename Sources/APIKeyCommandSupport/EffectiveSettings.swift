import Foundation

/// The value each option of a command ends up with and where it came from, for
/// `--check-config`; a password inside a URL is shown as `***`.
public struct EffectiveSettings: Sendable {
  /// One option's outcome.
  public struct Setting: Sendable, Equatable {
    public var name: String
    /// nil: not set, no default.
    public var value: String?
    /// "default" or the `SettingSources.Origin`'s description.
    public var origin: String
  }

  /// Every option, in the help's order.
  public let settings: [Setting]

  /// The outcome of `arguments` (as parsed) for `options`, with origins from `sources`.
  public init(options: CommandOptions, arguments: [String], sources: SettingSources?) {
    var values: [String: String] = [:]
    var index = 0
    while index < arguments.count, arguments[index] != "--" {
      let token = arguments[index]
      index += 1
      guard token.hasPrefix("--") else { continue }
      var name = String(token.dropFirst(2))
      var value: String?
      if let equals = name.firstIndex(of: "=") {
        value = String(name[name.index(after: equals)...])
        name = String(name[..<equals])
      }
      switch options.kinds[name] {
      case .flag?: values[name] = "true"
      case .value?:
        if value == nil, index < arguments.count {
          value = arguments[index]
          index += 1
        }
        values[name] = value
      case nil: continue
      }
    }
    settings = options.names.map { name in
      if let value = values[name] {
        return Setting(
          name: name, value: Self.redacted(value),
          origin: sources?.origins[name]?.description ?? "command line")
      }
      let fallback = options.kinds[name] == .flag ? "false" : options.defaults[name]
      return Setting(name: name, value: fallback, origin: "default")
    }
  }

  /// One line per setting: `name = value  (origin)`.
  public var lines: [String] {
    let width = settings.map(\.name.count).max() ?? 0
    return settings.map { setting in
      let padded = setting.name.padding(toLength: width, withPad: " ", startingAt: 0)
      return "\(padded) = \(setting.value ?? "(none)")  (\(setting.origin))"
    }
  }

  /// `value` with the password of a URL's user information replaced by `***`.
  public static func redacted(_ value: String) -> String {
    guard let scheme = value.range(of: "://"),
      let at = value[scheme.upperBound...].firstIndex(of: "@"),
      let colon = value[scheme.upperBound ..< at].firstIndex(of: ":")
    else { return value }
    return value[..<value.index(after: colon)] + "***" + value[at...]
  }
}
