public import Logging

/// Everything the daemon needs to start, read once in `main`.
public struct DaemonConfiguration: Sendable {
  /// Holds the database, the master key and (by default) the sockets.
  public var dataDirectory: String
  /// Public socket: PublicKeys + Health, mode 0666.
  public var publicSocketPath: String
  /// Admin socket: everything, mode 0600 (0660 with `adminGroup`).
  public var adminSocketPath: String
  public var databasePath: String
  public var masterKeyPath: String
  /// Group allowed on the admin socket; nil: the daemon's user only.
  public var adminGroup: String?
  /// Generate a first signing key when none is published (for `make run` and first setups).
  public var generateSigningKeyIfNone: Bool
  public var logLevel: Logger.Level

  /// A configuration with every path under `dataDirectory` unless given.
  public init(
    dataDirectory: String, publicSocketPath: String? = nil, adminSocketPath: String? = nil,
    databasePath: String? = nil, masterKeyPath: String? = nil, adminGroup: String? = nil,
    generateSigningKeyIfNone: Bool = false, logLevel: Logger.Level = .info
  ) {
    self.dataDirectory = dataDirectory
    self.publicSocketPath = publicSocketPath ?? "\(dataDirectory)/apikeyserv.sock"
    self.adminSocketPath = adminSocketPath ?? "\(dataDirectory)/admin.sock"
    self.databasePath = databasePath ?? "\(dataDirectory)/apikeyserv.db"
    self.masterKeyPath = masterKeyPath ?? "\(dataDirectory)/master.key"
    self.adminGroup = adminGroup
    self.generateSigningKeyIfNone = generateSigningKeyIfNone
    self.logLevel = logLevel
  }
}
