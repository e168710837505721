/// Keeps a `KeySet` current. Run it for as long as the set is used (for example as a
/// swift-service-lifecycle service); it returns when its task is cancelled.
public protocol KeySetProvider: Sendable {
  /// Fetches keys into `keySet` until cancelled. A valid answer with no keys empties the set
  /// (every token fails); a failed refresh keeps the last good keys, for at most the provider's
  /// maximum staleness where it has one (then verification fails with `.stale`).
  func run(updating keySet: KeySet) async
}
