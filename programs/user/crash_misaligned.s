# crash_misaligned.s - expect toyos to kill this program with MISALIGNED:
# load a word from an odd address.
#
# lw needs an address that is a multiple of 4; BADVADDR = the address.
#
# The kernel prints "pid N (crash_misaligned): killed: MISALIGNED ..." and the shell
# carries on.
        .include "crt0.inc"
        .include "lib.inc"

main:
        ENTER
        la      a0, crash_msg
        call    puts
        li      t0, 0x40000002
        lw      t1, 0(t0)
        la      a0, crash_alive         # not reached
        call    puts
        li      a0, 0
        LEAVE

        .data
crash_msg:      .asciz  "crash_misaligned: MISALIGNED: load a word from an odd address\n"
crash_alive:    .asciz  "crash_misaligned: still alive?!\n"
