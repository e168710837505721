import Foundation
import Glibc

/// Checks a file that decides what a program does (its configuration file, the sendmail program
/// it runs, the texts its pages show) before it is used: a file someone other than root or the
/// running user could have written is refused. The file (after symbolic links) and the
/// directories that hold it must belong to root or this user and be writable by no one else:
/// not by others, nor by a group other than root's or this user's (a shared directory such as
/// /tmp would let anyone put a file there).
public enum TrustedPath {
  /// Why `path` cannot be trusted, naming it as `what` and the fix; nil when it can (or does not
  /// exist: whoever needs it says so).
  public static func problem(_ path: String, what: String) -> String? {
    var file = stat()
    guard stat(path, &file) == 0 else { return nil }
    let directory = (path as NSString).deletingLastPathComponent
    var checked = [(path, "it")]
    checked.append((directory.isEmpty ? "." : directory, "its directory \(directory)"))
    if let real = realpath(path, nil).map({ pointer in
      defer { free(pointer) }
      return String(cString: pointer)
    }) {
      let realDirectory = (real as NSString).deletingLastPathComponent
      if real != path { checked.append((real, "the file it links to, \(real),")) }
      if realDirectory != directory {
        checked.append((realDirectory, "the directory it links into, \(realDirectory),"))
      }
    }
    for (candidate, which) in checked {
      if let (reason, fix) = untrusted(candidate) {
        return "refusing \(what) \(path): \(which) \(reason): \(fix) \(candidate)"
      }
    }
    return nil
  }

  /// Why `path` may have been written by someone other than root or this user, and the fix.
  private static func untrusted(_ path: String) -> (reason: String, fix: String)? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    let (uid, gid) = (geteuid(), getegid())
    let mode = "mode 0\(String(info.st_mode & 0o7777, radix: 8))"
    if info.st_uid != 0, info.st_uid != uid {
      return (
        "belongs to uid \(info.st_uid), neither root nor this user (uid \(uid))", "chown root"
      )
    }
    if info.st_mode & 0o002 != 0 {
      return ("can be written by every local user (\(mode))", "chmod o-w")
    }
    if info.st_mode & 0o020 != 0, info.st_gid != 0, info.st_gid != gid {
      return ("can be written by the members of group \(info.st_gid) (\(mode))", "chmod g-w")
    }
    return nil
  }
}
