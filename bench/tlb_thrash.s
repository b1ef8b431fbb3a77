# tlb_thrash.s - benchmark: paging on, a loop that touches 64 pages in
# turn, more than the 16-entry TLB holds; with FIFO replacement every
# access misses and walks the tables (2 levels x 4 cycles).
        .text
_start:
        .include "paging.inc"
        li      s1, 20000               # rounds
1:      li      t0, 0x200000            # 64 pages from 2 MiB
        li      t1, 64
2:      lw      a0, 0(t0)
        addi    a0, a0, 1
        sw      a0, 0(t0)
        li      t2, 4096
        add     t0, t0, t2
        addi    t1, t1, -1
        bnez    t1, 2b
        addi    s1, s1, -1
        bnez    s1, 1b
        li      t1, 0xF0003000
        sw      zero, 0(t1)
