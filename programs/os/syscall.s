# syscall.s - system calls: the table, the dispatcher, and the calls that
# are too small for a file of their own.
#
# The ABI (programs/user/syscalls.inc has the numbers): the call's number
# in t0, up to four arguments in a0..a3, the result in a0, negative for an
# error (toyos has one error value, -1).  The user's registers are in the
# trap frame; the dispatcher reads the number and arguments from there and
# writes the result back there, so trapret hands it to the program.
#
# A system call receives user addresses (a buffer to write, a name to
# exec).  The kernel never trusts them: it checks and translates them
# through the process's page table (vm.s: uvm_check, copyin, copyout), so a
# bad pointer makes the call fail with -1 and can never make the kernel
# fault or touch memory that is not the caller's.

        .text

# syscall(a0 = trap frame): run the system call the frame asks for.
syscall:
        ENTER
        mv      s1, a0
        lw      t0, TF_EPC(s1)          # return past the syscall instruction
        addi    t0, t0, 4               # (EPC points at it)
        sw      t0, TF_EPC(s1)
        lw      t0, TF_T0(s1)           # the number
        li      a0, -1
        beqz    t0, 1f
        li      t1, NSYSCALLS
        bgtu    t0, t1, 1f              # no such call: -1
        slli    t0, t0, 2
        la      t1, syscall_table
        add     t0, t0, t1
        lw      t0, 0(t0)
        lw      a0, TF_A0(s1)
        lw      a1, TF_A1(s1)
        lw      a2, TF_A2(s1)
        lw      a3, TF_A3(s1)
        jalr    t0                      # sys_NAME(a0, a1, a2, a3) -> a0
1:      sw      a0, TF_A0(s1)           # the result, for the user
        LEAVE

# sys_exit(status): does not return.
sys_exit:
        call    proc_exit

# sys_getpid() -> pid
sys_getpid:
        la      t0, curproc
        lw      t0, 0(t0)
        lw      a0, P_PID(t0)
        ret

# sys_yield() -> 0
sys_yield:
        ENTER
        call    proc_yield
        li      a0, 0
        LEAVE

# sys_fork() -> child's pid in the parent, 0 in the child, -1
sys_fork:
        j       proc_fork

# sys_wait(&status) -> pid of an exited child, -1 if none
sys_wait:
        j       proc_wait

# sys_freepages() -> the number of free physical pages
sys_freepages:
        la      t0, kalloc_nfree
        lw      a0, 0(t0)
        ret

# sys_halt(): stop the machine, exit status 0 (the shell's `exit`).
sys_halt:
        li      a0, 0
        call    poweroff

# sys_write(fd, buf, len) -> len, or -1
# fd 1 (output) and 2 (errors) both go to the console.  The whole buffer
# must be readable user memory, or nothing is written.
sys_write:
        ENTER
        mv      s1, a1                  # s1 = user address
        mv      s2, a2                  # s2 = bytes left
        addi    t0, a0, -1              # fd 1 or 2: fd - 1 <= 1 unsigned
        li      t1, 1
        bgtu    t0, t1, 9f
        bltz    s2, 9f
        la      t0, curproc
        lw      t0, 0(t0)
        lw      s3, P_PGDIR(t0)         # s3 = the page table
        mv      a0, s3
        mv      a1, s1
        mv      a2, s2
        li      a3, PTE_R
        call    uvm_check
        bnez    a0, 9f
        mv      s4, s2                  # the result: all of it
1:      beqz    s2, 2f                  # page by page: where is it in RAM?
        mv      a0, s3
        mv      a1, s1
        li      a2, PTE_R
        call    uva2pa
        andi    t0, s1, PAGE_MASK       # bytes to the end of this page
        li      t1, PAGE_SIZE
        sub     a1, t1, t0
        bleu    a1, s2, 3f
        mv      a1, s2
3:      add     s1, s1, a1
        sub     s2, s2, a1
        call    kputn                   # print a1 bytes from a0
        j       1b
2:      mv      a0, s4
        LEAVE
9:      li      a0, -1
        LEAVE

# sys_read(fd, buf, len) -> bytes read, 0 at the end of input, -1
# Only fd 0, the console (console.s does the work).
sys_read:
        bnez    a0, 1f
        mv      a0, a1
        mv      a1, a2
        j       console_read
1:      li      a0, -1
        ret

# sys_sbrk(increment) -> the old break, or -1
# The break is the end of the process's data: the program's image ends
# there right after exec, and sbrk moves it up (mapping new zeroed pages)
# or down (unmapping and freeing them), between the image and HEAP_LIMIT.
sys_sbrk:
        ENTER
        la      t0, curproc
        lw      s1, 0(t0)               # s1 = us
        lw      s2, P_BRK(s1)           # s2 = old break
        add     s3, s2, a0              # s3 = new break
        bltz    a0, 2f
        bltu    s3, s2, 9f              # growing: no wrap-around,
        li      t0, HEAP_LIMIT          # and not into the stack
        bgtu    s3, t0, 9f
        lw      a0, P_PGDIR(s1)
        addi    a1, s2, PAGE_MASK       # the pages from round_up(old)
        srli    a1, a1, PAGE_SHIFT
        slli    a1, a1, PAGE_SHIFT
        addi    a2, s3, PAGE_MASK       # to round_up(new)
        srli    a2, a2, PAGE_SHIFT
        slli    a2, a2, PAGE_SHIFT
        li      a3, PTE_U | PTE_R | PTE_W
        call    uvm_alloc
        bnez    a0, 9f
        j       3f
2:      bgtu    s3, s2, 9f              # shrinking: no wrap-around,
        lw      t0, P_HEAP0(s1)         # and not into the program
        bltu    s3, t0, 9f
        lw      a0, P_PGDIR(s1)
        addi    a1, s3, PAGE_MASK       # free the pages from round_up(new)
        srli    a1, a1, PAGE_SHIFT
        slli    a1, a1, PAGE_SHIFT
        addi    a2, s2, PAGE_MASK       # to round_up(old)
        srli    a2, a2, PAGE_SHIFT
        slli    a2, a2, PAGE_SHIFT
        call    uvm_dealloc
3:      sw      s3, P_BRK(s1)
        mv      a0, s2
        LEAVE
9:      li      a0, -1
        LEAVE

        .data
        .align  2
syscall_table:  # indexed by the number (syscalls.inc)
        .word   0
        .word   sys_exit        # 1
        .word   sys_write       # 2
        .word   sys_read        # 3
        .word   sys_getpid      # 4
        .word   sys_yield       # 5
        .word   sys_fork        # 6
        .word   sys_wait        # 7
        .word   sys_exec        # 8  (exec.s)
        .word   sys_sbrk        # 9
        .word   sys_sleep       # 10 (timer.s)
        .word   sys_listprogs   # 11 (fs.s)
        .word   sys_freepages   # 12
        .word   sys_halt        # 13
