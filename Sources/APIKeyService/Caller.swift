/// Who made a call: the socket it came in on, the peer process as the kernel tells (SO_PEERCRED,
/// see `PeerCredentials`), and the user apikeyctl reports (unverified). Built once per call by
/// `CallBoundary` (APIKeyGRPCServices) and read by handlers as `context.caller`; its description is what the audit
/// trail records.
package struct Caller: Sendable, Hashable, CustomStringConvertible {
  /// The peer process, from the kernel.
  package struct Peer: Sendable, Hashable {
    var pid: Int32
    var uid: UInt32
    var gid: UInt32
  }

  /// The socket's name (`admin`, `public`), or who acts for the daemon itself.
  var socket: String
  var peer: Peer?
  /// At most 64 printable ASCII characters of what the client reported.
  var reportedUser: String?

  /// The daemon acting on its own (`reason`, e.g. "apikeyserv startup"), not on a call.
  package static func daemon(_ reason: String) -> Caller {
    Caller(socket: reason, peer: nil, reportedUser: nil)
  }

  package init(socket: String, peer: Peer?, reportedUser: String?) {
    self.socket = socket
    self.peer = peer
    self.reportedUser = reportedUser
  }

  /// The peer process as `pid=… uid=… gid=…`; nil when the kernel did not say.
  package var peerDescription: String? { peer?.description }

  /// Whom per-peer limits count: `uid=…` (every process of one user is one peer), or the
  /// socket's name when the peer is not known.
  package var limitKey: String { peer.map { "uid=\($0.uid)" } ?? socket }

  /// `admin-socket pid=… uid=… gid=… user=…`, as the audit trail has always recorded it.
  package var description: String {
    var parts = [socket]
    if let peer { parts.append(peer.description) }
    if let reportedUser { parts.append("user=\(reportedUser)") }
    return parts.joined(separator: " ")
  }
}

extension Caller.Peer: CustomStringConvertible {
  /// The header's form, `pid=… uid=… gid=…`; nil for anything else (a repeated field too).
  package init?(_ header: String) {
    var fields: [Substring: Substring] = [:]
    for part in header.split(separator: " ") {
      let pair = part.split(separator: "=", maxSplits: 1)
      guard pair.count == 2, fields.updateValue(pair[1], forKey: pair[0]) == nil else { return nil }
    }
    guard fields.count == 3, let pid = fields["pid"].flatMap({ Int32($0) }),
      let uid = fields["uid"].flatMap({ UInt32($0) }),
      let gid = fields["gid"].flatMap({ UInt32($0) })
    else { return nil }
    self.init(pid: pid, uid: uid, gid: gid)
  }

  package var description: String { "pid=\(pid) uid=\(uid) gid=\(gid)" }
}
