# frames.s - calls three levels deep with frame-pointer frames (SPEC.md
# "Stack frame"), prints a line, exits with the result (6).  For the
# debugger's tests: step, next, finish, until, backtrace, watch.
        .equ    CONSOLE_TX, 0xF0000000
        .equ    POWER_EXIT, 0xF0003000

        .text
_start: li      a0, 3
        call    outer
        mv      s1, a0
        la      a0, msg
        call    puts
        li      t0, POWER_EXIT
        sw      s1, 0(t0)

# outer(n) = middle(n) + 1
outer:  addi    sp, sp, -8
        sw      ra, 4(sp)
        sw      fp, 0(sp)
        mv      fp, sp
        call    middle
        addi    a0, a0, 1
        mv      sp, fp
        lw      fp, 0(sp)
        lw      ra, 4(sp)
        addi    sp, sp, 8
        ret

# middle(n) = leaf(n) + n, storing the partial result in `total`
middle: addi    sp, sp, -8
        sw      ra, 4(sp)
        sw      fp, 0(sp)
        mv      fp, sp
        mv      s2, a0
        call    leaf
        add     a0, a0, s2
        la      t0, total
        sw      a0, 0(t0)
        mv      sp, fp
        lw      fp, 0(sp)
        lw      ra, 4(sp)
        addi    sp, sp, 8
        ret

# leaf(n) = n - 1, in a loop (no frame: its return address stays in ra)
leaf:   li      t1, 0
1:      addi    t1, t1, 1
        blt     t1, a0, 1b
        addi    a0, a0, -1
        ret

# puts(a0): print a NUL-terminated string
puts:   li      t0, CONSOLE_TX
1:      lbu     t1, 0(a0)
        beqz    t1, 2f
        sw      t1, 0(t0)
        addi    a0, a0, 1
        j       1b
2:      ret

        .data
msg:    .asciz  "frames done\n"
        .align  2
total:  .word   0
