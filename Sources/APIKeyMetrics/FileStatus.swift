import Glibc

/// What is at a path, without following a symbolic link there.
enum FileStatus {
  /// Whether `path` is a Unix socket.
  static func isSocket(_ path: String) -> Bool {
    var status = stat()
    return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFSOCK
  }
}
