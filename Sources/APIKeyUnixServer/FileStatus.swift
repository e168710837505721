package import CDispatch
import CoreFoundation
import Dispatch
import Glibc

/// What `lstat`/`fstat` say about a file: its type and permission bits, and its owner.
package struct FileStatus {
  /// `st_mode`: the type (`S_IFMT` bits) and the permission bits.
  var mode: mode_t
  /// `st_uid`.
  var owner: uid_t

  /// The type bits (`S_IFDIR`, `S_IFREG`, `S_IFLNK`, `S_IFSOCK`, …).
  package var type: mode_t { mode & S_IFMT }

  /// The status of `path` itself (a symbolic link is not followed); nil when it does not exist
  /// or cannot be read (`errno` says why).
  package static func of(path: String) -> FileStatus? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    return FileStatus(mode: info.st_mode, owner: info.st_uid)
  }

  /// The status of the open file `fd`.
  package static func of(descriptor fd: Int32) -> FileStatus? {
    var info = stat()
    guard fstat(fd, &info) == 0 else { return nil }
    return FileStatus(mode: info.st_mode, owner: info.st_uid)
  }
}
