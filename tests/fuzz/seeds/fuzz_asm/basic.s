# a small program using most of the language
        .global _start
        .equ    CONSOLE, 0xF0000000
_start: la      sp, stack_top
        li      a0, 42
        li      t0, CONSOLE
        call    print
1:      j       1b
print:  addi    sp, sp, -8
        sw      ra, 4(sp)
        sb      a0, 0(t0)
        lw      ra, 4(sp)
        addi    sp, sp, 8
        ret
        .data
msg:    .asciz  "hello, world\n"
len     = . - msg
        .align  2
table:  .word   msg, len, 'x', %hi(table), %lo(table)
        .half   -1, 0xFFFF
        .byte   1, 2, 3
        .bss
        .space  256
stack_top:
