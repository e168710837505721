import Foundation
import Synchronization

/// The bridge's only state: the last key set received and the state of the connection. Written by
/// the watcher, read by every request (a lock held only to copy a snapshot).
public final class KeySetCache: Sendable {
  private struct State {
    var set: ServedKeySet?
    var connection: ConnectionState = .connecting
  }

  private let state = Mutex(State())

  /// An empty cache: no set yet, connecting.
  public init() {}

  /// The set to serve, nil until the first one arrives. Never cleared by a lost connection.
  public var current: ServedKeySet? { state.withLock { $0.set } }

  /// The connection's state.
  public var connection: ConnectionState { state.withLock { $0.connection } }

  /// Stores a set from the daemon. Returns false when it is not newer than the one held (a
  /// resubscription sends the current set again).
  @discardableResult
  public func update(_ set: ServedKeySet) -> Bool {
    state.withLock { state in
      state.connection = .connected
      if let held = state.set, held.revision == set.revision { return false }
      state.set = set
      return true
    }
  }

  /// Records a connection change; returns the previous state.
  @discardableResult
  public func setConnection(_ connection: ConnectionState) -> ConnectionState {
    state.withLock { state in
      defer { state.connection = connection }
      return state.connection
    }
  }
}
