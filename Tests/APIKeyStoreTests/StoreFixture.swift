import APIKeyCore
import APIKeyStore
import APIKeyStorePostgres
import Foundation
import GRDB
import Logging
import TestSupport
import Testing

@testable import APIKeyService

/// The backends the store contract runs against.
enum Backend: CaseIterable, Sendable, CustomTestStringConvertible {
  case sqliteFile
  case sqliteMemory
  case postgres

  var testDescription: String {
    switch self {
    case .sqliteFile: "SQLite file"
    case .sqliteMemory: "SQLite in memory"
    case .postgres: "PostgreSQL"
    }
  }
}

/// A fresh store of one backend, with the helpers the store tests share.
struct StoreFixture: Sendable {
  let store: SQLKeyStore
  /// Holds a file store's directory for as long as the fixture lives.
  let directory: TemporaryDirectory?
  /// The store's services (group commit, a connection pool), running while the fixture lives.
  let running: [BackgroundServices]
  let now = Date(timeIntervalSince1970: 1_800_000_000.123456)
  let contact = ContactDetails(email: "a@example.com", organisation: "Gemeente", contactName: "Jan")

  /// An empty store of `backend`.
  static func make(_ backend: Backend) async throws -> StoreFixture {
    switch backend {
    case .sqliteFile: return try StoreFixture(file: TemporaryDirectory())
    case .sqliteMemory:
      return StoreFixture(store: try SQLKeyStore(.memory, keys: testKeys), directory: nil)
    case .postgres: return try await postgres(url: PostgresServer.shared().newDatabase())
    }
  }

  /// The daemon's wait for the database (`PostgresStoreConfiguration.timeout`), for the tests
  /// that are about failing fast.
  static let failFast: Duration = PostgresStoreConfiguration.defaultTimeout

  /// A store on the PostgreSQL database at `url` (a new one, or one another fixture uses too).
  /// `timeout`: how long a call waits for the database. Longer than the daemon's by default: the
  /// whole parallel suite starting at once on two cores once kept both test clusters from
  /// answering within 3 s, failing every test on them.
  static func postgres(
    url: String, keys: StoreKeys = testKeys, timeout: Duration = .seconds(20)
  ) async throws -> StoreFixture {
    var configuration = try PostgresStoreConfiguration(url: url, poolSize: 4)
    configuration.timeout = timeout
    let backend = try PostgresBackend(configuration, logger: Logger(label: "test"))
    let connections = BackgroundServices(backend.services)
    let store = try await SQLKeyStore(backend: backend, keys: keys)
    return StoreFixture(store: store, directory: nil, running: [connections])
  }

  /// A store in `directory/test.db`.
  init(file directory: TemporaryDirectory) throws {
    try self.init(
      store: SQLKeyStore(path: "\(directory.path)/test.db", keys: testKeys), directory: directory
    )
  }

  /// A fixture for `store`, running its services but those in `running` already.
  init(
    store: SQLKeyStore, directory: TemporaryDirectory?, running: [BackgroundServices] = []
  ) {
    self.store = store
    self.directory = directory
    let started = running.isEmpty ? store.services : []
    self.running = running + [BackgroundServices(started)]
  }

  func audit(_ action: String) -> AuditEntry {
    AuditEntry(at: now, action: action, target: "t", caller: "test")
  }

  /// Issues a key for `contact` (default: the fixture's) with the first of `ids` that is not
  /// taken, as the service draws ids until one is free.
  func insert(
    _ contact: ContactDetails? = nil, requestID: String? = nil,
    ids: [Int64] = [Int64.random(in: 1 ... Int64.max)]
  ) async throws -> IssueOutcome {
    for id in ids.dropLast() {
      do {
        return try await insert(contact, requestID: requestID, id: id)
      } catch is IDTaken {}
    }
    // '!' is fine: every caller gives at least one id.
    return try await insert(contact, requestID: requestID, id: ids.last!)
  }

