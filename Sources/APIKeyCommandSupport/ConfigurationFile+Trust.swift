import Foundation
import Glibc

extension ConfigurationFile {
  /// Refuses a configuration file that someone other than root or the running user could have
  /// written: it chooses the master key, the database and the sendmail program. The file (after
  /// symbolic links) and the directories that hold it must belong to root or this user and be
  /// writable by no one else: not by others, nor by a group other than root's or this user's (a
  /// shared directory such as /tmp would let anyone put a file there).
  static func checkTrust(_ path: String) throws(SettingError) {
    var file = stat()
    guard stat(path, &file) == 0 else {
      throw SettingError("cannot read the configuration file \(path)")
    }
    let directory = (path as NSString).deletingLastPathComponent
    let real = realpath(path, nil).map { pointer in
      defer { free(pointer) }
      return String(cString: pointer)
    }
    var checked = [(path, "it")]
    checked.append((directory.isEmpty ? "." : directory, "its directory \(directory)"))
    if let real {
      let realDirectory = (real as NSString).deletingLastPathComponent
      if real != path { checked.append((real, "the file it links to, \(real),")) }
      if realDirectory != directory {
        checked.append((realDirectory, "the directory it links into, \(realDirectory),"))
      }
    }
    for (candidate, what) in checked {
      if let problem = untrusted(candidate) {
        throw SettingError(
          "refusing the configuration file \(path): \(what) \(problem.reason): \(problem.fix) \(candidate)"
        )
      }
    }
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
