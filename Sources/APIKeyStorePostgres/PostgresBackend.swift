import APIKeyCore
public import APIKeyStore
import Foundation
public import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
public import ServiceLifecycle
import Synchronization

/// PostgreSQL through postgres-nio, for daemons on several hosts that share one state: a pool of
/// connections (`PostgresClient`, a service of the daemon's group), each transaction on one of
/// them. Writes take a transaction-scoped advisory lock, so they are serial across every daemon
/// as SQLite's are in one process: the audit chain stays one chain, a `request_id` is looked up
/// and inserted atomically. Reads see one snapshot (REPEATABLE READ). Every change of the
/// key-set revision is announced on a notification channel that each daemon listens to.
///
/// A transaction's body is synchronous (the same `StoreWrite` body runs inside SQLite's
/// transaction, which GRDB gives a synchronous closure), so each statement is waited for on the
/// thread that runs the body. Those threads are the backend's own (`threads`): as many as the
/// pool has connections, since a body begins only once it holds one; so however many callers
/// wait, the daemon never has more than that many threads blocked on PostgreSQL, and Swift's
/// cooperative pool and NIO's event loops are never blocked at all.
public final class PostgresBackend: SQLBackend {
  /// The channel the schema's trigger announces each new key-set revision on.
  static let channel = "apikeyserv_revision"
  /// The advisory lock every write holds (an arbitrary constant: "apikeysv").
  static let writeLock: Int64 = 0x6170_696b_6579_7376
  /// The advisory lock migrations hold.
  static let migrationLock: Int64 = 0x6170_696b_6579_6d67

  public let configuration: PostgresStoreConfiguration
  let client: PostgresClient
  let logger: Logger
  private let listener: RevisionListener
  /// The threads transaction bodies run on, one per pooled connection.
  private let threads: NIOThreadPool

  /// A backend for `configuration`; connections open once its services run.
  public init(_ configuration: PostgresStoreConfiguration, logger: Logger) throws {
    self.configuration = configuration
    self.logger = logger
    var client = PostgresClient.Configuration(
      host: configuration.host, port: configuration.port, username: configuration.user,
      password: configuration.password, database: configuration.database,
      tls: try Self.tls(configuration))
    client.options.maximumConnections = configuration.poolSize
    client.options.minimumConnections = 1
    client.options.connectTimeout = configuration.timeout
    if configuration.tls == .verifyFull { client.options.tlsServerName = configuration.host }
    // The pool logs every failed connection attempt; the daemon says once that the database
    // is down, and once that it is back.
    var poolLogger = logger
    poolLogger.logLevel = max(logger.logLevel, .warning)
    self.client = PostgresClient(configuration: client, backgroundLogger: poolLogger)
    listener = RevisionListener(logger: logger)
    threads = NIOThreadPool(numberOfThreads: configuration.poolSize)
    threads.start()
  }

  deinit { threads.shutdownGracefully { _ in } }

  private static func tls(
    _ configuration: PostgresStoreConfiguration
  ) throws
    -> PostgresClient.Configuration.TLS
  {
    var tls = TLSConfiguration.makeClientConfiguration()
    switch configuration.tls {
    case .disable: return .disable
    case .prefer, .require: tls.certificateVerification = .none
    case .verifyCA: tls.certificateVerification = .noHostnameVerification
    case .verifyFull: tls.certificateVerification = .fullVerification
    }
    if let root = configuration.rootCertificate {
      guard FileManager.default.isReadableFile(atPath: root) else {
        throw APIKeyError.invalidArgument(
          field: "database", reason: "cannot read sslrootcert \(root)")
      }
      tls.trustRoots = .file(root)
    }
    return configuration.tls == .prefer ? .prefer(tls) : .require(tls)
  }

  public var services: [any Service] { [client, ListeningService(backend: self)] }
  public var dialect: SQLDialect { .postgres }
  public var changes: AsyncStream<Void>? { listener.changes }

