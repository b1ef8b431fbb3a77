# sieve.s - a compute workload: the primes below N by the sieve of
# Eratosthenes, in an array of N bytes taken from the heap with sbrk.
# Prints how many primes there are and their sum, a checksum that any
# mistake in the machine or the kernel (a page not zeroed, a register not
# restored after a timer interrupt) would change.
        .include "crt0.inc"
        .include "lib.inc"

        .equ    N,      30000

main:
        ENTER
        li      a0, N                   # the array: N bytes of fresh heap
        call    sbrk
        bltz    a0, 9f
        mv      s1, a0                  # s1 = the array (zeroed by the kernel)
        li      s2, 2                   # s2 = p
        li      s3, 0                   # s3 = primes found
        li      s4, 0                   # s4 = their sum
1:      li      t0, N
        bge     s2, t0, 4f
        add     t1, s1, s2
        lbu     t2, 0(t1)
        bnez    t2, 3f                  # crossed out: not a prime
        addi    s3, s3, 1
        add     s4, s4, s2
        mul     t1, s2, s2              # cross out p*p, p*p + p, ...
2:      bge     t1, t0, 3f
        add     t2, s1, t1
        li      t3, 1
        sb      t3, 0(t2)
        add     t1, t1, s2
        j       2b
3:      addi    s2, s2, 1
        j       1b
4:      la      a0, sv_msg1
        call    puts
        mv      a0, s3
        call    putdec
        la      a0, sv_msg2
        call    puts
        li      a0, N
        call    putdec
        la      a0, sv_msg3
        call    puts
        mv      a0, s4
        call    putdec
        li      a0, '\n'
        call    putc
        li      a0, 0
        LEAVE
9:      la      a0, sv_nomem
        call    puts
        li      a0, 1
        LEAVE

        .data
sv_msg1:        .asciz  "sieve: "
sv_msg2:        .asciz  " primes below "
sv_msg3:        .asciz  ", sum "
sv_nomem:       .asciz  "sieve: sbrk failed\n"
