import Foundation
public import GRPCNIOTransportHTTP2
import Glibc
import NIOCore

/// Who may be behind the daemon's socket. Before trusting a socket, clients ask the kernel
/// (SO_PEERCRED) which user runs the process listening on it, and refuse any other: a socket
/// planted at the same path by another local user after the daemon stopped gets no admin
/// commands, and serves no keys to verifiers.
public struct DaemonIdentity: Sendable, Equatable {
  /// The users allowed; nil: root, or the owner of the directory that holds the socket (the
  /// daemon's data or runtime directory).
  public var allowedUsers: Set<UInt32>?

  /// Root or the owner of the socket's directory (the default), or exactly `allowedUsers`.
  public init(allowedUsers: Set<UInt32>? = nil) {
    self.allowedUsers = allowedUsers
  }

  /// Root or the user named `name` (a user name or a numeric uid).
  public init(user name: String) throws(DaemonIdentityError) {
    if let uid = uid_t(name) {
      self.init(allowedUsers: [0, uid])
    } else if let entry = getpwnam(name) {
      self.init(allowedUsers: [0, entry.pointee.pw_uid])
    } else {
      throw DaemonIdentityError("no such user: \(name)")
    }
  }

  /// The users allowed to serve `socketPath`.
  public func allowed(for socketPath: String) -> Set<UInt32> {
    if let allowedUsers { return allowedUsers }
    let directory = (socketPath as NSString).deletingLastPathComponent
    let attributes = try? FileManager.default.attributesOfItem(
      atPath: directory.isEmpty ? "." : directory)
    guard let owner = (attributes?[.ownerAccountID] as? NSNumber)?.uint32Value else { return [0] }
    return [0, owner]
  }

  /// Connects to `socketPath` once and checks who listens there; throws, saying who and what
  /// was expected, when it is someone else.
  public func check(socketPath: String) throws(DaemonIdentityError) {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else {
      throw DaemonIdentityError("cannot create a socket: \(String(cString: strerror(errno)))")
    }
    defer { close(fd) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(socketPath.utf8)
    guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
      throw DaemonIdentityError("socket path \(socketPath) is too long")
    }
    withUnsafeMutableBytes(of: &address.sun_path) { buffer in
      for (index, byte) in bytes.enumerated() { buffer[index] = byte }
    }
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    guard connected == 0 else {
      throw DaemonIdentityError(
        "cannot connect to \(socketPath): \(String(cString: strerror(errno)))")
    }
    var credentials = PeerCredentials()
    var length = socklen_t(MemoryLayout<PeerCredentials>.size)
    guard getsockopt(fd, SOL_SOCKET, PeerCredentials.option, &credentials, &length) == 0 else {
      throw DaemonIdentityError(
        "cannot tell who listens on \(socketPath): \(String(cString: strerror(errno)))")
    }
    try verify(uid: credentials.uid, pid: credentials.pid, socketPath: socketPath)
  }

  /// Throws unless `uid` may serve `socketPath`.
  func verify(uid: UInt32, pid: Int32, socketPath: String) throws(DaemonIdentityError) {
    let allowed = allowed(for: socketPath)
    guard allowed.contains(uid) else {
      let names = allowed.sorted().map(Self.userName).joined(separator: " or ")
      throw DaemonIdentityError(
        "refusing \(socketPath): the process behind it (pid \(pid)) runs as \(Self.userName(uid)), not as \(names); another user may have put it there"
      )
    }
  }

  /// Transport callbacks that check every new connection the same way once it is connected, so
  /// a socket swapped in after `check` is refused too.
  public func callbacks(socketPath: String) -> HTTP2ClientTransport.Config.ChannelDebuggingCallbacks
  {
    .init(
      onCreateTCPConnection: { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHandler(
            PeerCheck(identity: self, socketPath: socketPath), position: .first)
        }
      },
      onCreateHTTP2Stream: nil)
  }

  static func userName(_ uid: uid_t) -> String {
    guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "uid \(uid)" }
    return "\(String(cString: name)) (uid \(uid))"
  }
}

/// `struct ucred` of <sys/socket.h> (not imported without _GNU_SOURCE).
private struct PeerCredentials {
  /// SO_PEERCRED on Linux.
  static let option: Int32 = 17
  var pid: Int32 = 0
  var uid: UInt32 = 0
  var gid: UInt32 = 0
}

/// Holds back a new connection's `channelActive` until the kernel has said who is on the other
/// end; closes it with an error when that is not the daemon's user.
private final class PeerCheck: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = NIOAny

  let identity: DaemonIdentity
  let socketPath: String

  init(identity: DaemonIdentity, socketPath: String) {
    self.identity = identity
    self.socketPath = socketPath
  }

  func channelActive(context: ChannelHandlerContext) {
    guard let provider = context.channel as? any SocketOptionProvider else {
      context.fireErrorCaught(DaemonIdentityError("cannot tell who listens on \(socketPath)"))
      context.close(promise: nil)
      return
    }
    let credentials: EventLoopFuture<PeerCredentials> = provider.unsafeGetSocketOption(
      level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(PeerCredentials.option))
    let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
    let (identity, socketPath) = (self.identity, self.socketPath)
    credentials.flatMapThrowing { credentials in
      try identity.verify(uid: credentials.uid, pid: credentials.pid, socketPath: socketPath)
    }.whenComplete { result in
      let context = loopBound.value
      switch result {
      case .success:
        context.fireChannelActive()
      case .failure(let error):
        context.fireErrorCaught(error)
        context.close(promise: nil)
      }
    }
  }
}

/// The process behind a daemon socket is not who it should be, or cannot be asked.
public struct DaemonIdentityError: Error, CustomStringConvertible, Sendable {
  /// What is wrong, naming the socket, the user found and the users expected.
  public let description: String

  init(_ description: String) {
    self.description = description
  }
}
