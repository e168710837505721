#include "process_control.h"

#include <sys/prctl.h>

int apikeyserv_set_not_dumpable(void) { return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); }
