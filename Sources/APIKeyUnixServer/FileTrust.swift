import Glibc

/// Checks that a path the daemon trusts (its data directory, the master key) is what it seems
/// and is the daemon's alone, with one line that says what is wrong and the command that fixes it.
package enum FileTrust {
  /// Refuses `path` (whose `lstat` is `info`) unless it is of `type`, owned by this process's
  /// user, and has none of the `forbidden` mode bits; `fix` is the mode to suggest.
  package static func check(
    _ path: String, _ info: FileStatus, kind: String, type: mode_t, forbidden: mode_t, fix: String
  ) throws {
    guard info.type == type else {
      let what =
        info.type == S_IFLNK
        ? "a symbolic link" : "not a \(type == S_IFDIR ? "directory" : "regular file")"
      throw DaemonError("\(kind) \(path) is \(what); refusing to use it (give the real path)")
    }
    let me = geteuid()
    guard info.owner == me else {
      throw DaemonError(
        "\(kind) \(path) belongs to \(userName(info.owner)), not to \(userName(me)) who runs apikeyserv: chown \(userName(me)) \(path)"
      )
    }
    guard info.mode & forbidden == 0 else {
      let mode = String(info.mode & 0o7777, radix: 8)
      let who = forbidden & 0o044 != 0 ? "readable or writable" : "writable"
      throw DaemonError("\(kind) \(path) is \(who) by others (mode 0\(mode)): chmod \(fix) \(path)")
    }
  }

  /// The user's name, or `uid N`.
  static func userName(_ uid: uid_t) -> String {
    guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "uid \(uid)" }
    return String(cString: name)
  }
}
