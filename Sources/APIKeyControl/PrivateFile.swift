public import Foundation
import Glibc

/// Files apikeyctl writes that hold secrets (tokens, backups): new, and readable by the caller only.
public enum PrivateFile {
  /// Creates `path` with mode 0600; refuses to overwrite (a failure naming `flag`).
  public static func create(_ path: String, flag: String) throws -> FileHandle {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw ControlFailure("\(flag) \(path): \(String(cString: strerror(errno)))")
    }
    return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
  }
}
