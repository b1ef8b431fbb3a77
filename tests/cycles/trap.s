# trap.s - a syscall and eret round trip.  The trapping syscall costs its
# base 1 + trap entry 5 = 6; the handler adds 4 to EPC and returns.
# expect-cycles: 29
# expect-exit: 0
#                                     cost  running total
        .text
        .global _start
_start:
        lui   t0, %hi(handler)      #  1     1
        ori   t0, t0, %lo(handler)  #  1     2
        mtcr  tvec, t0              #  2     4
        syscall                     #  6    10   1 + trap entry 5; pc = TVEC
        # (the handler runs here: 8 cycles, to 18)
        lui   t0, 0xF000            #  1    19
        sw    zero, 0x3000(t0)      # 10    29   2 + MMIO 8

handler:
        mfcr  t1, epc               #  2    12
        addi  t1, t1, 4             #  1    13
        mtcr  epc, t1               #  2    15
        eret                        #  3    18   back to the lui after syscall
