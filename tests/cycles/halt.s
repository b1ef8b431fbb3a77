# halt.s - halt (1 cycle) stops the machine; `simmon run` exits with 0.
# expect-cycles: 3
# expect-exit: 0
#                                     cost  running total
        .text
        .global _start
_start:
        addi  a0, zero, 7           #  1     1
        nop                         #  1     2   addi zero, zero, 0
        halt                        #  1     3
        sw    a0, 0(zero)           # never reached
