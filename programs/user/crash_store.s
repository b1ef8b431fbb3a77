# crash_store.s - expect toyos to kill this program with STORE_FAULT:
# write to our own code (text is read-only).
#
# exec maps the text segment without W, so a program cannot
# overwrite its own instructions: the store faults at main's address.
#
# The kernel prints "pid N (crash_store): killed: STORE_FAULT ..." and the shell
# carries on.
        .include "crt0.inc"
        .include "lib.inc"

main:
        ENTER
        la      a0, crash_msg
        call    puts
        la      t0, main
        sw      zero, 0(t0)             # main[0] = 0
        la      a0, crash_alive         # not reached
        call    puts
        li      a0, 0
        LEAVE

        .data
crash_msg:      .asciz  "crash_store: STORE_FAULT: write to our own code (text is read-only)\n"
crash_alive:    .asciz  "crash_store: still alive?!\n"
