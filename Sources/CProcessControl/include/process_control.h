#ifndef APIKEYSERV_PROCESS_CONTROL_H
#define APIKEYSERV_PROCESS_CONTROL_H

/// Marks the process as not dumpable (PR_SET_DUMPABLE 0): no core file, and other processes of
/// the same user cannot ptrace it or read its memory. Returns 0 on success.
int apikeyserv_set_not_dumpable(void);

/// 1 when the process is dumpable, 0 when not, -1 on error (PR_GET_DUMPABLE).
int apikeyserv_is_dumpable(void);

#endif
