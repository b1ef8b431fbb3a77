# syscheck.s - the system calls' corner cases, checked from user mode.
#
# Each check makes one call with bad or borderline arguments and compares
# the result with what programs/os/README.md promises: mostly -1, and
# never a dead kernel.  Prints "syscheck: all N checks passed", or the
# number of the first check that failed (and exits with status 1).
        .include "crt0.inc"
        .include "lib.inc"

        .equ    KERNEL_ADDR,    0x1000          # the kernel's code: not ours
        .equ    USER_TOP,       0x80000000

# CHECK value: the last call must have returned `value` in a0.  s1 counts
# the checks.
        .macro  CHECK value
        addi    s1, s1, 1
        li      t0, \value
        beq     a0, t0, .Lok\@
        call    failed
.Lok\@:
        .endm

# SYS number: a raw system call.
        .macro  SYS number
        li      t0, \number
        syscall
        .endm

main:
        ENTER
        li      s1, 0

        # write: bad fd, bad buffers, odd lengths
        li      a0, 1
        li      a1, 0
        li      a2, 5
        call    write                   # 1: page 0 is the kernel's
        CHECK   -1
        li      a0, 1
        li      a1, KERNEL_ADDR
        li      a2, 4
        call    write                   # 2: the kernel's code
        CHECK   -1
        li      a0, 7
        la      a1, sc_dot
        li      a2, 1
        call    write                   # 3: no such fd
        CHECK   -1
        li      a0, 1
        la      a1, sc_dot
        li      a2, -1
        call    write                   # 4: negative length
        CHECK   -1
        li      a0, 1
        li      a1, USER_TOP - 2
        li      a2, 10
        call    write                   # 5: runs off the top of the stack
        CHECK   -1
        li      a0, 1
        la      a1, sc_dot
        li      a2, 0
        call    write                   # 6: nothing to write
        CHECK   0

        # read: bad fd, buffers that are not writable
        li      a0, 1
        la      a1, sc_buf
        li      a2, 1
        call    read                    # 7: fd 1 is not for reading
        CHECK   -1
        li      a0, 0
        la      a1, main
        li      a2, 1
        call    read                    # 8: our code is read-only
        CHECK   -1
        li      a0, 0
        li      a1, 0
        li      a2, 1
        call    read                    # 9: page 0
        CHECK   -1
        li      a0, 0
        la      a1, sc_buf
        li      a2, 0
        call    read                    # 10: nothing to read
        CHECK   0

        # wait with no children
        li      a0, 0
        call    wait                    # 11
        CHECK   -1

        # exec failures leave us running
        la      a0, sc_nosuch
        li      a1, 0
        call    exec                    # 12: no such program
        CHECK   -1
        li      a0, 0
        li      a1, 0
        call    exec                    # 13: the name is not ours to read
        CHECK   -1
        la      a0, sc_hello
        li      a1, KERNEL_ADDR
        call    exec                    # 14: argv is not ours to read
        CHECK   -1
        la      a0, sc_long
        li      a1, 0
        call    exec                    # 15: a name longer than any on disk
        CHECK   -1
        la      a0, sc_hello
        la      a1, sc_badargv
        call    exec                    # 16: argv[1] points into the kernel
        CHECK   -1
        la      a0, sc_hello
        la      a1, sc_manyargs
        call    exec                    # 17: 17 arguments, 16 at most
        CHECK   -1

        # sbrk: grow, use, shrink; the limits
        call    freepages
        mv      s2, a0                  # s2 = free pages now
        li      a0, 0
        call    sbrk
        mv      s3, a0                  # s3 = the break
        li      a0, 0
        call    sbrk                    # 18: sbrk(0) changes nothing
        addi    s1, s1, 1
        beq     a0, s3, 1f
        call    failed
1:      li      a0, 8192
        call    sbrk                    # 19: grow by two pages
        addi    s1, s1, 1
        beq     a0, s3, 1f
        call    failed
1:      addi    s1, s1, 1               # 20: the new memory is zeroed...
        mv      t1, s3
        li      t2, 8192
        add     t2, t2, s3
2:      lbu     t0, 0(t1)
        beqz    t0, 3f
        call    failed
3:      li      t0, 0x5A                # ...and writable
        sb      t0, 0(t1)
        addi    t1, t1, 1
        bne     t1, t2, 2b
        call    freepages               # 21: it took exactly two pages
        sub     t0, s2, a0
        addi    s1, s1, 1
        li      t1, 2
        beq     t0, t1, 1f
        call    failed
1:      li      a0, -8192
        call    sbrk                    # 22: shrink back
        li      t0, 8192
        add     t0, t0, s3
        addi    s1, s1, 1
        beq     a0, t0, 1f
        call    failed
1:      call    freepages               # 23: and the pages came back
        addi    s1, s1, 1
        beq     a0, s2, 1f
        call    failed
