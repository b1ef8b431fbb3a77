# branches.s - taken and not-taken branches (1, +1 when taken), a short
# backward loop, and an unconditional jump (jal: 2).
# expect-cycles: 33
# expect-exit: 0
#                                     cost  running total
        .text
        .global _start
_start:
        addi  a0, zero, 1           #  1     1
        addi  a1, zero, 2           #  1     2
        beq   a0, a1, fail          #  1     3   not taken
        bne   a0, a1, 1f            #  2     5   taken
        j     fail
1:      blt   a1, a0, fail          #  1     6   not taken (2 < 1 false)
        bltu  a0, a1, 2f            #  2     8   taken
        j     fail
2:      bge   a0, a1, fail          #  1     9   not taken
        bgeu  a1, a0, 3f            #  2    11   taken
        j     fail
3:      addi  a2, zero, 3           #  1    12
4:      addi  a2, a2, -1            #  1    13, 16, 19      (3 times)
        bgtz  a2, 4b                #  2    15, 18; then 1: 20
        j     5f                    #  2    22   (jal zero)
        j     fail
5:      lui   t0, 0xF000            #  1    23
        sw    zero, 0x3000(t0)      # 10    33   2 + MMIO 8
#
# The loop: the addi takes a2 from 3 to 2 (bgtz taken), 2 to 1 (taken),
# 1 to 0 (not taken): 3 x addi (3) + 2 x 2 + 1 x 1 (5) = 8 cycles, from
# 12 to 20.  bgtz a2 is `blt zero, a2`.

fail:   lui   t0, 0xF000
        addi  t1, zero, 1
        sw    t1, 0x3000(t0)
