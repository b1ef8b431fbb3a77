# hello.s - the smallest toyos program: one write system call.
        .include "crt0.inc"
        .include "lib.inc"

main:
        ENTER
        la      a0, hello_msg
        call    puts                    # write(1, msg, strlen(msg))
        li      a0, 0                   # main's result: the exit status
        LEAVE

        .data
hello_msg:      .asciz  "Hello, world!\n"
