# loop.s - a counted loop: the worked example of SPEC.md section 8.
# expect-cycles: 41
# expect-exit: 0
#
#   li a0, 10              1 x 1            =  1   (one addi)
#   addi a0, a0, -1        10 x 1           = 10
#   bnez a0, loop taken    9 x (1 + 1)      = 18   (a0 = 9 .. 1)
#   bnez not taken         1 x 1            =  1   (a0 = 0)
#   lui                    1                =  1
#   sw to EXIT             2 + 8 (MMIO)     = 10
#                                     total = 41
        .text
        .global _start
_start: li    a0, 10
loop:   addi  a0, a0, -1
        bnez  a0, loop
        lui   t0, 0xF000
        sw    zero, 0x3000(t0)
