# alu.s - straight-line ALU code: every instruction costs 1 cycle.
# expect-cycles: 24
# expect-exit: 0
#
# Only real instructions and `li` of constants whose expansion SPEC.md
# fixes, so the count does not depend on the assembler's choices.
#
#                                     cost  running total
        .text
        .global _start
_start:
        addi  a0, zero, 5           #  1     1   a0 = 5
        addi  a1, zero, 7           #  1     2   a1 = 7
        add   a2, a0, a1            #  1     3   a2 = 12
        sub   a3, a2, a0            #  1     4   a3 = 7
        xor   t0, a2, a3            #  1     5   t0 = 12 ^ 7 = 11
        slli  t1, t0, 3             #  1     6   t1 = 88 = 0x58
        ori   t1, t1, 0x8000        #  1     7   t1 = 0x8058
        lui   t2, 0x1234            #  1     8
        auipc t3, 0                 #  1     9
        slt   t0, a0, a1            #  1    10
        sltiu t0, a0, 6             #  1    11
        li    t0, 0x8058            #  1    12   one `ori` (fits unsigned 16, not signed 16)
        bne   t1, t0, fail          #  1    13   not taken
        lui   t2, 0xF000            #  1    14
        sw    zero, 0x3000(t2)      # 10    24   EXIT = 0: 2 + MMIO 8; the machine stops

fail:   lui   t2, 0xF000
        addi  t0, zero, 1
        sw    t0, 0x3000(t2)        # EXIT = 1
