package import Foundation
import Glibc

/// Filesystem chores around a Unix socket path.
package enum SocketFile {
  /// Fails when `path` exists and is not a socket (we would not delete someone's file), or when
  /// the path is too long for a Unix socket address.
  static func checkFree(_ path: String) throws {
    guard path.utf8.count < 108 else {
      throw DaemonError("socket path \(path) is longer than the 107 bytes Linux allows")
    }
    if let type = fileType(path), type != .typeSocket {
      throw DaemonError("\(path) exists and is not a socket; refusing to replace it")
    }
  }

  /// Sets the socket's mode, and its group when given, after checking with `lstat` that the path
  /// is still the socket (chmod and chown follow symbolic links; a link put there must not make
  /// the daemon change another file).
  package static func setPermissions(_ path: String, mode: mode_t, group: gid_t?) throws {
    guard FileStatus.of(path: path)?.type == S_IFSOCK else {
      throw DaemonError("\(path) is no longer the daemon's socket; refusing to chmod it")
    }
    if let group, lchown(path, uid_t.max, group) != 0 {
      throw DaemonError(
        "cannot give \(path) to group \(group): \(String(cString: strerror(errno)))")
    }
    guard chmod(path, mode) == 0 else {
      throw DaemonError("cannot chmod \(path): \(String(cString: strerror(errno)))")
    }
  }

  /// The id of group `name`.
  package static func groupID(_ name: String) throws -> gid_t {
    guard let entry = getgrnam(name) else {
      throw DaemonError(
        "no such group: \(name) (create it with groupadd \(name) and add the user who must reach the socket, or leave the group option out for a socket of the daemon's user only)"
      )
    }
    return entry.pointee.gr_gid
  }

  /// Removes the socket file (after shutdown).
  static func remove(_ path: String) {
    if fileType(path) == .typeSocket { unlink(path) }
  }

  private static func fileType(_ path: String) -> FileAttributeType? {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
  }
}
