import Glibc

/// An exclusive `flock` on a lock file, held for the life of the process: keeps a second daemon
/// from taking over the same data directory or socket path. The kernel drops it if we crash, so a
/// stale lock file never blocks a restart. On a read-only file system the lock file there is
/// locked through a read-only descriptor (`flock` needs no write access).
package final class PathLock: Sendable {
  let path: String
  private let fd: Int32

  /// Takes the lock or throws, naming the holder's lock file.
  package init(path: String) throws {
    var fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    let failure = errno
    if fd < 0, failure == EROFS { fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) }
    guard fd >= 0 else {
      throw DaemonError("cannot open lock file \(path): \(String(cString: strerror(failure)))")
    }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      close(fd)
      throw DaemonError("another apikeyserv is running with \(path) locked; stop it first")
    }
    self.path = path
    self.fd = fd
  }

  deinit {
    flock(fd, LOCK_UN)
    close(fd)
  }
}