  private func insert(
    _ contact: ContactDetails?, requestID: String?, id: Int64
  ) async throws -> IssueOutcome {
    try await store.insertKey(
      id: id, contact: contact ?? self.contact, expiresAt: now + 100, requestID: requestID,
      now: now, signedBy: "kid", audit: audit("issue_key"))
  }
}

/// A store in a database file that a test may also open behind the store's back, as an intruder
/// with write access to the file would.
struct SQLiteFileFixture: Sendable {
  let directory: TemporaryDirectory
  let path: String
  let store: SQLKeyStore
  /// The store's group commit, running while the fixture lives.
  let running: BackgroundServices

  /// A new database `name` in a fresh directory.
  init(_ name: String) throws {
    directory = try TemporaryDirectory()
    path = "\(directory.path)/\(name)"
    store = try SQLKeyStore(path: path, keys: testKeys)
    running = BackgroundServices(store.services)
  }

  /// Runs `sql` on the file through a separate connection.
  func tamper(_ sql: String, _ arguments: StatementArguments = []) throws {
    let queue = try DatabaseQueue(path: path)
    try queue.write { try $0.execute(sql: sql, arguments: arguments) }
    try queue.close()
  }
}

extension KeyStore {
  /// Stores a new API key as `KeyService` does (its issuance batch, `KeyService.store`), in a
  /// batch of its own: created, or replayed for a request id used before; `IDTaken` and
  /// `SignerStopped` as the service would see them.
  func insertKey(
    id: Int64, contact: ContactDetails, expiresAt: Date?, requestID: String?, now: Date,
    signedBy: String, audit: AuditEntry
  ) async throws -> IssueOutcome {
    try await KeyService.writes(over: self, policy: UsagePolicy()).submit(
      key: PendingKey(
        id: id, contact: contact, expiresAt: expiresAt, requestID: requestID, now: now,
        signedBy: signedBy, audit: audit))
  }
}

extension KeyStore {
  /// Writes a retirement of signing key `kid` as `KeyService` does, without its checks: it stops
  /// signing at `at` and leaves the set at `leavesAt`. Returns the key and the new revision.
  func retireSigningKey(
    kid: String, at: Date, leavesAt: Date, audit: AuditEntry
  ) async throws -> (StoredSigningKey, UInt64) {
    try await write { store in
      guard let stored = try store.signingKey(kid: kid) else {
        throw APIKeyError.notFound("no signing key with kid \(kid)")
      }
      let key = try store.retire(stored, at: at, leavesAt: leavesAt)
      try store.append(audit)
      return (key, try store.bumpRevision())
    }
  }
}

extension KeyStore {
  /// Writes key `id`'s revocation as `KeyService` does, without its checks: listed until its last
  /// token expires. Returns the record and the new revision.
  func revokeKey(id: Int64, at: Date, audit: AuditEntry) async throws -> (KeyRecord, UInt64) {
    try await write { store in
      guard let record = try store.record(id: id) else {
        throw APIKeyError.notFound("no API key with id \(id)")
      }
      let until = RevokedKey.listedUntil(
        tokenExpiries: try store.tokenExpiries(of: id), keyExpiry: record.expiresAt)
      try store.updateRevocation(id: id, at: at, until: until)
      try store.append(audit)
      return (try store.record(id: id)!, try store.bumpRevision())
    }
  }

  /// Records a token of `kid` at `now` for each key in `ids`, each with its audit entry, as
  /// `KeyService` re-signs them (without its checks).
  func resignKeys(
    ids: [Int64], kid: String, now: Date, audit: @escaping @Sendable (Int64) -> AuditEntry
  ) async throws -> [KeyRecord] {
    try await write { store in
      try ids.map { id in
        guard let record = try store.record(id: id) else {
          throw APIKeyError.notFound("no API key with id \(id)")
        }
        try store.recordToken(for: record, kid: kid, at: now)
        try store.append(audit(id))
        return record
      }
    }
  }
}
