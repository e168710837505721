import APIKeyCore
import APIKeyCrypto
import APIKeyStore
import Logging
import TestSupport

@testable import APIKeyService

/// `KeyService` on a real SQLite file in a temporary directory, with a clock the test moves.
struct KeyServiceFixture: Sendable {
  let directory: TemporaryDirectory
  let clock: TestClock
  let master: SealingKey
  let keys: KeyService
  /// The store's group commit, running while the fixture lives.
  let running: BackgroundServices

  /// A service with no signing key yet.
  init(clock: TestClock = TestClock(), master: SealingKey = SealingKey()) async throws {
    directory = try TemporaryDirectory()
    self.clock = clock
    self.master = master
    keys = try await Self.service(directory: directory, master: master, clock: clock)
    running = BackgroundServices(keys.store.services)
  }

  /// A service whose first signing key signs now.
  static func signing() async throws -> KeyServiceFixture {
    let fixture = try await KeyServiceFixture()
    _ = try await fixture.keys.generateSigningKey(notBefore: nil, caller: "t")
    return fixture
  }

  /// A service over the database in `directory` (`readOnly`: opened so), loaded (as the daemon
  /// does at start).
  static func service(
    directory: TemporaryDirectory, master: SealingKey, clock: TestClock, readOnly: Bool = false
  ) async throws
    -> KeyService
  {
    let store = try SQLKeyStore(
      path: "\(directory.path)/keys.db", keys: StoreKeys(sealingKey: master), readOnly: readOnly)
    let service = KeyService(
      store: store, ring: KeyRing(), sealingKey: master, clock: { clock.now },
      logger: Logger(label: "test"))
    try await service.reload()
    return service
  }
}

/// A suite of `KeyService` tests, each test on a fresh `fixture`.
protocol KeyServiceSuite {
  var fixture: KeyServiceFixture { get }
}

extension KeyServiceSuite {
  var keys: KeyService { fixture.keys }
  var clock: TestClock { fixture.clock }

  /// Issues a key with default expiry for `organisation`.
  func issue(
    _ organisation: String = "Org", email: String = "a@example.com"
  ) async throws -> IssuedToken {
    try await keys.issue(
      IssueRequest(contact: ContactDetails(email: email, organisation: organisation)), caller: "t")
  }
}
