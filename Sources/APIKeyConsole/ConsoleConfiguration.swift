public import APIKeyControl

/// How `apikeyctl console` runs: where it listens, how long a session lasts, and the admin
/// socket it calls (with the admin's own credentials, as every apikeyctl command).
public struct ConsoleConfiguration: Sendable {
  /// Where the pages are served.
  public var address: ConsoleAddress
  /// How long a browser session lasts from entry, in seconds.
  public var sessionLifetime: Double
  /// The admin socket and the daemon's user.
  public var control: ControlOptions

  /// A configuration; a session lasts 12 hours (a working day) unless told otherwise.
  public init(
    address: ConsoleAddress = .loopback, sessionLifetime: Double = 12 * 3600,
    control: ControlOptions
  ) {
    self.address = address
    self.sessionLifetime = sessionLifetime
    self.control = control
  }
}
