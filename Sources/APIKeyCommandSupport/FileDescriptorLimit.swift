import Glibc

/// The process's limit on open files (RLIMIT_NOFILE).
public enum FileDescriptorLimit {
  /// Raises the soft limit to the hard limit (systemd's default soft limit, 1,024, is far below
  /// what a server under many idle connections needs) and returns the limit now in force.
  @discardableResult
  public static func raiseToHardLimit() -> Int {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
    if limit.rlim_cur < limit.rlim_max {
      var raised = limit
      raised.rlim_cur = limit.rlim_max
      if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
    }
    return Int(clamping: min(limit.rlim_cur, rlim_t(Int32.max)))
  }
}
