import CProcessControl
import Glibc

/// Keeps secrets out of core dumps and away from debuggers of the same user: no core files
/// (RLIMIT_CORE 0), and the process is not dumpable (PR_SET_DUMPABLE 0, which also stops
/// another process of the same user from attaching with ptrace or reading /proc/PID/mem).
/// A write past the file-size limit (RLIMIT_FSIZE) fails with EFBIG, answered as a failed
/// write, instead of SIGXFSZ ending the daemon.
package enum ProcessHardening {
  package static func apply() {
    var none = rlimit(rlim_cur: 0, rlim_max: 0)
    _ = setrlimit(Int32(RLIMIT_CORE.rawValue), &none)
    _ = apikeyserv_set_not_dumpable()
    signal(SIGXFSZ, SIG_IGN)
  }
}
