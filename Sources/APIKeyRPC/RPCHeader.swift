/// Request headers (gRPC metadata) of apikeyserv's API that are not in the protobuf schema; the
/// daemon and its clients both name them from here.
public enum RPCHeader {
  /// The OS user apikeyctl runs as, as it reports it (unverified; recorded in the audit trail
  /// beside the kernel's word, `peer`).
  public static let reportedUser = "x-apikeyctl-user"
  /// The caller's pid, uid and gid as the kernel tells the daemon (`pid=… uid=… gid=…`). Set by
  /// the daemon's transport for every call; a copy a client sends is removed first.
  public static let peer = "x-apikeyserv-peer"
  /// The value of `peer` for a process.
  public static func peer(pid: Int32, uid: UInt32, gid: UInt32) -> String {
    "pid=\(pid) uid=\(uid) gid=\(gid)"
  }
  /// Trailing metadata of a RESOURCE_EXHAUSTED answer of Registration.RequestKey: whole seconds
  /// until a request can succeed (the bridge's `Retry-After`).
  public static let retryAfter = "x-apikeyserv-retry-after"
}
