import APIKeyCore
import APIKeyCrypto
import APIKeyStore
import Foundation
import Logging
import TestSupport
import Testing

@testable import APIKeyService

/// Signing keys through `KeyService` on a real SQLite file, with a clock the test moves: adding,
/// rotation, retirement with grace and its impact (every timed transition checked at its time).
@Suite("Key service: signing keys")
struct KeyServiceSigningKeyTests: KeyServiceSuite {
  let fixture: KeyServiceFixture

  init() async throws {
    fixture = try await KeyServiceFixture()
  }

  @Test("Retiring the signing key removes it from the set, tells watchers, and stops IssueKey")
  func retireCurrent() async throws {
    let (key, firstRevision) = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let issued = try await issue()
    var watch = keys.ring.watch().makeAsyncIterator()
    #expect(await watch.next()?.revision == firstRevision)
    let revision = try await keys.retireSigningKey(kid: key.kid, caller: "t").revision
    #expect(revision > firstRevision)
    let update = await watch.next()
    #expect(update?.revision == revision)
    #expect(update?.keys.isEmpty == true)
    #expect(keys.verify(issued.token) == .failure(.unknownKid(key.kid)))
    await #expect(throws: KeyService.noSigningKey) { _ = try await issue() }
    let unknown = await #expect(throws: APIKeyError.self) {
      _ = try await keys.retireSigningKey(kid: "unknown", caller: "t")
    }
    #expect(unknown.map(Refusal.init) == .notFound)
  }

  @Test("A key added with a later not_before is published at once and signs only from then")
  func notBefore() async throws {
    let (first, _) = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let (later, _) = try await keys.generateSigningKey(notBefore: clock.now + 3600, caller: "t")
    #expect(keys.ring.snapshot.publicKey(kid: later.kid) != nil)
    #expect(try await issue().kid == first.kid)
    clock.advance(3600)
    #expect(try await issue().kid == later.kid)
  }

  @Test("Bad PEM is refused naming private_key_pem, and the key set does not change")
  func badPEM() async throws {
    let before = keys.ring.snapshot.revision
    for pem in ["-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", "junk"] {
      let error = await #expect(throws: APIKeyError.self) {
        _ = try await keys.addSigningKey(pem: pem, notBefore: nil, caller: "t")
      }
      #expect(error.map(Refusal.init) == .invalidArgument(field: "private_key_pem"))
    }
    #expect(keys.ring.snapshot.revision == before)
    #expect(try await keys.signingKeys().isEmpty)
  }

  @Test(
    "Rotate publishes the new key at once; the old one signs until 65 minutes later, then the new one"
  )
  func rotate() async throws {
    let noKey = await #expect(throws: APIKeyError.self) {
      _ = try await keys.rotateSigningKey(publishAhead: nil, caller: "t")
    }
    #expect(noKey.map(Refusal.init) == .failedPrecondition)
    let (first, _) = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let rotated = try await keys.rotateSigningKey(publishAhead: nil, caller: "t")
    #expect(rotated.previousKid == first.kid)
    #expect(rotated.key.notBefore == clock.now + 65 * 60)
    #expect(keys.ring.snapshot.publicKey(kid: rotated.key.kid) != nil)
    #expect(keys.state(of: rotated.key) == .pending)
    #expect(try await issue().kid == first.kid)
    // A second rotation while one is pending is refused and changes nothing.
    let pending = await #expect(throws: APIKeyError.self) {
      _ = try await keys.rotateSigningKey(publishAhead: 60, caller: "t")
    }
    #expect(pending.map(Refusal.init) == .failedPrecondition)
    #expect(try await keys.signingKeys().count == 2)
    clock.advance(65 * 60 - 1)
    #expect(try await issue().kid == first.kid)
    clock.advance(1)
    #expect(try await issue().kid == rotated.key.kid)
    #expect(keys.state(of: rotated.key) == .current)
    #expect(keys.state(of: first) == .active)
  }

  @Test(
    "A rotation on a daemon that has not yet seen another's retirement of the key that signs is refused naming it, and adds no key"
  )
  func rotateFromRetired() async throws {
    let (current, _) = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    // A second daemon on the same database, loaded before the retirement.
    let stale = KeyService(
      store: keys.store, ring: KeyRing(), sealingKey: fixture.master, clock: { clock.now },
      logger: Logger(label: "test"))
    try await stale.reload()
    _ = try await keys.retireSigningKey(kid: current.kid, caller: "t")
    #expect(stale.ring.snapshot.signingKey(at: clock.now)?.kid == current.kid)
    let refused = await #expect(throws: APIKeyError.self) {
      _ = try await stale.rotateSigningKey(publishAhead: nil, caller: "t")
    }
    #expect(refused.map(Refusal.init) == .failedPrecondition)
    #expect(refused?.message.contains(current.kid) == true)
    #expect(try await keys.signingKeys().map(\.kid) == [current.kid])
  }

  @Test("A negative publish-ahead is refused naming the field")
  func rotateBadDuration() async throws {
    _ = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    await #expect(
      throws: APIKeyError.invalidArgument(
        field: "publish_ahead", reason: "must be between 0 and 366 days")
    ) {
      _ = try await keys.rotateSigningKey(publishAhead: -1, caller: "t")
    }
  }

  @Test(
    "Retire with grace: stops signing at once, published until the grace ends, then a new revision without it"
  )
  func retireWithGrace() async throws {
    let (old, _) = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let issued = try await issue()
    clock.advance(1)
    let (new, _) = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let retired = try await keys.retireSigningKey(kid: old.kid, grace: 600, caller: "t")
    #expect(retired.impact.affectedKeys == 1)
    #expect(keys.state(of: retired.key) == .retiring)
    #expect(try keys.verify(issued.token).get().kid == old.kid)
    #expect(try await issue().kid == new.kid)
    var watch = keys.ring.watch().makeAsyncIterator()
    #expect(await watch.next()?.revision == retired.revision)
    let schedule = SigningSchedule(keys: keys)
    clock.advance(599)
    await schedule.step()
    #expect(keys.ring.snapshot.revision == retired.revision)
    clock.advance(1)
    await schedule.step()
    let update = try #require(await watch.next())
    #expect(update.revision > retired.revision)
    #expect(update.publicKey(kid: old.kid) == nil)
    #expect(keys.verify(issued.token) == .failure(.unknownKid(old.kid)))
    #expect(keys.state(of: retired.key) == .retired)
    let again = await #expect(throws: APIKeyError.self) {
      _ = try await keys.retireSigningKey(kid: old.kid, caller: "t")
    }
    #expect(again.map(Refusal.init) == .failedPrecondition)
  }

  @Test(
    "The impact counts keys whose valid tokens are all from the key; a dry run changes nothing; re-signing clears it"
  )
  func impactAndResign() async throws {
    let (old, _) = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let a = try await issue("A")
    _ = try await issue("A", email: "b@example.com")
    let c = try await issue("B")
    _ = try await keys.revoke(id: c.record.id, caller: "t")
    clock.advance(1)
    let (new, _) = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    _ = try await keys.resign(id: a.record.id, caller: "t")
    let dry = try await keys.retireSigningKey(kid: old.kid, dryRun: true, caller: "t")
    #expect(dry.impact.affectedKeys == 1)  // a has a token from the new key; c is revoked
    #expect(dry.impact.organisations.map(\.organisation) == ["A"])
    #expect(keys.state(of: dry.key) == .active)
    #expect(keys.ring.snapshot.publicKey(kid: old.kid) != nil)
    let resigned = try await keys.resign(signedBy: old.kid, caller: "t")
    #expect(resigned.count == 1)
    #expect(resigned.allSatisfy { $0.kid == new.kid })
    #expect(try keys.verify(resigned[0].token).get().kid == new.kid)
    let after = try await keys.retireSigningKey(kid: old.kid, dryRun: true, caller: "t")
    #expect(after.impact.affectedKeys == 0)
    let current = await #expect(throws: APIKeyError.self) {
      _ = try await keys.resign(signedBy: new.kid, caller: "t")
    }
    #expect(current.map(Refusal.init) == .invalidArgument(field: "signed_by"))
    await #expect(throws: APIKeyError.notFound("no signing key with kid nope")) {
      _ = try await keys.resign(signedBy: "nope", caller: "t")
    }
  }

  @Test(
    "Eight rotations at once leave one pending key: the others are refused as FAILED_PRECONDITION naming it"
  )
  func concurrentRotations() async throws {
    _ = try await keys.generateSigningKey(notBefore: nil, caller: "t")
    let keys = self.keys
    let outcomes = await withTaskGroup(of: Result<String, APIKeyError>.self) { group in
      for _ in 0 ..< 8 {
        group.addTask {
          do {
            return .success(
              try await keys.rotateSigningKey(publishAhead: nil, caller: "t").key.kid)
          } catch let error as APIKeyError {
            return .failure(error)
          } catch {
            return .failure(.internalError("\(error)"))
          }
        }
      }
      return await group.reduce(into: []) { $0.append($1) }
    }
    let rotated = outcomes.compactMap { try? $0.get() }
    #expect(rotated.count == 1)
    for case .failure(let error) in outcomes {
      #expect(Refusal(error) == .failedPrecondition, "\(error)")
      #expect(error.message.contains("is pending already"), "\(error)")
    }
    let pending = try await keys.signingKeys().filter { $0.notBefore > clock.now }
    #expect(pending.map(\.kid) == rotated)
  }
}
