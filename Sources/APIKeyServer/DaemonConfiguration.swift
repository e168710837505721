public import APIKeyMetrics
public import APIKeyService
public import APIKeyStorePostgres
import APIKeyUnixServer

/// Everything the daemon needs to start, read once in `main`.
public struct DaemonConfiguration: Sendable {
  /// Holds the database, the master key and (by default) the sockets.
  public var dataDirectory: String
  /// Public socket: PublicKeys + Health, mode 0666.
  public var publicSocketPath: String
  /// Admin socket: everything, mode 0600 (0660 with `adminGroup`).
  public var adminSocketPath: String
  /// The SQLite database, unless `postgres` is set.
  public var databasePath: String
  /// The PostgreSQL database that daemons on several hosts share; nil: SQLite at `databasePath`.
  public var postgres: PostgresStoreConfiguration?
  public var masterKeyPath: String
  /// Group allowed on the admin socket; nil: the daemon's user only.
  public var adminGroup: String?
  /// Self-service (`--self-service`): the registration socket and its limits; nil: no such socket.
  public var selfService: SelfServiceConfiguration?
  /// Generate a first signing key when none is published (for `make run` and first setups).
  public var generateSigningKeyIfNone: Bool
  /// The open-file limit in force (after raising it): caps the public socket's connections.
  public var fileLimit = 1024
  /// Public socket: open connections per user (by SO_PEERCRED uid).
  public var maximumConnectionsPerUser = 64
  /// Public socket: concurrent RPC streams per user.
  public var maximumStreamsPerUser = 256
  /// Public socket: largest request message, in bytes (a token is at most 4 KiB).
  public var maximumMessageSize = 64 * 1024
  /// Public socket: a connection without a call for this long is closed.
  public var idleTimeout = Duration.seconds(300)
  /// Longest unary call on either socket (a client may ask for less).
  public var callTimeout = Duration.seconds(30)
  /// Where `GET /metrics` is served; nil: nowhere (the figures are kept all the same).
  public var metricsAddress: MetricsAddress?
  /// The group allowed to scrape a Unix-socket metrics address (mode 0660); nil: the daemon's
  /// user only (0600).
  public var metricsGroup: String?
  /// What is kept of verifiers' reports, and how they are judged.
  package var usagePolicy = UsagePolicy()
  /// How far a renewal moves a key's expiry, in seconds.
  public var renewalPeriod: Double = 365 * 86_400
  /// Seconds after a key's expiry or revocation when its owner's details are erased; nil: kept.
  public var eraseContactAfter: Double?
  /// Expiry reminders (`--expiry-reminders`); nil: none are sent.
  public var reminders: ReminderConfiguration?

  /// Descriptors kept back from the public socket, so the admin socket, the database and the
  /// logs always have some.
  static let reservedDescriptors = 128

  /// A configuration with every path under `dataDirectory` unless given.
  public init(
    dataDirectory: String, publicSocketPath: String? = nil, adminSocketPath: String? = nil,
    databasePath: String? = nil, masterKeyPath: String? = nil, adminGroup: String? = nil,
    generateSigningKeyIfNone: Bool = false
  ) {
    self.dataDirectory = dataDirectory
    self.publicSocketPath = publicSocketPath ?? "\(dataDirectory)/apikeyserv.sock"
    self.adminSocketPath = adminSocketPath ?? "\(dataDirectory)/admin.sock"
    self.databasePath = databasePath ?? "\(dataDirectory)/apikeyserv.db"
    self.masterKeyPath = masterKeyPath ?? "\(dataDirectory)/master.key"
    self.adminGroup = adminGroup
    self.generateSigningKeyIfNone = generateSigningKeyIfNone
  }

  /// The metrics address's socket path, when it is a Unix socket.
  public var metricsSocketPath: String? {
    if case .unix(let path) = metricsAddress { return path }
    return nil
  }

  /// The groups the sockets are given (admin, registration, metrics), each of which must exist.
  public var socketGroups: [String] {
    [adminGroup, selfService?.group, metricsSocketPath == nil ? nil : metricsGroup].compactMap {
      $0
    }
  }

  /// The database for messages: the SQLite path, or the PostgreSQL URL without its password.
  public var databaseDescription: String { postgres.map { "\($0)" } ?? databasePath }

  /// The public socket's limits under an open-file limit of `fileLimit`.
  func publicLimits(fileLimit: Int) -> SocketLimits {
    SocketLimits(
      maximumConnections: max(1, fileLimit - Self.reservedDescriptors),
      maximumConnectionsPerUser: maximumConnectionsPerUser,
      maximumStreamsPerUser: maximumStreamsPerUser, maximumStreamsPerConnection: 128,
      maximumMessageSize: maximumMessageSize, idleTimeout: idleTimeout, callTimeout: callTimeout,
      streamTimeout: .seconds(3600))
  }
}