  public func read<T: Sendable>(
    _ body: @escaping @Sendable (any SQLTransaction) throws -> T
  ) async throws -> T {
    try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
  }

  public func write<T: Sendable>(
    _ body: @escaping @Sendable (any SQLTransaction) throws -> T
  ) async throws -> T {
    try await transaction("BEGIN", locked: Self.writeLock, body)
  }

  public func rehearse<T: Sendable>(
    _ body: @escaping @Sendable (any SQLTransaction) throws -> T
  ) async throws -> T {
    try await transaction("BEGIN", locked: Self.writeLock, rollback: true, body)
  }

  public func migrate(
    seal: @escaping @Sendable (any SQLTransaction, _ migration: String) throws -> Void
  ) async throws {
    try await transaction("BEGIN", locked: Self.migrationLock) { tx in
      try PostgresSchema.migrate(tx, seal: seal)
    }
  }

  /// Runs `body` between `begin` and COMMIT (or ROLLBACK) on a pooled connection, holding the
  /// advisory lock `locked` for the transaction. The connection must come within the
  /// configured timeout, or the call fails as `unavailable`.
  func transaction<T: Sendable>(
    _ begin: String, locked: Int64? = nil, rollback: Bool = false,
    _ body: @escaping @Sendable (any SQLTransaction) throws -> T
  ) async throws -> T {
    let (logger, threads) = (logger, threads)
    return try await withConnection { connection in
      try await threads.runIfActive {
        let tx = PostgresTransaction(connection: connection, logger: logger)
        try tx.execute(begin)
        do {
          if let locked { try tx.execute("SELECT pg_advisory_xact_lock(?)", [locked]) }
          let result = try body(tx)
          try tx.execute(rollback ? "ROLLBACK" : "COMMIT")
          return result
        } catch {
          _ = try? tx.execute("ROLLBACK")
          throw error
        }
      }
    }
  }

  /// Leases a connection for `body`, failing as `unavailable` when none comes within the
  /// timeout. The timeout bounds the wait for a connection only: once `body` has begun it runs to
  /// its end (a long import is not cut off, and a write that commits is never reported as
  /// failed), and a `body` whose connection came too late never begins.
  func withConnection<T: Sendable>(
    _ body: @escaping @Sendable (PostgresConnection) async throws -> T
  ) async throws -> T {
    let timeout = configuration.timeout
    let client = client
    let lease = Lease()
    do {
      return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
          try await client.withConnection { connection in
            guard lease.begin() else { return nil }
            return try await body(connection)
          }
        }
        group.addTask {
          try? await Task.sleep(for: timeout)
          lease.giveUp()
          return nil
        }
        while let outcome = try await group.next() {
          if let result = outcome {
            group.cancelAll()
            return result
          }
          if lease.timedOut {
            group.cancelAll()
            throw APIKeyError.unavailable(
              "the database did not answer within \(timeout): is PostgreSQL at \(self.configuration.host):\(self.configuration.port) up?"
            )
          }
        }
        // Both tasks return, and the lease task returns nil only after a time-out.
        throw APIKeyError.unavailable("the database did not answer")
      }
    } catch {
      throw PostgresFailure.map(error)
    }
  }

  /// Where a lease stands: waiting for a connection, its body begun, or given up. Exactly one of
  /// `begin` and `giveUp` wins.
  private final class Lease: Sendable {
    private enum State { case waiting, begun, timedOut }
    private let state = Mutex(State.waiting)

    /// True when the body may begin (the wait was not given up).
    func begin() -> Bool {
      state.withLock { state in
        guard state == .waiting else { return false }
        state = .begun
        return true
      }
    }

    /// Gives up the wait unless the body has begun.
    func giveUp() {
      state.withLock { state in if state == .waiting { state = .timedOut } }
    }

    var timedOut: Bool { state.withLock { $0 == .timedOut } }
  }

  /// Listens for revision announcements for as long as the service group runs.
  struct ListeningService: Service {
    let backend: PostgresBackend
    func run() async throws { try await backend.listener.run(backend) }
  }
}
