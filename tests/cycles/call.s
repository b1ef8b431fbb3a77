# call.s - a call with the standard frame of SPEC.md section 2.
# call = jal ra (2), ret = jalr zero, 0(ra) (2); mv = addi (1).
# expect-cycles: 30
# expect-exit: 0
#                                     cost  running total
        .text
        .global _start
_start:
        addi  a0, zero, 3           #  1     1
        call  double                #  2     3
        # (double runs here: 14 cycles, to 17)
        addi  a1, zero, 6           #  1    18
        bne   a0, a1, fail          #  1    19   not taken
        lui   t0, 0xF000            #  1    20
        sw    zero, 0x3000(t0)      # 10    30   2 + MMIO 8
fail:   lui   t0, 0xF000
        addi  t1, zero, 1
        sw    t1, 0x3000(t0)

double:
        addi  sp, sp, -8            #  1     4
        sw    ra, 4(sp)             #  2     6
        sw    fp, 0(sp)             #  2     8
        mv    fp, sp                #  1     9
        add   a0, a0, a0            #  1    10
        lw    fp, 0(sp)             #  2    12
        lw    ra, 4(sp)             #  2    14
        addi  sp, sp, 8             #  1    15
        ret                         #  2    17
