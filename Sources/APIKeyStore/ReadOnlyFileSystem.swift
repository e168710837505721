import Glibc

/// Whether a file system refuses writes as read-only, found by trying: a file created (and at
/// once removed) beside a path fails with EROFS. A probe rather than statvfs: ext4 remounting
/// itself after an error (`errors=remount-ro`) refuses writes before, or without, its mount flags
/// saying so.
public enum ReadOnlyFileSystem {
  /// True when a new file beside `path` (`path.write-probe`) cannot be created because the file
  /// system is read-only. Any other outcome (created, or refused for another reason) is false.
  public static func holds(_ path: String) -> Bool {
    let probe = "\(path).write-probe"
    let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard fd >= 0 else { return errno == EROFS }
    close(fd)
    unlink(probe)
    return false
  }
}
