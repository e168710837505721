import APIKeyCore
import APIKeyStore
import Foundation

/// Storing new API keys, in batches: the rules of issuance, run inside the one write of a group
/// commit (`KeyService.writes`), with the store's set operations, so a batch of N keys costs a
/// handful of statements (a round trip each on PostgreSQL), not five per key.
extension KeyService {
  /// The group commit of new keys and usage reports over `store` (`policy`: what is kept of the
  /// reports): one write per batch, the keys stored by `store(_:in:)`, the reports recorded by
  /// `record(_:policy:prune:in:)`, each item answered in order.
  static func writes(
    over store: any KeyStore, policy: UsagePolicy
  ) -> GroupCommit<PendingWrite, PendingWrite.Outcome> {
    let pruned = UsagePruneMark()
    let sightings = SightingCache()
    return GroupCommit { items in
      let keys = items.compactMap { item -> PendingKey? in
        if case .key(let key) = item { key } else { nil }
      }
      let reports = items.compactMap { item -> ReceivedReport? in
        if case .report(let report) = item { report } else { nil }
      }
      let prune =
        !reports.isEmpty && pruned.isFirst(of: UsageDay(reports.map(\.at).max()!).number)
      let (stored, recorded) = try await store.write { write in
        (
          keys.isEmpty ? [] : try Self.store(keys, in: write),
          reports.isEmpty
            ? []
            : try Self.record(
              reports, policy: policy, prune: prune, sightingCache: sightings, in: write)
        )
      }
      var storedIn = stored.makeIterator()
      var recordedIn = recorded.makeIterator()
      // '!' is fine: each part answers every item it was given, in order.
      return items.map { item in
        switch item {
        case .key: storedIn.next()!.map(PendingWrite.Outcome.key)
        case .report: recordedIn.next()!.map(PendingWrite.Outcome.report)
        }
      }
    }
  }

  /// Stores `keys` in one write, one outcome each, in order:
  /// - a request id used before answers with the key it made and its first token (`issue`
  ///   judges whether the replay may stand); a second key with a request id first seen in this
  ///   batch, with the key the first one made;
  /// - a key to be signed by a signing key retired meanwhile (here or by another daemon) fails
  ///   with `SignerStopped`, one whose id is taken (by a stored key, or by another key of this
  ///   batch) with `IDTaken`: nothing of either is stored, and `issue` asks again;
  /// - every other key is stored with its audit entry and the token its signer signs for it.
  static func store(
    _ keys: [PendingKey], in store: StoreWrite
  ) throws -> [Result<IssueOutcome, any Error>] {
    var outcomes = [Result<IssueOutcome, any Error>?](repeating: nil, count: keys.count)
    let earlier = try store.records(requestIDs: Set(keys.compactMap(\.requestID)))
    let stopped = try store.stoppedSigning(Set(keys.map(\.signedBy)))
    var fresh: [Int] = []
    var repeats: [Int] = []
    var claimed: Set<String> = []
    var ids: Set<Int64> = []
    for (index, key) in keys.enumerated() {
      if let requestID = key.requestID, let record = earlier[requestID] {
        outcomes[index] = Result { try replay(record, in: store) }
      } else if stopped.contains(key.signedBy) {
        outcomes[index] = .failure(SignerStopped(kid: key.signedBy))
      } else if let requestID = key.requestID, !claimed.insert(requestID).inserted {
        repeats.append(index)
      } else if !ids.insert(key.id).inserted {
        outcomes[index] = .failure(IDTaken(id: key.id))
      } else {
        fresh.append(index)
      }
    }
    let stored = try store.insertNew(fresh.map { (keys[$0].record, keys[$0].requestID) })
    for index in fresh where !stored.contains(keys[index].id) {
      outcomes[index] = .failure(IDTaken(id: keys[index].id))
    }
    fresh.removeAll { !stored.contains(keys[$0].id) }
    try store.append(fresh.map { keys[$0].audit })
    try store.recordTokens(fresh.map { (keys[$0].record, keys[$0].signedBy, keys[$0].now) })
    for index in fresh { outcomes[index] = .success(.created(keys[index].record)) }
    if !repeats.isEmpty {
      let made = try store.records(requestIDs: Set(repeats.compactMap { keys[$0].requestID }))
      for index in repeats {
        // '!' is fine: a repeat has a request id. When the key that claimed it was not stored
        // (its id taken), nothing answers the request id yet: this one asks again too.
        outcomes[index] =
          made[keys[index].requestID!].map { record in Result { try replay(record, in: store) } }
          ?? .failure(IDTaken(id: keys[index].id))
      }
    }
    // '!' is fine: every index got an outcome above.
    return outcomes.map { $0! }
  }

  /// The answer to a request id used before for `earlier`: that key and its first token.
  private static func replay(_ earlier: KeyRecord, in store: StoreWrite) throws -> IssueOutcome {
    .replayed(earlier, firstToken: try store.firstToken(of: earlier.id))
  }
}
