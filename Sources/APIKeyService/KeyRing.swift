package import APIKeyCore
import APIKeyCrypto
package import Foundation
import Synchronization

/// The daemon's in-memory view of its signing keys: the published snapshot (read lock-free by
/// every hot path) and the unsealed signers. Watchers get every new snapshot, newest wins.
package final class KeyRing: Sendable {
  private struct State {
    var snapshot: PublishedKeySet
    var signers: [String: TokenSigner] = [:]
    var watchers: [UInt64: AsyncStream<PublishedKeySet>.Continuation] = [:]
    var nextWatcher: UInt64 = 0
    var loaded = false
    /// The signing kid watchers were last told about.
    var announcedSigner: String?
    /// `finishAll` ran: a stream asked for later ends at once.
    var finished = false
    /// Every signing key seen retiring, as last seen: the published snapshot drops them, and a
    /// reload from a database whose security record was tampered with must not bring one back.
    var retirements: [String: SigningKeyInfo] = [:]
    /// When the installed revision was installed.
    var revisionSince = Date(timeIntervalSince1970: 0)
  }

  private let state = Mutex(
    State(snapshot: PublishedKeySet(keys: [], revision: 0, now: Date(timeIntervalSince1970: 0))))

  /// An empty ring: nothing published, nothing signs, until the service loads the store.
  package init() {}

  /// The current published set.
  package var snapshot: PublishedKeySet { state.withLock { $0.snapshot } }

  /// Whether a set was installed (the daemon has started).
  var isLoaded: Bool { state.withLock { $0.loaded } }

  /// Every signing key seen retiring since the daemon started, by kid.
  var retirements: [String: SigningKeyInfo] { state.withLock { $0.retirements } }

  /// The installed revision, and when it was installed (since when a verifier that holds an
  /// older one is behind).
  package var currentRevision: (revision: UInt64, since: Date) {
    state.withLock { ($0.snapshot.revision, $0.revisionSince) }
  }

  /// How many watch streams are open.
  package var watcherCount: Int { state.withLock { $0.watchers.count } }

  /// The signer of the key that signs at `now`, with that key's description.
  package func signer(at now: Date) -> TokenSigner? {
    state.withLock { state in
      state.snapshot.signingKey(at: now).flatMap { state.signers[$0.kid] }
    }
  }

  /// The signer of key `kid` if it may still sign at `now` (published, not retiring).
  func signer(kid: String, at now: Date) -> TokenSigner? {
    state.withLock { state in
      state.snapshot.keys.first { $0.kid == kid && $0.maySign(at: now) }.flatMap {
        state.signers[$0.kid]
      }
    }
  }

  /// Installs the keys and revocation list read at `revision`, as published at `now`, unless a
  /// newer revision is installed already (two changes that finish out of order must not roll the
  /// set back). Unseals keys that may sign and were not seen before with `unsealing`. Returns true
  /// when the set changed.
  @discardableResult
  func install(
    _ keys: [SigningKeyInfo], revoked: [RevokedKey], revision: UInt64, now: Date,
    unsealing: (String) throws -> TokenSigner?
  ) rethrows -> Bool {
    // Watchers are told after the lock is released: many of them must not hold up IssueKey
    // and VerifyKey, which read the ring under the same lock.
    let installed = try state.withLock {
      state -> (PublishedKeySet, [AsyncStream<PublishedKeySet>.Continuation])? in
      guard revision > state.snapshot.revision || !state.loaded else { return nil }
      state.loaded = true
      for key in keys where key.retiringAt != nil { state.retirements[key.kid] = key }
      let signing = keys.filter { $0.retiringAt == nil && $0.isPublished(at: now) }
      for key in signing where state.signers[key.kid] == nil {
        state.signers[key.kid] = try unsealing(key.kid)
      }
      let kept = Set(signing.map(\.kid))
      state.signers = state.signers.filter { kept.contains($0.key) }
      if revision != state.snapshot.revision { state.revisionSince = now }
      state.snapshot = PublishedKeySet(keys: keys, revoked: revoked, revision: revision, now: now)
      state.announcedSigner = state.snapshot.signingKey(at: now)?.kid
      return (state.snapshot, Array(state.watchers.values))
    }
    guard let (snapshot, watchers) = installed else { return false }
    for watcher in watchers { watcher.yield(snapshot) }
    return true
  }

  /// A stream of snapshots: the current one at once, then each new one. Slow readers skip to the
  /// newest (each snapshot is complete). Ends when the consumer stops iterating or `finishAll`.
  package func watch() -> AsyncStream<PublishedKeySet> {
    let (stream, continuation) = AsyncStream.makeStream(
      of: PublishedKeySet.self, bufferingPolicy: .bufferingNewest(1))
    let id = state.withLock { state in
      let id = state.nextWatcher
      state.nextWatcher += 1
      continuation.yield(state.snapshot)
      if state.finished {
        continuation.finish()
      } else {
        state.watchers[id] = continuation
      }
      return id
    }
    continuation.onTermination = { [weak self] _ in
      _ = self?.state.withLock { $0.watchers.removeValue(forKey: id) }
    }
    return stream
  }

  /// When the key that signs at `now` is not the one watchers were last told about (a pending
  /// key's `not_before` has passed), sends them the set again and returns the new signing kid.
  func announceSignerChange(now: Date) -> String?? {
    let changed = state.withLock {
      state -> (String?, PublishedKeySet, [AsyncStream<PublishedKeySet>.Continuation])? in
      let current = state.snapshot.signingKey(at: now)?.kid
      guard current != state.announcedSigner else { return nil }
      state.announcedSigner = current
      return (current, state.snapshot, Array(state.watchers.values))
    }
    guard let (current, snapshot, watchers) = changed else { return nil }
    for watcher in watchers { watcher.yield(snapshot) }
    return .some(current)
  }

  /// Ends every watch stream (at shutdown, so streaming RPCs can finish).
  package func finishAll() {
    let watchers = state.withLock { state in
      state.finished = true
      defer { state.watchers.removeAll() }
      return Array(state.watchers.values)
    }
    for watcher in watchers { watcher.finish() }
  }
}
