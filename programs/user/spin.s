# spin.s - two CPU-bound processes share the CPU.
#
# The parent prints 'A' and its child 'B', each ROUNDS times, with a busy
# loop of WORK iterations (3 cycles each) before every letter.  Neither
# ever yields: they alternate only because the timer interrupts whichever
# runs, every TICK_CYCLES (20000) cycles, and the scheduler switches.  So
# the output shows the time slices, about three letters each:
#
#   AAABBBAAABBB...
#
# (On a kernel without preemption it would be all A's, then all B's.)
        .include "crt0.inc"
        .include "lib.inc"

        .equ    ROUNDS, 30
        .equ    WORK,   2000

main:
        ENTER
        call    fork
        bltz    a0, 9f
        mv      s2, a0                  # s2 = child's pid (0 in the child)
        li      s1, 'A'
        bnez    s2, 1f
        li      s1, 'B'
1:      li      s3, ROUNDS
2:      li      t0, WORK                # burn cycles
3:      addi    t0, t0, -1
        bnez    t0, 3b
        mv      a0, s1
        call    putc
        addi    s3, s3, -1
        bnez    s3, 2b
        beqz    s2, 4f                  # the child is done
        li      a0, 0
        call    wait
        la      a0, spin_done
        call    puts
4:      li      a0, 0
        LEAVE
9:      li      a0, 1
        LEAVE

        .data
spin_done:      .asciz  "\nspin: done\n"
