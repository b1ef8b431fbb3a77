# tlb.s - TLB misses with paging on: each page-table entry the walker reads
# costs 4, so a miss (a full walk) costs 8; fetches miss like data; a store
# to a page whose TLB entry was filled by a load (D clear) walks again.
# expect-cycles: 83
# expect-exit: 0
#
# The tables live in .bss and are built before paging goes on; only three
# pages are mapped: the code page, the data page and the power device.
#                                            cost  running total
        .text
        .global _start
_start:
        lui   s1, %hi(l1)                      #  1     1
        ori   s1, s1, %lo(l1)                  #  1     2
        lui   s2, %hi(l2)                      #  1     3
        ori   s2, s2, %lo(l2)                  #  1     4
        lui   s3, %hi(l2dev)                   #  1     5
        ori   s3, s3, %lo(l2dev)               #  1     6
        lui   s4, %hi(data)                    #  1     7
        ori   s4, s4, %lo(data)                #  1     8
        ori   t0, s2, 1                        #  1     9   L1[0] -> l2 (V)
        sw    t0, 0(s1)                        #  2    11
        ori   t0, s3, 1                        #  1    12   L1[0x3C0] -> l2dev (V)
        sw    t0, 0xF00(s1)                    #  2    14
        lui   t0, %hi(_start)                  #  1    15
        ori   t0, t0, %lo(_start) | 0xB        #  1    16   code page: V R X
        sw    t0, 4 * (_start >> 12)(s2)       #  2    18
        ori   t0, s4, 0x7                      #  1    19   data page: V R W
        sw    t0, 4 * (data >> 12)(s2)         #  2    21
        lui   t0, 0xF000                       #  1    22
        ori   t0, t0, 0x3007                   #  1    23   power page: V R W
        sw    t0, 12(s3)                       #  2    25   l2dev[3]
        mtcr  ptbr, s1                         #  2    27   (also empties the TLB)
        addi  t0, zero, 16                     #  1    28   STATUS.PG
        mtcr  status, t0                       #  2    30   paging on
        lw    a0, 0(s4)                        # 18    48   2 + fetch miss 8 + data miss 8
        lw    a1, 4(s4)                        #  2    50   both hit
        add   a0, a0, a1                       #  1    51   5 + 7 = 12
        sw    a0, 8(s4)                        # 10    61   2 + 8: the entry has D clear
        lw    a1, 8(s4)                        #  2    63
        bne   a0, a1, fail                     #  1    64   not taken
        lui   t0, 0xF000                       #  1    65
        sw    zero, 0x3000(t0)                 # 18    83   2 + miss 8 + MMIO 8
#
# By kind: 30 cycles of setup with paging off; then 5 instructions of 2
# (loads/stores) + 3 of 1 = 13 base, 4 walks x 8 = 32 (fetch, data,
# data again for D, power page), MMIO 8: 30 + 13 + 32 + 8 = 83.

fail:   lui   t0, 0xF000
        addi  t1, zero, 1
        sw    t1, 0x3000(t0)

        .data
data:   .word 5, 7, 0

        .bss
        .align 12
l1:     .space 4096
l2:     .space 4096
l2dev:  .space 4096
