.macro push reg, size=4
        addi    sp, sp, -\size
        sw      \reg, 0(sp)
.endm
.macro pop reg
        lw      \reg, 0(sp)
        addi    sp, sp, 4
.endm
.macro spin n
L\@:    addi    \n, \n, -1
        bnez    \n, L\@
.endm
f:      push    ra
        push    s1, 8
        spin    t0
        pop     s1
        pop     ra
        jr      ra
