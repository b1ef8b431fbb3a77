# memory.s - loads, stores and swap to RAM: a RAM access is included in
# the base cost (loads and stores 2, swap 3).
# expect-cycles: 37
# expect-exit: 0
#                                     cost  running total
        .text
        .global _start
_start:
        lui   s1, %hi(buf)          #  1     1
        ori   s1, s1, %lo(buf)      #  1     2
        addi  a0, zero, 0x1234      #  1     3
        sw    a0, 0(s1)             #  2     5
        sh    a0, 4(s1)             #  2     7
        sb    a0, 6(s1)             #  2     9
        lw    a1, 0(s1)             #  2    11   0x1234
        lhu   a2, 4(s1)             #  2    13   0x1234
        lbu   a3, 6(s1)             #  2    15   0x34
        lb    t0, 0(s1)             #  2    17   0x34
        add   a1, a1, a2            #  1    18   0x2468
        add   a1, a1, a3            #  1    19   0x249C
        swap  t1, a1, (s1)          #  3    22   t1 = 0x1234, mem = 0x249C
        lw    t2, 0(s1)             #  2    24
        bne   t2, a1, fail          #  1    25   not taken
        bne   t1, a0, fail          #  1    26   not taken
        lui   t3, 0xF000            #  1    27
        sw    zero, 0x3000(t3)      # 10    37   2 + MMIO 8

fail:   lui   t3, 0xF000
        addi  t0, zero, 1
        sw    t0, 0x3000(t3)

        .bss
        .align 2
buf:    .space 16
