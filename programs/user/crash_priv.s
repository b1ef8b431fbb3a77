# crash_priv.s - expect toyos to kill this program with PRIV:
# read STATUS, a privileged register.
#
# mfcr is privileged: in user mode it traps with PRIV whatever its
# operands, which is what makes SM32 classically virtualizable.
#
# The kernel prints "pid N (crash_priv): killed: PRIV ..." and the shell
# carries on.
        .include "crt0.inc"
        .include "lib.inc"

main:
        ENTER
        la      a0, crash_msg
        call    puts
        mfcr    t0, status
        la      a0, crash_alive         # not reached
        call    puts
        li      a0, 0
        LEAVE

        .data
crash_msg:      .asciz  "crash_priv: PRIV: read STATUS, a privileged register\n"
crash_alive:    .asciz  "crash_priv: still alive?!\n"
