# alu_loop_paged.s - benchmark: alu_loop.s with paging on and a warm TLB.
# The MMU must cost (almost) nothing when every translation hits.
        .text
_start:
        .include "paging.inc"
        li      t0, 20000000
        li      a0, 1
        li      a1, 3
1:      add     a2, a0, a1
        xor     a3, a2, a0
        slli    a0, a3, 3
        srli    a1, a2, 1
        sub     a2, a2, a3
        or      a3, a3, a1
        andi    a0, a0, 0x7fff
        addi    a1, a1, 7
        addi    t0, t0, -1
        bnez    t0, 1b
        li      t1, 0xF0003000
        sw      zero, 0(t1)
