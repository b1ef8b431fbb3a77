# sleepsort.s - sort numbers by sleeping: one child per number sleeps that
# many (times three) clock ticks, then prints it.  A joke algorithm, and a
# real test of sleep(), the tick and sleep/wakeup in the kernel.
#
#   $ sleepsort 3 1 2
#   1 2 3
        .include "crt0.inc"
        .include "lib.inc"

        .equ    TICKS_PER_UNIT, 3

main:
        ENTER
        mv      s1, a0                  # s1 = argc
        addi    s2, a1, 4               # s2 = &argv[1]
        li      s3, 1                   # s3 = i
1:      bge     s3, s1, 3f
        lw      a0, 0(s2)
        call    atoi
        mv      s4, a0                  # s4 = the number
        call    fork
        bltz    a0, 9f
        bnez    a0, 2f
        li      t0, TICKS_PER_UNIT      # the child: sleep, print, exit
        mul     a0, s4, t0
        call    sleep
        mv      a0, s4
        call    putdec
        li      a0, ' '
        call    putc
        li      a0, 0
        call    exit
2:      addi    s2, s2, 4
        addi    s3, s3, 1
        j       1b
3:      li      a0, 0                   # wait for all of them
        call    wait
        bgez    a0, 3b
        li      a0, '\n'
        call    putc
        li      a0, 0
        LEAVE
9:      li      a0, 1
        LEAVE
