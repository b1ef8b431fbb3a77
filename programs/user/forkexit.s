# forkexit.s - create and reap many processes, and check that the kernel
# gets every page back.
#
#   forkexit [N]     (default 1000)
#
# In rounds of BATCH: fork BATCH children that exit at once with status
# 0..BATCH-1, then wait for all of them, checking the statuses.  Reports
# the number of free physical pages before and after: a kernel that leaks
# (a page table, a kernel stack, one user page) shows it here.
        .include "crt0.inc"
        .include "lib.inc"

        .equ    BATCH,  10              # the process table has 16 slots

main:
        ENTER
        addi    sp, sp, -12             # 0(sp): a wait status
        li      s1, 1000                # s1 = children to make
        li      t0, 2
        blt     a0, t0, 1f
        lw      a0, 4(a1)               # argv[1]
        call    atoi
        mv      s1, a0
1:      call    freepages
        sw      a0, 4(sp)               # 4(sp) = free pages before
        li      s2, 0                   # s2 = children made
2:      bge     s2, s1, 6f
        li      s3, 0                   # s3 = children in this round
3:      bge     s2, s1, 4f
        li      t0, BATCH
        beq     s3, t0, 4f
        call    fork
        bltz    a0, 8f
        bnez    a0, 5f
        mv      a0, s3                  # the child: exit at once
        call    exit
5:      addi    s2, s2, 1
        addi    s3, s3, 1
        j       3b
4:      addi    t0, s3, -1              # reap the round: the statuses must
        mul     t0, t0, s3              # sum to 0 + 1 + ... + (n-1)
        srli    t0, t0, 1
        sw      t0, 8(sp)               # 8(sp) = that sum
        li      s4, 0
7:      mv      a0, sp
        call    wait
        bltz    a0, 8f
        lw      t0, 0(sp)
        add     s4, s4, t0
        addi    s3, s3, -1
        bnez    s3, 7b
        lw      t0, 8(sp)
        bne     s4, t0, 8f              # a status went astray
        j       2b
6:      la      a0, fe_msg1             # "forkexit: 1000 children"
        call    puts
        mv      a0, s1
        call    putdec
        la      a0, fe_msg2             # ", free pages before N, after M"
        call    puts
        lw      a0, 4(sp)
        call    putdec
        la      a0, fe_msg3
        call    puts
        call    freepages
        mv      s4, a0
        call    putdec
        li      a0, '\n'
        call    putc
        lw      t0, 4(sp)
        la      a0, fe_ok
        beq     s4, t0, 9f
        la      a0, fe_leak
9:      call    puts
        li      a0, 0
        LEAVE
8:      la      a0, fe_fail
        call    puts
        li      a0, 1
        LEAVE

        .data
fe_msg1:        .asciz  "forkexit: "
fe_msg2:        .asciz  " children, free pages before "
fe_msg3:        .asciz  ", after "
fe_ok:          .asciz  "forkexit: no page lost\n"
fe_leak:        .asciz  "forkexit: LEAK: pages were lost\n"
fe_fail:        .asciz  "forkexit: fork or wait failed\n"
