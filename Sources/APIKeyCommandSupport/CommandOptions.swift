public import ArgumentParser
import Foundation

/// A command's long options as the argument parser itself describes them (its help dump): the
/// one list of names, so a configuration file or environment variable can only set what a flag
/// can, and is checked as the flag is.
public struct CommandOptions: Sendable {
  /// Whether an option takes a value or is a flag.
  public enum Kind: Sendable { case value, flag }

  /// Each long option's kind, by name (`data-dir`).
  public let kinds: [String: Kind]
  /// The default of each option that has one, as the help shows it.
  public let defaults: [String: String]
  /// The options in the order the help lists them.
  public let names: [String]

  /// Options of the parser's plumbing, never settings: help, the completion script, the
  /// configuration file itself and the check of it.
  static let plumbing: Set<String> = [
    "help", "version", "experimental-dump-help", "generate-completion-script", "config",
    "check-config",
  ]

  /// The options of `command`.
  public init(_ command: any ParsableArguments.Type) {
    var kinds: [String: Kind] = [:]
    var defaults: [String: String] = [:]
    var names: [String] = []
    let dump = Data(command._dumpHelp().utf8)
    let root = (try? JSONSerialization.jsonObject(with: dump)) as? [String: Any]
    let arguments = (root?["command"] as? [String: Any])?["arguments"] as? [[String: Any]] ?? []
    for argument in arguments {
      guard let kind = argument["kind"] as? String, kind == "option" || kind == "flag",
        let long = (argument["names"] as? [[String: Any]])?
          .first(where: { $0["kind"] as? String == "long" })?["name"] as? String,
        !Self.plumbing.contains(long)
      else { continue }
      kinds[long] = kind == "flag" ? .flag : .value
      names.append(long)
      if let value = argument["defaultValue"] as? String { defaults[long] = value }
    }
    self.kinds = kinds
    self.defaults = defaults
    self.names = names
  }
}
