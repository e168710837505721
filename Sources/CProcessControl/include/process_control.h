#ifndef APIKEYSERV_PROCESS_CONTROL_H
#define APIKEYSERV_PROCESS_CONTROL_H

/// Marks the process as not dumpable (PR_SET_DUMPABLE 0): no core file, and other processes of
/// the same user cannot ptrace it or read its memory. Returns 0 on success.
int apikeyserv_set_not_dumpable(void);

#endif
