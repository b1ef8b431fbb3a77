# fib.s - benchmark: naive recursive Fibonacci, fib(30) = 832040.
# Calls, returns, stack traffic: about 30 M instructions.
        .text
_start: li      a0, 30
        call    fib
        li      t0, 832040
        li      t1, 0xF0003000
        sub     a0, a0, t0          # exit status 0 iff the answer is right
        sw      a0, 0(t1)

# fib(a0) -> a0, with the frame layout of SPEC.md (ra at fp+4, fp at fp+0)
fib:    li      t0, 2
        blt     a0, t0, 1f          # fib(0) = 0, fib(1) = 1
        addi    sp, sp, -12
        sw      ra, 8(sp)
        sw      fp, 4(sp)
        sw      s1, 0(sp)
        mv      fp, sp
        mv      s1, a0
        addi    a0, a0, -1
        call    fib                 # fib(n-1)
        mv      t1, a0
        addi    a0, s1, -2
        mv      s1, t1
        call    fib                 # fib(n-2)
        add     a0, a0, s1
        lw      s1, 0(sp)
        lw      fp, 4(sp)
        lw      ra, 8(sp)
        addi    sp, sp, 12
1:      ret
