# crash_load.s - expect toyos to kill this program with LOAD_FAULT:
# read address 0 (a null pointer).
#
# Page 0 is mapped, but for the kernel only (U = 0): a user load there
# fails the MMU's permission check, BADVADDR = 0.
#
# The kernel prints "pid N (crash_load): killed: LOAD_FAULT ..." and the shell
# carries on.
        .include "crt0.inc"
        .include "lib.inc"

main:
        ENTER
        la      a0, crash_msg
        call    puts
        lw      t0, 0(zero)             # *(int *)0
        la      a0, crash_alive         # not reached
        call    puts
        li      a0, 0
        LEAVE

        .data
crash_msg:      .asciz  "crash_load: LOAD_FAULT: read address 0 (a null pointer)\n"
crash_alive:    .asciz  "crash_load: still alive?!\n"
