# primes.s - the demo program: greets, then prints the primes below 100
# found with the sieve of Eratosthenes, then stops the machine with exit
# status 0.  Runs bare (kernel mode, no paging) on the simulator:
#
#     simmon run programs/demo/primes.s --stats
#
        .equ    CONSOLE_TX, 0xF0000000
        .equ    POWER_EXIT, 0xF0003000
        .equ    N, 100

        .text
_start: la      a0, hello
        call    puts

        # sieve[i] = 1 for every i: mark each candidate as prime
        la      s1, sieve
        li      t0, 2
1:      add     t1, s1, t0
        li      t2, 1
        sb      t2, 0(t1)
        addi    t0, t0, 1
        li      t2, N
        blt     t0, t2, 1b

        # for each p still marked, print it and strike its multiples
        li      s2, 2                   # p
next_p: add     t1, s1, s2
        lbu     t2, 0(t1)
        beqz    t2, 3f
        mv      a0, s2
        call    putnum
        li      a0, ' '
        call    putc
        add     t0, s2, s2              # strike 2p, 3p, ...
2:      li      t2, N
        bge     t0, t2, 3f
        add     t1, s1, t0
        sb      zero, 0(t1)
        add     t0, t0, s2
        j       2b
3:      addi    s2, s2, 1
        li      t2, N
        blt     s2, t2, next_p

        li      a0, '\n'
        call    putc
        li      t0, POWER_EXIT
        sw      zero, 0(t0)             # exit status 0: the machine stops

# putc(a0): send one byte to the console
putc:   li      t0, CONSOLE_TX
        sw      a0, 0(t0)
        ret

# puts(a0): print a NUL-terminated string
puts:   mv      t3, a0
        li      t0, CONSOLE_TX
1:      lbu     t1, 0(t3)
        beqz    t1, 2f
        sw      t1, 0(t0)
        addi    t3, t3, 1
        j       1b
2:      ret

# putnum(a0): print an unsigned number in decimal (digits pushed on the stack)
putnum: mv      t3, sp
        li      t2, 10
1:      remu    t1, a0, t2
        addi    t1, t1, '0'
        addi    sp, sp, -4
        sw      t1, 0(sp)
        divu    a0, a0, t2
        bnez    a0, 1b
        li      t0, CONSOLE_TX
2:      lw      t1, 0(sp)
        sw      t1, 0(t0)
        addi    sp, sp, 4
        bne     sp, t3, 2b
        ret

        .data
hello:  .asciz  "Hello from SM32! The primes below 100:\n"

        .bss
sieve:  .space  N
