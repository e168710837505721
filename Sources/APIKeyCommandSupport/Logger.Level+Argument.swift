public import ArgumentParser
public import Logging

/// `--log-level trace|debug|info|notice|warning|error|critical`; any other value gets
/// ArgumentParser's usage error listing these.
extension Logger.Level: @retroactive ExpressibleByArgument {}
