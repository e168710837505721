import Synchronization

/// Counts each user's open connections and streams on one socket, and refuses what goes over
/// the socket's limits.
final class PeerLimiter: Sendable {
  private struct Counts {
    var connections: [UInt32: Int] = [:]
    var streams: [UInt32: Int] = [:]
    var total = 0
  }

  let limits: SocketLimits
  private let counts = Mutex(Counts())

  init(limits: SocketLimits) {
    self.limits = limits
  }

  /// Takes a connection slot for `uid`; false (nothing taken) when over a cap.
  func openConnection(uid: UInt32) -> Bool {
    counts.withLock { counts in
      if let cap = limits.maximumConnections, counts.total >= cap { return false }
      if let cap = limits.maximumConnectionsPerUser, counts.connections[uid, default: 0] >= cap {
        return false
      }
      counts.total += 1
      counts.connections[uid, default: 0] += 1
      return true
    }
  }

  func closeConnection(uid: UInt32) {
    counts.withLock { counts in
      counts.total -= 1
      counts.connections[uid, default: 1] -= 1
      if counts.connections[uid] == 0 { counts.connections.removeValue(forKey: uid) }
    }
  }

  /// Takes a stream slot for `uid`; false when the user is at the cap.
  func openStream(uid: UInt32) -> Bool {
    counts.withLock { counts in
      if let cap = limits.maximumStreamsPerUser, counts.streams[uid, default: 0] >= cap {
        return false
      }
      counts.streams[uid, default: 0] += 1
      return true
    }
  }

  func closeStream(uid: UInt32) {
    counts.withLock { counts in
      counts.streams[uid, default: 1] -= 1
      if counts.streams[uid] == 0 { counts.streams.removeValue(forKey: uid) }
    }
  }
}
