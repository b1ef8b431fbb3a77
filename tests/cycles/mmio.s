# mmio.s - device register accesses cost the base 2 plus MMIO 8 = 10,
# loads as well as stores.  Prints "Hi" and a newline on the console.
# expect-cycles: 56
# expect-exit: 0
#                                     cost  running total
        .text
        .global _start
_start:
        lui   t0, 0xF000            #  1     1   t0 = console base
        addi  t1, zero, 'H'         #  1     2
        sw    t1, 0(t0)             # 10    12   console TX
        addi  t1, zero, 'i'         #  1    13
        sw    t1, 0(t0)             # 10    23
        addi  t1, zero, 10          #  1    24   '\n'
        sw    t1, 0(t0)             # 10    34
        lw    t2, 4(t0)             # 10    44   console STATUS
        andi  t2, t2, 1             #  1    45   TX ready (always 1)
        beqz  t2, fail              #  1    46   not taken
        sw    zero, 0x3000(t0)      # 10    56   power EXIT = 0

fail:   addi  t1, zero, 1
        sw    t1, 0x3000(t0)
