import APIKeyCore
import APIKeyCrypto
import APIKeyGRPCServices
import APIKeyMetrics
import APIKeyService
import APIKeyStore
import APIKeyUnixServer
import Foundation
import GRPCCore
import Glibc
public import Logging
import ServiceLifecycle
import UnixSignals

/// The assembled daemon: locks, master key, store, key ring, its sockets (public, admin and, with
/// self-service, registration), one ServiceGroup.
public enum Daemon {
  /// Runs until SIGTERM or SIGINT, then finishes in-flight calls and removes its sockets.
  public static func run(_ configuration: DaemonConfiguration, logger: Logger) async throws {
    umask(0o077)  // database, WAL, lock and socket files: the daemon's user only, until chmod
    ProcessHardening.apply()
    // Checked before anything is created: a group that does not exist stops the start while
    // the data directory and the master key are as they were.
    for group in configuration.socketGroups { _ = try SocketFile.groupID(group) }
    try prepareDataDirectory(configuration.dataDirectory)
    let readOnly = try readOnlyStart(configuration, logger: logger)
    let locks =
      try [
        PathLock(path: "\(configuration.dataDirectory)/apikeyserv.lock"),
        PathLock(path: "\(configuration.publicSocketPath).lock"),
        PathLock(path: "\(configuration.adminSocketPath).lock"),
      ] + (configuration.selfService.map { [try PathLock(path: "\($0.socketPath).lock")] } ?? [])
      + (configuration.metricsSocketPath.map { [try PathLock(path: "\($0).lock")] } ?? [])

    let sealingKey = try MasterKeyFile.loadOrCreate(at: configuration.masterKeyPath, logger: logger)
    try await StoreOpening.with(
      configuration, sealingKey: sealingKey, readOnly: readOnly, logger: logger
    ) { store in
      try await serve(configuration, store: store, sealingKey: sealingKey, logger: logger)
    }
    withExtendedLifetime(locks) {}
  }

  /// Starts the key ring from `store`, then serves the sockets until the group stops.
  private static func serve(
    _ configuration: DaemonConfiguration, store: SQLKeyStore, sealingKey: SealingKey,
    logger: Logger
  ) async throws {
    let adminGroup = try configuration.adminGroup.map(SocketFile.groupID)
    let registerGroup = try configuration.selfService?.group.map(SocketFile.groupID)
    let ring = KeyRing()
    let metrics = DaemonMetrics()
    metrics.recordReadOnly(store.isReadOnly)
    let keys = KeyService(
      store: store, ring: ring, sealingKey: sealingKey, metrics: metrics,
      usagePolicy: configuration.usagePolicy, renewalPeriod: configuration.renewalPeriod,
      logger: logger)
    // A new revision at every start: the set is computed at the clock's time, and a retirement's
    // grace or a revoked key's listing may have ended while the daemon was down. At least the
    // time in milliseconds: after a restore of an older backup (or any swap of the database), a
    // revision that bridges and clients saw before is never handed out again for another set.
    try await keys.advance(floor: UInt64(Date().timeIntervalSince1970 * 1000))
    if configuration.generateSigningKeyIfNone, ring.signer(at: Date()) == nil {
      if store.isReadOnly {
        logger.warning("No signing key, and none can be generated on a read-only database")
      } else {
        let (key, _) = try await keys.generateSigningKey(
          notBefore: nil, caller: .daemon("apikeyserv startup"))
        logger.notice("Generated a first signing key", metadata: ["signing.kid": "\(key.kid)"])
      }
    }

    let health = DatabaseHealth()
    let services = DaemonServices(
      keys: keys, database: health, selfService: configuration.selfService)
    let publicLimits = configuration.publicLimits(fileLimit: configuration.fileLimit)
    logger.info(
      "Public socket limits",
      metadata: [
        "connections.max": "\(publicLimits.maximumConnections.map(String.init) ?? "-")",
        "connections.per_user": "\(publicLimits.maximumConnectionsPerUser.map(String.init) ?? "-")",
        "streams.per_user": "\(publicLimits.maximumStreamsPerUser.map(String.init) ?? "-")",
        "files.max": "\(configuration.fileLimit)",
      ])
    func server(
      _ name: String, path: String, mode: mode_t, group: gid_t?,
      _ services: [any RegistrableRPCService], limits: SocketLimits
    ) -> UnixSocketServer {
      UnixSocketServer(
        name: name, path: path, mode: mode, group: group, services: services, limits: limits,
        onShutdown: ring.finishAll,
        interceptors: DaemonServices.interceptors(socket: name, metrics: metrics, logger: logger),
        logger: logger)
    }
    var servers = [
      server(
        "public", path: configuration.publicSocketPath, mode: 0o666, group: nil,
        services.publicSocket, limits: publicLimits),
      server(
        "admin", path: configuration.adminSocketPath, mode: adminGroup == nil ? 0o600 : 0o660,
        group: adminGroup, services.adminSocket,
        limits: .admin(maximumMessageSize: 4 << 20, callTimeout: configuration.callTimeout)),
    ]
    if let selfService = configuration.selfService, let registration = services.registrationSocket {
      servers.append(
        server(
          "register", path: selfService.socketPath, mode: registerGroup == nil ? 0o600 : 0o660,
          group: registerGroup, registration,
          limits: .admin(maximumMessageSize: 64 * 1024, callTimeout: configuration.callTimeout)))
      logger.info(
        "Self-service on",
        metadata: [
          "delivery": "\(selfService.delivery.rawValue)",
          "limit.per_email": "\(selfService.perEmail)",
          "limit.per_client": "\(selfService.perClient)", "limit.overall": "\(selfService.overall)",
        ])
      if ring.signer(at: Date()) == nil {
        logger.warning(
          "Self-service is on, but no signing key signs now: every request gets 503 until one is added (apikeyctl signing-key generate)"
        )
      }
    }
    if let reminders = configuration.reminders {
      logger.info(
        "Expiry reminders on",
        metadata: [
          "thresholds": "\(reminders.thresholds.map(DurationText.short).joined(separator: ","))",
          "renewal_link": "\(reminders.renewalURL.map { "\($0)/renew/…" } ?? "none")",
        ])
    }
    // Another daemon on the same database: follow its changes.
    let following = store.changes.map {
      [RevisionFollower(keys: keys, changes: $0, health: health)] as [any Service]
    }
    let observing: [any Service] =
      [
        StoreSampler(
          store: store, keys: keys, metrics: metrics, interval: .seconds(15), logger: logger)
      ]
      + (configuration.metricsAddress.map { address in
        [
          MetricsServer(
            address: address, logger: logger,
            listening: { try metricsSocketPermissions(configuration) }
          ) {
            let snapshot = ring.snapshot
            metrics.recordRing(
              revision: snapshot.revision, watchers: ring.watcherCount,
              signingKeyCreated: snapshot.signingKey(at: Date())?.createdAt)
            return metrics.registry.exposition()
          }
        ]
      } ?? [])
    let group = ServiceGroup(
      configuration: .init(
        // The store's own services (PostgreSQL's pool) run around this group (`StoreOpening`),
        // so they stop after the servers have finished their calls.
        services: (servers + [SigningSchedule(keys: keys) as any Service]
          + (configuration.eraseContactAfter.map { [ErasureSchedule(keys: keys, after: $0)] } ?? [])
          + (configuration.reminders.map { [ReminderSchedule(keys: keys, configuration: $0)] } ?? [])
          + (following ?? [])
          + observing)
          .map { .init(service: $0) },
        gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger))
    do {
      try await group.run()
    } catch let error as MetricsServerError {
      throw DaemonError(error.description)
    }
  }

