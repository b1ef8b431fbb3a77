# trap_costs.s - what a trapping instruction costs: its base cost plus
# trap entry 5; it does not retire.  An illegal word is charged 1 (the cost
# of the table's "invalid" row).  The handler below costs 8 each time
# (mfcr 2 + addi 1 + mtcr 2 + eret 3) and returns past the instruction.
# expect-cycles: 84
# expect-exit: 0
#                                     cost  running total
        .text
        .global _start
_start:
        lui   t0, %hi(handler)      #  1     1
        ori   t0, t0, %lo(handler)  #  1     2
        mtcr  tvec, t0              #  2     4
        .word 0                     #  6    10   ILLEGAL: 1 + 5
                                    #  8    18   handler
        addi  a0, zero, 2           #  1    19
        lw    a1, 0(a0)             #  7    26   MISALIGNED: 2 + 5
                                    #  8    34   handler
        break                       #  6    40   BREAK: 1 + 5
                                    #  8    48   handler
        # into user mode
        addi  t0, zero, 8           #  1    49   STATUS.PUM
        mtcr  status, t0            #  2    51
        lui   t0, %hi(user)         #  1    52
        ori   t0, t0, %lo(user)     #  1    53
        mtcr  epc, t0               #  2    55
        eret                        #  3    58
user:   mfcr  a1, status            #  7    65   PRIV: 2 + 5
                                    #  8    73   handler (back to user mode)
        lui   t0, 0xF000            #  1    74
        sw    zero, 0x3000(t0)      # 10    84   paging is off: user mode reaches EXIT

handler:
        mfcr  t1, epc               #  2
        addi  t1, t1, 4             #  1
        mtcr  epc, t1               #  2
        eret                        #  3
