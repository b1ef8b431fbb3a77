# crash_stack.s - expect the kernel to kill this program with STORE_FAULT:
# endless recursion runs the stack (16 KiB) into the unmapped guard page
# below it.  The kernel prints "pid N (crash_stack): killed: ..." and the
# shell carries on.
        .include "crt0.inc"
        .include "lib.inc"

main:
        ENTER
        la      a0, crash_msg
        call    puts
        call    recurse
        li      a0, 0
        LEAVE

recurse:
        ENTER                           # 24 bytes a call, forever
        call    recurse
        LEAVE

        .data
crash_msg:      .asciz  "crash_stack: STORE_FAULT: recurse until the stack overflows\n"
