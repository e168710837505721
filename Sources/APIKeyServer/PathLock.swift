import Glibc

/// An exclusive `flock` on a lock file, held for the life of the process: keeps a second daemon
/// from taking over the same data directory or socket path. The kernel drops it if we crash, so a
/// stale lock file never blocks a restart.
final class PathLock: Sendable {
  let path: String
  private let fd: Int32

  /// Takes the lock or throws, naming the holder's lock file.
  init(path: String) throws {
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw DaemonError("cannot open lock file \(path): \(String(cString: strerror(errno)))")
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
