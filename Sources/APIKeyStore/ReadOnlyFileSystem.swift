import Glibc

/// Whether a file system refuses writes as read-only, found by trying to make a file there. A
/// probe rather than statvfs: ext4 remounting itself after an error (`errors=remount-ro`) refuses
/// writes before, or without, its mount flags saying so.
public enum ReadOnlyFileSystem {
  /// Linux's `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`; the C macro does not reach Swift).
  private static let temporaryFile: Int32 = 0o20_200_000

  /// True when a new file in the directory of `path` cannot be made because the file system is
  /// read-only. Any other outcome (made, or refused for another reason) is false.
  public static func holds(_ path: String) -> Bool {
    let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
    // An unnamed file first: nothing to clean up, no name to collide with.
    let fd = open(directory.isEmpty ? "/" : directory, temporaryFile | O_WRONLY | O_CLOEXEC, 0o600)
    if fd >= 0 {
      close(fd)
      return false
    }
    switch errno {
    case EROFS: return true
    case EOPNOTSUPP, EISDIR, EINVAL: return namedProbe(path)
    default: return false
    }
  }

  /// The same with a named file beside `path`, made and removed at once, for file systems
  /// without unnamed files.
  private static func namedProbe(_ path: String) -> Bool {
    let probe = "\(path).write-probe-\(getpid())"
    let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard fd >= 0 else { return errno == EROFS }
    close(fd)
    unlink(probe)
    return false
  }
}
