public import APIKeyClientGRPC
public import APIKeyCore

/// Everything the bridge needs, read once in `main`.
public struct BridgeConfiguration: Sendable {
  /// The daemon's public socket.
  public var socketPath: String
  public var host: String
  public var port: Int
  /// `Cache-Control: public, max-age=…` on the key endpoints, in seconds.
  public var maxAge: Int
  /// Longest wait between reconnection attempts.
  public var maximumBackoff: Duration
  /// Who may serve the daemon's socket.
  public var daemonIdentity: DaemonIdentity
  /// Open HTTP connections at most (lowered to the file limit minus a reserve); at the cap a new
  /// connection closes the one that has waited longest for a request.
  public var maximumConnections: Int
  /// Seconds a connection may take to send a request head (after opening or a response).
  public var headerTimeout: Double
  /// Seconds a connection may stay without any traffic (e.g. a stalled body).
  public var idleTimeout: Double
  /// Seconds a connection may take to send a whole request, body included (after opening or a
  /// response): a body trickled a byte at a time is cut off here.
  public var requestTimeout: Double = 30
  /// The public's key requests (`/register/`, `/apikeys/`, `/docs/`); nil: those paths are 404.
  public var selfService: BridgeSelfService?
  /// The name the bridge reports its key-set revision under (`apikeyctl verifiers`).
  public var verifierName = "apikey-http"
  /// How often the bridge reports the revision it serves (and at once when it changes).
  public var revisionReportInterval: Duration = .seconds(60)
  /// Whether `POST /usage/` forwards verifiers' usage reports to the daemon (off by default).
  public var acceptsUsageReports = false
  /// Usage reports per client address through `POST /usage/`.
  public var usageReportLimit = RateLimit(count: 60, window: 60)
  /// Key set documents answered on the event loop (`KeySetFastPath`, the default) rather than
  /// through the router; the answers are the same. Off only to measure what it saves.
  public var answersKeySetsOnEventLoop = true

  /// A configuration with the defaults `apikey-http` documents for what is not given.
  public init(
    socketPath: String, host: String = "127.0.0.1", port: Int = 8000, maxAge: Int = 60,
    maximumBackoff: Duration = .seconds(5), daemonIdentity: DaemonIdentity = DaemonIdentity(),
    maximumConnections: Int = 4096, headerTimeout: Double = 10, idleTimeout: Double = 60
  ) {
    self.socketPath = socketPath
    self.host = host
    self.port = port
    self.maxAge = maxAge
    self.maximumBackoff = maximumBackoff
    self.daemonIdentity = daemonIdentity
    self.maximumConnections = maximumConnections
    self.headerTimeout = headerTimeout
    self.idleTimeout = idleTimeout
  }
}
