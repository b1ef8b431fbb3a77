# console.s - prints "tick " three times (no newline until the end) with a
# label after each print, then exits 0.  For the debugger's console
# separation: guest output and debugger output never share a line.
        .equ    CONSOLE_TX, 0xF0000000
        .text
_start: li      s1, 3
again:  la      a0, tick
        call    puts
printed:
        addi    s1, s1, -1
        bnez    s1, again
        li      t0, CONSOLE_TX
        li      t1, '\n'
        sw      t1, 0(t0)
        li      t0, 0xF0003000
        sw      zero, 0(t0)

puts:   li      t0, CONSOLE_TX
1:      lbu     t1, 0(a0)
        beqz    t1, 2f
        sw      t1, 0(t0)
        addi    a0, a0, 1
        j       1b
2:      ret

        .data
tick:   .asciz  "tick "
