public import Foundation

/// A verifier as its last report left it: who it is, where it reported, the revision it holds.
public struct VerifierRecord: Sendable, Equatable {
  /// Its configured name.
  public var name: String
  /// The daemon (host name) it reports to.
  public var daemon: String
  /// Who sent its last report: `pid=… uid=…` on the socket, or a client address via the bridge.
  public var peer: String
  /// The key-set revision it verifies with.
  public var revision: UInt64
  public var firstSeenAt: Date
  public var lastReportAt: Date

  public init(
    name: String, daemon: String, peer: String, revision: UInt64, firstSeenAt: Date,
    lastReportAt: Date
  ) {
    self.name = name
    self.daemon = daemon
    self.peer = peer
    self.revision = revision
    self.firstSeenAt = firstSeenAt
    self.lastReportAt = lastReportAt
  }
}
