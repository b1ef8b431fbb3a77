# free.s - how much physical memory is free: the freepages() system call.
#
#   $ free
#   free: 4060 pages (16240 KiB)
        .include "crt0.inc"
        .include "lib.inc"

main:
        ENTER
        call    freepages
        mv      s1, a0
        la      a0, fr_msg1
        call    puts
        mv      a0, s1
        call    putdec
        la      a0, fr_msg2
        call    puts
        slli    a0, s1, 2               # 4 KiB a page
        call    putdec
        la      a0, fr_msg3
        call    puts
        li      a0, 0
        LEAVE

        .data
fr_msg1:        .asciz  "free: "
fr_msg2:        .asciz  " pages ("
fr_msg3:        .asciz  " KiB)\n"
