# upper.s - read lines from the console and print each in capitals, until
# an empty line or the end of input.  The console echoes what is read, so
# a session looks like
#
#   $ upper
#   Hello there
#   HELLO THERE
#
# read() blocks: while this program waits for a line, the kernel runs
# other processes (or idles); the console's interrupt wakes it.
        .include "crt0.inc"
        .include "lib.inc"

        .equ    LINE_MAX, 128

main:
        ENTER
1:      la      a0, up_line
        li      a1, LINE_MAX
        call    readline
        blez    a0, 4f                  # end of input or an empty line
        la      s1, up_line
2:      lbu     t0, 0(s1)               # capitalize in place
        beqz    t0, 3f
        addi    t1, t0, -'a'
        sltiu   t1, t1, 26
        beqz    t1, 5f
        addi    t0, t0, 'A' - 'a'
        sb      t0, 0(s1)
5:      addi    s1, s1, 1
        j       2b
3:      la      a0, up_line
        call    puts
        li      a0, '\n'
        call    putc
        j       1b
4:      li      a0, 0
        LEAVE

        .bss
up_line:        .space  LINE_MAX
