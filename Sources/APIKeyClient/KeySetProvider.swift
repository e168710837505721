/// Keeps a `KeySet` current. Run it for as long as the set is used (for example as a
/// swift-service-lifecycle service); it returns when its task is cancelled.
public protocol KeySetProvider: Sendable {
  /// Fetches keys into `keySet` until cancelled. Keeps the last good keys when a refresh fails.
  func run(updating keySet: KeySet) async
}
