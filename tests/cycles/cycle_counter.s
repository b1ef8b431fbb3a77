# cycle_counter.s - `mfcr rd, cycle` reads the cycles completed before it
# starts.  The program exits with that value.
# expect-cycles: 16
# expect-exit: 3
#                                     cost  running total
        .text
        .global _start
_start:
        addi  a0, zero, 1           #  1     1
        addi  a0, a0, 1             #  1     2
        addi  a0, a0, 1             #  1     3
        mfcr  a1, cycle             #  2     5   a1 = 3
        lui   t0, 0xF000            #  1     6
        sw    a1, 0x3000(t0)        # 10    16   EXIT = 3
