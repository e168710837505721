import ArgumentParser
public import Foundation
import Synchronization

/// Where a command's settings come from, in one documented order, highest first:
/// 1. flags on the command line;
/// 2. environment variables `PREFIX_NAME` (`APIKEYSERV_DATA_DIR` for `--data-dir`);
/// 3. the configuration file (`--config FILE`, or `PREFIX_CONFIG`);
/// 4. the defaults.
/// The variables and the file's lines become the command's own options before the argument
/// parser runs, so each setting has one name, one help text and one check, wherever it is set.
public struct SettingSources: Sendable {
  /// Where one setting's value came from.
  public enum Origin: Sendable, Equatable, CustomStringConvertible {
    case commandLine
    case environment(variable: String)
    case file(path: String, line: Int)

    public var description: String {
      switch self {
      case .commandLine: "command line"
      case .environment(let variable): "environment \(variable)"
      case .file(let path, let line): "\(path):\(line)"
      }
    }
  }

  /// The command line to parse: the given one with the settings from the file and the
  /// environment put before it (a flag given there is not repeated).
  public let arguments: [String]
  /// Each set option's origin, by name.
  public let origins: [String: Origin]
  /// The configuration file read, if any.
  public let file: String?
  /// `PREFIX_*` variables that name no setting (ignored, and listed by `--check-config`).
  public let ignoredVariables: [String]

  /// The settings for a command whose options are `options` and whose command line (after the
  /// subcommand's name) is `given`. A file line that names no option of `options` is an error
  /// unless `elsewhere` has it (an option of the daemon that this subcommand does not take).
  /// `file` is the configuration file already read; nil: the one `--config` or `PREFIX_CONFIG`
  /// names, if any.
  public init(
    given: [String], options: CommandOptions, elsewhere: CommandOptions? = nil, prefix: String,
    environment: [String: String] = ProcessInfo.processInfo.environment,
    file: ConfigurationFile? = nil
  ) throws(SettingError) {
    var origins: [String: Origin] = [:]
    var onCommandLine = Set<String>()
    var configPath: String?
    var index = 0
    while index < given.count {
      let token = given[index]
      if token == "--" { break }
      if token.hasPrefix("--") {
        let name = String(token.dropFirst(2).prefix { $0 != "=" })
        onCommandLine.insert(name)
        if name == "config" {
          configPath =
            token.contains("=")
            ? String(token.drop { $0 != "=" }.dropFirst())
            : (index + 1 < given.count ? given[index + 1] : nil)
        }
      }
      index += 1
    }
    for name in onCommandLine where options.kinds[name] != nil { origins[name] = .commandLine }

    var settings: [(name: String, value: String, origin: Origin)] = []
    var readPath: String?
    let configVariable = "\(prefix)CONFIG"
    if configPath == nil, let path = environment[configVariable], !path.isEmpty {
      configPath = path
    }
    var file = file
    if file == nil, let configPath { file = try ConfigurationFile(path: configPath) }
    if let file {
      let configPath = file.path
      readPath = configPath
      for entry in file.entries {
        guard options.kinds[entry.name] != nil else {
          if elsewhere?.kinds[entry.name] != nil { continue }
          throw SettingError(
            "\(configPath):\(entry.line): \(entry.name) is not a setting (there is no --\(entry.name))"
          )
        }
        settings.append((entry.name, entry.value, .file(path: configPath, line: entry.line)))
      }
    }
    var known = Set([configVariable])
    for name in options.names {
      let variable = prefix + name.uppercased().replacingOccurrences(of: "-", with: "_")
      known.insert(variable)
      if let value = environment[variable], !value.isEmpty {
        settings.removeAll { $0.name == name }
        settings.append((name, value, .environment(variable: variable)))
      }
    }
    for name in elsewhere?.names ?? [] {
      known.insert(prefix + name.uppercased().replacingOccurrences(of: "-", with: "_"))
    }

    var arguments: [String] = []
    for setting in settings where !onCommandLine.contains(setting.name) {
      if case .flag = options.kinds[setting.name] {
        switch setting.value.lowercased() {
        case "true", "yes", "on", "1": arguments.append("--\(setting.name)")
        case "false", "no", "off", "0": break
        default:
          throw SettingError(
            "\(setting.origin): \(setting.name) is a flag: true or false, not \(setting.value)")
        }
      } else {
        arguments += ["--\(setting.name)", setting.value]
      }
      origins[setting.name] = setting.origin
    }
    self.arguments = arguments + given
    self.origins = origins
    self.file = readPath
    self.ignoredVariables = environment.keys.filter { $0.hasPrefix(prefix) && !known.contains($0) }
      .sorted()
  }

  /// Whether `given` only asks for help, the version or a completion script: then no setting
  /// is read (so a broken file does not hide the help that explains it).
  public static func asksForHelp(_ given: [String]) -> Bool {
    given.first == "help"
      || given.prefix { $0 != "--" }.contains {
        ["-h", "--help", "--version", "--experimental-dump-help"].contains($0)
          || $0.hasPrefix("--generate-completion-script")
      }
  }

  /// The sources the running command was started with (set by `main`, read by `--check-config`).
  public static var current: SettingSources? {
    get { installed.withLock { $0 } }
    set { installed.withLock { $0 = newValue } }
  }
  private static let installed = Mutex<SettingSources?>(nil)
}
