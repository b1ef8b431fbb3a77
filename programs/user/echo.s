# echo.s - print the arguments, separated by spaces: how a program sees
# argc and argv (exec put them on its stack, crt0 passes them to main).
#
#   $ echo hello   world
#   hello world
        .include "crt0.inc"
        .include "lib.inc"

main:                                   # main(a0 = argc, a1 = argv)
        ENTER
        mv      s1, a0                  # s1 = argc
        addi    s2, a1, 4               # s2 = &argv[1]: skip the program's name
        li      s3, 1                   # s3 = i
1:      bge     s3, s1, 3f
        li      t0, 1
        beq     s3, t0, 2f
        li      a0, ' '
        call    putc
2:      lw      a0, 0(s2)
        call    puts
        addi    s2, s2, 4
        addi    s3, s3, 1
        j       1b
3:      li      a0, '\n'
        call    putc
        li      a0, 0
        LEAVE
