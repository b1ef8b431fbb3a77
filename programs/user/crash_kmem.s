# crash_kmem.s - expect toyos to kill this program with LOAD_FAULT:
# read the kernel's memory (mapped, but not for users).
#
# The kernel's code at 0x1000 is mapped in every address space, with
# U = 0: present, but out of reach from user mode.
#
# The kernel prints "pid N (crash_kmem): killed: LOAD_FAULT ..." and the shell
# carries on.
        .include "crt0.inc"
        .include "lib.inc"

main:
        ENTER
        la      a0, crash_msg
        call    puts
        li      t0, 0x1000
        lw      t1, 0(t0)
        la      a0, crash_alive         # not reached
        call    puts
        li      a0, 0
        LEAVE

        .data
crash_msg:      .asciz  "crash_kmem: LOAD_FAULT: read the kernel's memory (mapped, but not for users)\n"
crash_alive:    .asciz  "crash_kmem: still alive?!\n"
