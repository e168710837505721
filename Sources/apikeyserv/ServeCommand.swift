import APIKeyCommandSupport
import APIKeyCore
import APIKeyMetrics
import APIKeyOperations
import APIKeyServer
import APIKeyService
import APIKeyUnixServer
import ArgumentParser
import Logging

/// `apikeyserv serve` (the default): runs the daemon until SIGTERM/SIGINT.
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve", abstract: "Run the daemon (the default command).")

  @OptionGroup var storage: StorageOptions

  @Option(
    help: "Public socket path (PublicKeys + Health, mode 0666). Default: DATA_DIR/apikeyserv.sock")
  var socket: String?

  @Option(help: "Admin socket path (all services, mode 0600). Default: DATA_DIR/admin.sock")
  var adminSocket: String?

  @Option(help: "Let this group use the admin socket (mode 0660).")
  var adminGroup: String?

  @OptionGroup(title: "Self-service") var selfService: SelfServiceOptions

  @OptionGroup(title: "Expiry reminders and renewal") var reminders: ReminderOptions

  @Flag(help: "Generate a signing key at startup when none can sign.")
  var generateSigningKeyIfNone = false

  @Option(help: "Public socket: open connections per user (the kernel's uid of the caller).")
  var maxConnectionsPerUser = 64

  @Option(help: "Public socket: concurrent calls and watch streams per user.")
  var maxStreamsPerUser = 256

  @Option(help: "Public socket: largest request message, in bytes.")
  var maxMessageSize = 64 * 1024

  @Option(help: "Public socket: seconds a connection may stay without a call before it is closed.")
  var idleTimeout: Double = 300

  @Option(
    help:
      "Longest call in seconds, on both sockets (clients may ask for less; watch streams have none)."
  )
  var callTimeout: Double = 30

  @Option(
    help: ArgumentHelp(
      "Serve GET /metrics (Prometheus) at PORT (on 127.0.0.1), HOST:PORT, or a Unix socket path. Default: no metrics endpoint.",
      valueName: "address"))
  var metricsListen: String?

  @Option(
    help: ArgumentHelp(
      "The group whose members may scrape a Unix --metrics-listen socket (mode 0660). Default: the daemon's user only (0600).",
      valueName: "group"))
  var metricsGroup: String?

  @Option(
    help: ArgumentHelp(
      "How long daily usage counts are kept (`400d`, `52w`).", valueName: "duration"))
  var usageRetention = DurationArgument(argument: "400d")!

  @Option(
    help: ArgumentHelp(
      "How long a verifier may hold an older key-set revision, or stay silent, before `apikeyctl verifiers` shows it STALE.",
      valueName: "duration"))
  var verifierStaleAfter = DurationArgument(argument: "5m")!

  @Option(
    help: ArgumentHelp(
      "Usage reports per peer (a user on the public socket; a client address through the bridge).",
      valueName: "COUNT/UNIT"))
  var usageReportLimit = RateLimit(count: 120, window: 60)

  @Option(
    help: ArgumentHelp(
      "Erase the owner's details (contact, name, tags) of keys expired or revoked longer ago than this (`90d`), on a schedule, audited as the daemon. Default: kept.",
      valueName: "duration"))
  var eraseContactAfter: DurationArgument?

  @OptionGroup var logging: LoggingOptions

  @OptionGroup var configFile: ConfigFileOption

  @Flag(
    help:
      "Print the effective configuration (where each setting came from, secrets hidden) and check it without starting or changing anything; exit 1 naming each problem."
  )
  var checkConfig = false

  func validate() throws {
    guard maxConnectionsPerUser >= 1 else {
      throw ValidationError("--max-connections-per-user must be at least 1")
    }
    guard maxStreamsPerUser >= 1 else {
      throw ValidationError("--max-streams-per-user must be at least 1")
    }
    guard (4096 ... (4 << 20)).contains(maxMessageSize) else {
      throw ValidationError("--max-message-size must be between 4096 and 4194304 bytes")
    }
    guard idleTimeout >= 0.1 else { throw ValidationError("--idle-timeout must be at least 0.1") }
    guard callTimeout >= 0.1 else { throw ValidationError("--call-timeout must be at least 0.1") }
    guard (1 ... 3660).contains(Int(usageRetention.seconds / 86_400)) else {
      throw ValidationError("--usage-retention must be between 1 day and 10 years")
    }
    if reminders.renewalURL != nil, !selfService.selfService {
      throw ValidationError(
        "--renewal-url needs --self-service: the bridge renews through the registration socket")
    }
    if selfService.mailFrom != nil, !selfService.selfService, reminders.expiryReminders == nil {
      throw ValidationError("--mail-from needs --self-service or --expiry-reminders")
    }
    if reminders.expiryReminders != nil { try selfService.checkSendmail() }
    if let eraseContactAfter, eraseContactAfter.seconds < 1 {
      throw ValidationError("--erase-contact-after must be at least 1 second")
    }
    guard verifierStaleAfter.seconds >= 1 else {
      throw ValidationError("--verifier-stale-after must be at least 1 second")
    }
    if let metricsListen {
      do {
        _ = try MetricsAddress(metricsListen)
      } catch {
        throw ValidationError("--metrics-listen: \(error)")
      }
    }
  }

  func run() async throws {
    let logger = logging.bootstrap(label: "apikeyserv")
    let configuration = try daemonConfiguration()
    if checkConfig {
      let sources = SettingSources.current
      let settings = EffectiveSettings(
        options: CommandOptions(Self.self), arguments: sources?.arguments ?? [], sources: sources)
      let report = await ConfigurationCheck.run(configuration)
      print(
        ConfigurationCheck.render(
          settings: settings.lines, file: sources?.file,
          ignoredVariables: sources?.ignoredVariables ?? [], report: report))
      throw report.problems.isEmpty ? ExitCode.success : ExitCode.failure
    }
    do {
      try await Daemon.run(configuration, logger: logger)
    } catch let error as DaemonError {
      logger.critical("Cannot start", metadata: ["reason": "\(error.description)"])
      throw ExitCode(2)
    }
  }

  /// The daemon's configuration from the parsed options.
  private func daemonConfiguration() throws -> DaemonConfiguration {
    var configuration = try storage.configuration(socket: socket, adminSocket: adminSocket)
    configuration.adminGroup = adminGroup
    configuration.selfService = selfService.configuration(dataDirectory: storage.dataDir)
    configuration.generateSigningKeyIfNone = generateSigningKeyIfNone
    configuration.fileLimit = FileDescriptorLimit.raiseToHardLimit()
    configuration.maximumConnectionsPerUser = maxConnectionsPerUser
    configuration.maximumStreamsPerUser = maxStreamsPerUser
    configuration.maximumMessageSize = maxMessageSize
    configuration.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
    configuration.callTimeout = .milliseconds(Int64(callTimeout * 1000))
    configuration.metricsAddress = try metricsListen.map { try MetricsAddress($0) }
    configuration.eraseContactAfter = eraseContactAfter.map(\.seconds)
    configuration.renewalPeriod = reminders.renewalPeriod.seconds
    configuration.reminders = reminders.configuration(selfService: selfService)
    configuration.usagePolicy = UsagePolicy(
      retentionDays: Int(usageRetention.seconds / 86_400),
      staleAfter: verifierStaleAfter.seconds, perPeer: usageReportLimit)
    if let metricsGroup {
      guard case .unix = configuration.metricsAddress else {
        throw ValidationError("--metrics-group needs a Unix socket --metrics-listen (unix:PATH)")
      }
      configuration.metricsGroup = metricsGroup
    }
    return configuration
  }
}
