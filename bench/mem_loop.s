# mem_loop.s - benchmark: walk a 64 KiB array, loading, adding, storing.
# 400 passes x 16384 words x 6 instructions ~ 39 M instructions.
        .text
_start: li      s1, 400             # passes
pass:   la      t0, array
        li      t1, 16384           # words per pass
1:      lw      a0, 0(t0)
        add     a0, a0, t1
        sw      a0, 0(t0)
        addi    t0, t0, 4
        addi    t1, t1, -1
        bnez    t1, 1b
        addi    s1, s1, -1
        bnez    s1, pass
        li      t1, 0xF0003000
        sw      zero, 0(t1)
        .bss
array:  .space  65536
