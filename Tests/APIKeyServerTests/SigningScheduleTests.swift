import APIKeyCore
import APIKeyCrypto
import APIKeyStore
import Foundation
import Logging
import TestSupport
import Testing

@testable import APIKeyService

@Suite("Signing schedule")
struct SigningScheduleTests {
  @Test(
    "When a pending key's not_before passes, watchers get the set again with it as signing key",
    .timeLimit(.minutes(1)))
  func switchesAtNotBefore() async throws {
    let directory = try TemporaryDirectory()
    let clock = TestClock()
    let master = SealingKey()
    let keys = KeyService(
      store: try SQLKeyStore(path: "\(directory.path)/keys.db", sealingKey: master),
      ring: KeyRing(), sealingKey: master, clock: { clock.now }, logger: Logger(label: "test"))
    try await keys.reload()
    let (first, _) = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let (pending, _) = try await keys.generateSigningKey(notBefore: clock.now + 3600, caller: "t")
    var watch = keys.ring.watch().makeAsyncIterator()
    let initial = try #require(await watch.next())
    #expect(initial.signingKey(at: clock.now)?.kid == first.kid)
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await SigningSchedule(keys: keys, tick: .milliseconds(20)).run() }
      clock.advance(3600)
      let update = try #require(await watch.next())
      #expect(update.signingKey(at: clock.now)?.kid == pending.kid)
      #expect(update.revision == initial.revision)
      group.cancelAll()
    }
  }
}