  /// Whether the daemon starts read-only: a SQLite database whose data directory is on a
  /// read-only file system (a disk error remounted it, or it is mounted so) is opened without
  /// writing, to go on serving the key set, verification and reads while every change is
  /// refused. Its sockets must then be on a writable file system; if one is not, nothing could
  /// be served, and the start fails saying how to move them.
  private static func readOnlyStart(
    _ configuration: DaemonConfiguration, logger: Logger
  ) throws -> Bool {
    let dataDirectory = configuration.dataDirectory
    guard ReadOnlyFileSystem.holds("\(dataDirectory)/apikeyserv.lock") else { return false }
    var sockets = [
      ("public", configuration.publicSocketPath), ("admin", configuration.adminSocketPath),
    ]
    if let selfService = configuration.selfService {
      sockets.append(("registration", selfService.socketPath))
    }
    for (name, path) in sockets where ReadOnlyFileSystem.holds(path) {
      throw DaemonError(
        "the data directory \(dataDirectory) is on a read-only file system, and so is the \(name) socket \(path): apikeyserv can serve reads from a read-only database, but only on sockets it can create; put them on a writable file system (--socket, --admin-socket; under systemd they are in /run/apikeyserv), or make the data directory writable"
      )
    }
    guard configuration.postgres == nil else { return false }
    logger.warning(
      "Starting read-only: the data directory is on a read-only file system; the key set, verification and reads are served, every change is refused until it is writable and apikeyserv restarted",
      metadata: ["path": "\(dataDirectory)"])
    return true
  }

  /// Gives a Unix metrics socket its mode: 0660 with its group when `metricsGroup` is set, else
  /// 0600.
  static func metricsSocketPermissions(_ configuration: DaemonConfiguration) throws {
    guard let path = configuration.metricsSocketPath else { return }
    let group = try configuration.metricsGroup.map(SocketFile.groupID)
    try SocketFile.setPermissions(path, mode: group == nil ? 0o600 : 0o660, group: group)
  }

  /// Creates the data directory (0711), or checks the one there: a real directory (not a symbolic
  /// link), owned by this process's user, writable by nobody else. Anyone else who could write
  /// it could swap the database, the master key or a socket under the daemon.
  package static func prepareDataDirectory(_ path: String) throws {
    guard let status = FileStatus.of(path: path) else {
      // 0711: others may reach a socket inside, not list or read the files.
      guard mkdir(path, 0o711) == 0, FileStatus.of(path: path)?.type == S_IFDIR,
        chmod(path, 0o711) == 0
      else {
        throw DaemonError(
          "cannot create data directory \(path): \(String(cString: strerror(errno)))")
      }
      return
    }
    try FileTrust.check(
      path, status, kind: "data directory", type: S_IFDIR, forbidden: 0o022, fix: "0711")
  }
}
