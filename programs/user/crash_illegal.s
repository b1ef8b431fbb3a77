# crash_illegal.s - expect toyos to kill this program with ILLEGAL:
# run the word 0, which is not an instruction.
#
# 0x00000000 is illegal on purpose (isa/SPEC.md), so a jump into
# zeroed memory stops at once.
#
# The kernel prints "pid N (crash_illegal): killed: ILLEGAL ..." and the shell
# carries on.
        .include "crt0.inc"
        .include "lib.inc"

main:
        ENTER
        la      a0, crash_msg
        call    puts
        .word   0
        la      a0, crash_alive         # not reached
        call    puts
        li      a0, 0
        LEAVE

        .data
crash_msg:      .asciz  "crash_illegal: ILLEGAL: run the word 0, which is not an instruction\n"
crash_alive:    .asciz  "crash_illegal: still alive?!\n"
