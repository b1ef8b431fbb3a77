# muldiv.s - multiply 3 cycles, divide and remainder 12, whatever the
# operands (dividing by zero costs the same and does not trap).
# expect-cycles: 86
# expect-exit: 0
#                                     cost  running total
        .text
        .global _start
_start:
        addi  a0, zero, 100         #  1     1
        addi  a1, zero, 7           #  1     2
        mul   a2, a0, a1            #  3     5   700
        mulh  a3, a0, a1            #  3     8   0
        mulhu t0, a0, a1            #  3    11   0
        div   t1, a0, a1            # 12    23   14
        rem   t2, a0, a1            # 12    35   2
        divu  t1, a2, a1            # 12    47   100
        remu  t2, a2, a0            # 12    59   0
        div   t3, a0, zero          # 12    71   -1 (x/0, no trap)
        addi  t3, t3, 1             #  1    72   0
        bne   t1, a0, fail          #  1    73   not taken
        bne   t2, zero, fail        #  1    74   not taken
        bne   t3, zero, fail        #  1    75   not taken
        lui   t0, 0xF000            #  1    76
        sw    zero, 0x3000(t0)      # 10    86   2 + MMIO 8
#
# Check by class: 3 addi (3) + 3 multiplies (3 x 3 = 9) + 5 divides
# (5 x 12 = 60) + 3 not-taken branches (3) + lui (1) + sw (10) = 86.

fail:   lui   t0, 0xF000
        addi  t1, zero, 1
        sw    t1, 0x3000(t0)
