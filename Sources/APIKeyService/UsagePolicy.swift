package import APIKeyCore

/// How the daemon keeps what verifiers report, and how it judges them.
package struct UsagePolicy: Sendable, Equatable {
  /// Days of daily counts kept (`--usage-retention`).
  package var retentionDays: Int
  /// How long a verifier may hold an older revision than the current one, or stay silent,
  /// before it is STALE (`--verifier-stale-after`).
  package var staleAfter: Double
  /// Reports per peer (a uid on the socket, a client address through the bridge).
  package var perPeer: RateLimit
  /// How long a batch id is remembered (a batch sent again within it counts once).
  package var batchMemory: Double

  /// The defaults: 400 days, 5 minutes, 120 reports a minute per peer, 2 days.
  package init(
    retentionDays: Int = 400, staleAfter: Double = 300,
    perPeer: RateLimit = RateLimit(count: 120, window: 60), batchMemory: Double = 2 * 86_400
  ) {
    self.retentionDays = retentionDays
    self.staleAfter = staleAfter
    self.perPeer = perPeer
    self.batchMemory = batchMemory
  }
}