1:      li      a0, -1
        call    sbrk                    # 24: not below the program's end
        CHECK   -1
        li      a0, 0x7FFFFFFF
        call    sbrk                    # 25: not into the stack
        CHECK   -1

        # unknown system calls
        SYS     99                      # 26
        CHECK   -1
        SYS     0                       # 27
        CHECK   -1

        # every register but a0 survives a system call
        li      a1, 0x1111
        li      a2, 0x2222
        li      a3, 0x3333
        li      t1, 0x4444
        li      t2, 0x5555
        li      t3, 0x6666
        mv      s4, sp
        SYS     SYS_GETPID              # 28
        addi    s1, s1, 1
        li      t0, 0x1111
        bne     a1, t0, 1f
        li      t0, 0x2222
        bne     a2, t0, 1f
        li      t0, 0x3333
        bne     a3, t0, 1f
        li      t0, 0x4444
        bne     t1, t0, 1f
        li      t0, 0x5555
        bne     t2, t0, 1f
        li      t0, 0x6666
        bne     t3, t0, 1f
        beq     s4, sp, 2f
1:      call    failed
2:
        # fork, exit and wait pass the status along
        call    fork
        bnez    a0, 1f
        li      a0, 42                  # the child
        call    exit
1:      mv      s2, a0
        la      a0, sc_status
        call    wait                    # 29: it is that child...
        addi    s1, s1, 1
        beq     a0, s2, 1f
        call    failed
1:      la      t0, sc_status
        lw      a0, 0(t0)               # 30: ...with that status
        CHECK   42
        call    fork
        bnez    a0, 1f
        li      a0, 7                   # the child
        call    exit
1:      la      a0, main
        call    wait                    # 31: the status can't go to our code
        CHECK   -1
        li      a0, 0
        call    wait                    # 32: but the child was reaped anyway
        CHECK   -1

        # a child killed by a fault: status 128 + the cause (7, LOAD_FAULT)
        call    fork
        bnez    a0, 1f
        lw      t0, 0(zero)             # the child: a null pointer
1:      la      a0, sc_status
        call    wait
        la      t0, sc_status
        lw      a0, 0(t0)               # 33
        CHECK   128 + 7

        # after sbrk gives a page back, touching it faults: the kernel must
        # drop the page's translation from the TLB (tlbi), or the child's
        # second store would still land through the stale entry
        call    fork
        bnez    a0, 2f
        li      a0, 0                   # the child
        call    sbrk
        addi    s2, a0, 4095            # s2 = the first page above the break
        srli    s2, s2, 12
        slli    s2, s2, 12
        li      a0, 4096
        call    sbrk
        sw      s2, 0(s2)               # use it: its translation is cached
        li      a0, -4096
        call    sbrk
        sw      s2, 0(s2)               # gone: STORE_FAULT
        li      a0, 0
        call    exit
2:      la      a0, sc_status
        call    wait
        la      t0, sc_status
        lw      a0, 0(t0)               # 34
        CHECK   128 + 8

        # listprogs
        la      a0, sc_buf
        li      a1, 0
        call    listprogs               # 35: no room: nothing
        CHECK   0
        la      a0, sc_buf
        li      a1, 3
        call    listprogs               # 36: cut to fit
        CHECK   3
        li      a0, KERNEL_ADDR
        li      a1, 10
        call    listprogs               # 37: not our memory
        CHECK   -1

        # yield and sleep
        call    yield                   # 38
        CHECK   0
        li      a0, 0
        call    sleep                   # 39
        CHECK   0
        li      a0, -5
        call    sleep                   # 40
        CHECK   0
        li      a0, 2
        call    sleep                   # 41
        CHECK   0

        la      a0, sc_pass
        call    puts
        mv      a0, s1
        call    putdec
        la      a0, sc_pass2
        call    puts
        li      a0, 0
        LEAVE

# failed(): report check number s1 and exit with status 1.
failed:
        la      a0, sc_fail
        call    puts
        mv      a0, s1
        call    putdec
        la      a0, sc_fail2
        call    puts
        li      a0, 1
        call    exit

        .data
sc_dot:         .asciz  "."
sc_nosuch:      .asciz  "nosuchprogram"
sc_hello:       .asciz  "hello"
sc_long:        .asciz  "a_name_much_too_long_for_any_disk_entry"
sc_pass:        .asciz  "syscheck: all "
sc_pass2:       .asciz  " checks passed\n"
sc_fail:        .asciz  "syscheck: check "
sc_fail2:       .asciz  " failed\n"
        .align  2
sc_badargv:     .word   sc_hello, KERNEL_ADDR, 0
sc_manyargs:    .word   sc_hello, sc_hello, sc_hello, sc_hello, sc_hello, sc_hello
                .word   sc_hello, sc_hello, sc_hello, sc_hello, sc_hello, sc_hello
                .word   sc_hello, sc_hello, sc_hello, sc_hello, sc_hello, 0
sc_status:      .word   0
        .bss
sc_buf:         .space  64
