public import APIKeyCore
public import ArgumentParser

/// `--limit-… COUNT/UNIT` (`3/day`, `10/hour`, `20/90s`).
extension RateLimit: ExpressibleByArgument {
  public init?(argument: String) { self.init(argument) }
  public var defaultValueDescription: String { description }
}
