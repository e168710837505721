public import ArgumentParser

/// `--config FILE`: the configuration file (read by `SettingSources` before parsing; declared
/// here so that the help and the manual list it).
public struct ConfigFileOption: ParsableArguments, Sendable {
  @Option(
    help: ArgumentHelp(
      "A configuration file: one \"name = value\" per line, a long option's name without its dashes. Flags and environment variables override it.",
      valueName: "file"))
  public var config: String?

  public init() {}
}
