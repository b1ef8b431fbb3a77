        addi    t0, t0, 70000
        adi     r1, r2, 3
        add     r16, r1
x:      nop
x:      nop
        .wrod   1
        .ascii  "unterminated
        .include "does-not-exist.s"
        .macro  m a
        .endm
        m       1, 2
        .endm
        .bss
        .word   1
        .org    0
        j       1f
