# crash_jump.s - expect toyos to kill this program with FETCH_FAULT:
# jump to an address where nothing is mapped.
#
# 0x70000000 is in the user region but nothing is mapped there: the
# fetch of the first instruction faults, with pc = BADVADDR = 0x70000000.
#
# The kernel prints "pid N (crash_jump): killed: FETCH_FAULT ..." and the shell
# carries on.
        .include "crt0.inc"
        .include "lib.inc"

main:
        ENTER
        la      a0, crash_msg
        call    puts
        li      t0, 0x70000000
        jr      t0
        la      a0, crash_alive         # not reached
        call    puts
        li      a0, 0
        LEAVE

        .data
crash_msg:      .asciz  "crash_jump: FETCH_FAULT: jump to an address where nothing is mapped\n"
crash_alive:    .asciz  "crash_jump: still alive?!\n"
