# proc.s - processes: the process table, creating (fork) and ending (exit,
# wait) them, sleeping and waking, and the scheduler.
#
# A process is an entry of proctab (layout in defs.inc, P_*):
#
#   state   its place in this life cycle:
#
#     UNUSED --alloc--> EMBRYO --fork--> RUNNABLE <-----------wakeup-----.
#       ^                                  |   ^                         |
#       |                        scheduler |   | yield, or the timer     |
#       |                                  v   |                         |
#       |                                 RUNNING --------sleep----> SLEEPING
#       |                                    |
#       '---wait, by the parent--- ZOMBIE <--' exit
#
#   pid, parent, name
#   pgdir   its page table (vm.s): all of RAM for the kernel, and its own
#           user pages from 0x40000000
#   kstack  one page of kernel stack; the top TF_SIZE bytes are its trap
#           frame (tf), where the trap vector saves its user registers
#   ctx     where swtch put its kernel registers when it last gave up the CPU
#
# Every process has two lives: in user mode it runs its program; in kernel
# mode (after a trap) it runs the kernel's code on its own kernel stack.
# Switching processes always happens in kernel mode, between kernel stacks:
#
#     process A (in the kernel)         scheduler (boot stack)
#       sched() --- swtch(A->ctx) ---->   ...picks B...
#                                       swtch(B->ctx) ---> B returns from its
#                                                          own sched()
#
# So a process that yields, sleeps or exits calls sched(), and sched()
# returns (much later) when the scheduler picks it again.  The scheduler is
# a loop on the boot stack that runs the RUNNABLE processes in table order,
# round-robin; with none runnable it waits for an interrupt.  Preemption is
# the timer's interrupt calling proc_yield (trap.s).
#
# Sleep and wakeup: a process waits for an event by sleeping on a
# "channel", any address that names the event (the console buffer, the
# tick counter, its own proc entry for wait).  wakeup(chan) makes every
# process sleeping on chan runnable; each rechecks its condition in a loop.
# No locks: the kernel runs with interrupts off, so nothing can slip in
# between the check and the sleep.

        .text

# proc_alloc() -> a0 = a new EMBRYO process with a pid, a kernel stack and
# its trap frame, or 0 if the table or memory is full.
proc_alloc:
        ENTER
        la      s1, proctab
        la      t1, proctab_end
1:      lw      t0, P_STATE(s1)
        beqz    t0, 2f                  # P_UNUSED: ours
        addi    s1, s1, P_SIZE
        bltu    s1, t1, 1b
        li      a0, 0                   # the table is full
        LEAVE
2:      call    kalloc                  # the kernel stack
        beqz    a0, 3f
        sw      a0, P_KSTACK(s1)
        addi    t0, a0, KSTACK_SIZE - TF_SIZE
        sw      t0, P_TF(s1)            # the trap frame sits at the top
        sw      t0, P_CTX + CTX_SP(s1)  # and the kernel stack grows below it
        li      t0, P_EMBRYO
        sw      t0, P_STATE(s1)
        la      t0, nextpid
        lw      t1, 0(t0)
        sw      t1, P_PID(s1)
        addi    t1, t1, 1
        sw      t1, 0(t0)
        mv      a0, s1
        LEAVE
3:      li      a0, 0                   # out of memory
        LEAVE

# proc_free(a0 = process): give back everything it owns (its address space
# and kernel stack) and mark the slot UNUSED.  The process must not be the
# one running.
proc_free:
        ENTER
        mv      s1, a0
        lw      a0, P_PGDIR(s1)
        beqz    a0, 1f
        call    uvm_free
1:      lw      a0, P_KSTACK(s1)
        beqz    a0, 2f
        call    kfree
2:      mv      a0, s1                  # every field 0: state = P_UNUSED
        li      a1, 0
        li      a2, P_SIZE
        call    memset
        LEAVE

# proc_userinit(): create process 1.  It starts its life in the kernel, in
# init_main, because its first job (reading the disk) needs a process that
# can sleep.
proc_userinit:
        ENTER
        call    proc_alloc
        beqz    a0, 1f
        mv      s1, a0
        call    uvm_create              # an address space with no user pages yet
        beqz    a0, 1f
        sw      a0, P_PGDIR(s1)
        la      t0, init_main
        sw      t0, P_CTX + CTX_RA(s1)  # its first swtch "returns" to init_main
        addi    a0, s1, P_NAME
        la      a1, init_name
        li      a2, PROC_NAME_LEN
        call    strlcpy
        la      t0, initproc
        sw      s1, 0(t0)
        li      t0, P_RUNNABLE
        sw      t0, P_STATE(s1)
        LEAVE
1:      la      a0, proc_msg_noinit
        call    panic

# init_main: process 1, in kernel mode, on its own kernel stack.  Mount the
# disk, exec the shell, then leave for user mode through trapret as if
# returning from a system call.
init_main:
        call    fs_mount                # halts if the disk is unusable
        la      a0, init_sh
        la      a1, init_argv
        call    exec                    # fills our trap frame
        bltz    a0, 1f
        la      t0, curproc
        lw      t0, 0(t0)
        lw      sp, P_TF(t0)
        j       trapret                 # to user mode: the shell's _start
1:      la      a0, proc_msg_nosh
        call    kputs
        li      a0, 1
        call    poweroff

# scheduler(): the loop that runs processes, forever, on the boot stack.
# Each pass walks the table in order and runs every RUNNABLE process until
# it gives the CPU back; a pass that found nothing to run waits for an
# interrupt (which may wake someone) and tries again.
scheduler:
        ENTER
sched_pass:
        li      s2, 0                   # s2 = ran someone in this pass
        la      s1, proctab
sched_next:
        lw      t0, P_STATE(s1)
        li      t1, P_RUNNABLE
        bne     t0, t1, 1f
        li      t0, P_RUNNING           # run s1
        sw      t0, P_STATE(s1)
        la      t0, curproc
        sw      s1, 0(t0)
        lw      t0, P_PGDIR(s1)
        mtcr    ptbr, t0                # its address space (flushes the TLB)
        lw      t0, P_TF(s1)
        mtcr    scratch, t0             # where its next trap saves registers
        la      a0, sched_ctx
        addi    a1, s1, P_CTX
        call    swtch                   # ...it runs, until it calls sched()
        la      t0, kernel_pgdir        # back on the kernel's own page table,
        lw      t0, 0(t0)               # so no freed table stays in use
        mtcr    ptbr, t0
        la      t0, curproc
        sw      zero, 0(t0)
        li      s2, 1
1:      addi    s1, s1, P_SIZE
        la      t0, proctab_end
        bltu    s1, t0, sched_next
        bnez    s2, sched_pass
        # Nobody is runnable: wait for an interrupt.  With IE = 0, wfi just
        # waits until a line is pending (at once if one already is); then we
        # open the window for one instruction and the interrupt is taken
        # there.  The other order, enable then wfi, has a hole: an interrupt
        # taken between the two could wake a process, and wfi would still
        # sleep until the next interrupt with that process ready to run.
        wfi
        mfcr    t0, status
        ori     t0, t0, STATUS_IE
        mtcr    status, t0              # the interrupt is taken here...
        xori    t0, t0, STATUS_IE
        mtcr    status, t0              # ...and the window closes again
        j       sched_pass

# sched(): give the CPU back to the scheduler.  The caller has already set
# curproc's state to what it should be (RUNNABLE, SLEEPING, ZOMBIE).
# Returns when the scheduler runs this process again.
sched:
        ENTER
        la      t0, curproc
        lw      a0, 0(t0)
        addi    a0, a0, P_CTX
        la      a1, sched_ctx
        call    swtch
        LEAVE

# proc_yield(): let the others run (the end of a time slice, or SYS_YIELD).
proc_yield:
        ENTER
        la      t0, curproc
        lw      t0, 0(t0)
        li      t1, P_RUNNABLE
        sw      t1, P_STATE(t0)
        call    sched
        LEAVE

# proc_sleep(a0 = channel): wait until someone calls proc_wakeup(channel).
# The caller rechecks its condition afterwards: a wakeup says "something
# happened", not "your condition holds".
proc_sleep:
        ENTER
        la      t0, curproc
        lw      s1, 0(t0)
        sw      a0, P_CHAN(s1)
        li      t0, P_SLEEPING
        sw      t0, P_STATE(s1)
        call    sched
        sw      zero, P_CHAN(s1)
        LEAVE

# proc_wakeup(a0 = channel): make every process sleeping on it runnable.
proc_wakeup:
        la      t0, proctab
        la      t3, proctab_end
1:      lw      t1, P_STATE(t0)
        li      t2, P_SLEEPING
        bne     t1, t2, 2f
        lw      t1, P_CHAN(t0)
        bne     t1, a0, 2f
        li      t2, P_RUNNABLE
        sw      t2, P_STATE(t0)
2:      addi    t0, t0, P_SIZE
        bltu    t0, t3, 1b
        ret

# proc_fork() -> a0 = the child's pid, or -1.  The child is a copy of the
# current process: the same user memory (copied page by page), the same
# registers (its trap frame is a copy), except that its fork returns 0.
proc_fork:
        ENTER
        la      t0, curproc
        lw      s1, 0(t0)               # s1 = parent
        call    proc_alloc
        beqz    a0, 9f
        mv      s2, a0                  # s2 = child
        call    uvm_create
        beqz    a0, 8f
        sw      a0, P_PGDIR(s2)
        mv      a1, a0
        lw      a0, P_PGDIR(s1)
        call    uvm_copy                # copy every user page
        bnez    a0, 8f
        lw      t0, P_BRK(s1)
        sw      t0, P_BRK(s2)
        lw      t0, P_HEAP0(s1)
        sw      t0, P_HEAP0(s2)
        lw      a0, P_TF(s2)            # the same registers...
        lw      a1, P_TF(s1)
        li      a2, TF_SIZE
        call    memcpy
        lw      t0, P_TF(s2)
        sw      zero, TF_A0(t0)         # ...but fork returns 0 in the child
        addi    a0, s2, P_NAME
        addi    a1, s1, P_NAME
        li      a2, PROC_NAME_LEN
        call    memcpy
        sw      s1, P_PARENT(s2)
        la      t0, trapret             # its first run: straight to user mode
        sw      t0, P_CTX + CTX_RA(s2)
        li      t0, P_RUNNABLE
        sw      t0, P_STATE(s2)
        lw      a0, P_PID(s2)
        LEAVE
8:      mv      a0, s2                  # out of memory: undo
        call    proc_free
9:      li      a0, -1
        LEAVE

# proc_exit(a0 = status): end the current process.  Its memory goes back
# at once (after moving to the kernel's own page table: one cannot free the
# table one is using).  Its children go to process 1.  It becomes a ZOMBIE
# holding its exit status until its parent collects it with wait, which
# also frees its kernel stack (we are running on it here).  Does not
# return.  If process 1 itself exits, the machine stops with its status.
proc_exit:
        ENTER
        mv      s2, a0                  # s2 = status
        la      t0, curproc
        lw      s1, 0(t0)               # s1 = the exiting process
        la      t0, initproc
        lw      s3, 0(t0)               # s3 = process 1
        bne     s1, s3, 1f
        la      a0, proc_msg_initexit
        call    kputs
        mv      a0, s2
        call    kputdec
        li      a0, '\n'
        call    kputc
        mv      a0, s2
        call    poweroff
1:      la      t0, kernel_pgdir        # free the address space
        lw      t0, 0(t0)
        mtcr    ptbr, t0
        lw      a0, P_PGDIR(s1)
        sw      zero, P_PGDIR(s1)
        call    uvm_free
        la      s4, proctab             # give our children to process 1
2:      lw      t0, P_PARENT(s4)
        bne     t0, s1, 3f
        sw      s3, P_PARENT(s4)
        lw      t0, P_STATE(s4)
        li      t1, P_ZOMBIE
        bne     t0, t1, 3f
        mv      a0, s3                  # a zombie already: tell process 1
        call    proc_wakeup
3:      addi    s4, s4, P_SIZE
        la      t0, proctab_end
        bltu    s4, t0, 2b
        sw      s2, P_XSTATUS(s1)
        li      t0, P_ZOMBIE
        sw      t0, P_STATE(s1)
        lw      a0, P_PARENT(s1)        # the parent may be sleeping in wait
        call    proc_wakeup
        call    sched                   # never to return
        la      a0, proc_msg_zombie
        call    panic

# proc_wait(a0 = user address for the status, or 0) -> a0 = the pid of a
# child that exited (its status stored at a0), or -1 if there is no child.
# Sleeps (on its own proc entry) until a child exits.
proc_wait:
        ENTER
        addi    sp, sp, -4              # 0(sp): the status, for copyout
        mv      s2, a0                  # s2 = where the status goes
        la      t0, curproc
        lw      s1, 0(t0)               # s1 = us
1:      li      s4, 0                   # s4 = have children
        la      s3, proctab
2:      lw      t0, P_PARENT(s3)
        bne     t0, s1, 3f
        li      s4, 1
        lw      t0, P_STATE(s3)
        li      t1, P_ZOMBIE
        beq     t0, t1, 4f
3:      addi    s3, s3, P_SIZE
        la      t0, proctab_end
        bltu    s3, t0, 2b
        beqz    s4, 6f                  # no children: nothing to wait for
        mv      a0, s1                  # wait for proc_exit's wakeup
        call    proc_sleep
        j       1b
4:      lw      t0, P_XSTATUS(s3)       # found one
        sw      t0, 0(sp)
        lw      s4, P_PID(s3)
        mv      a0, s3
        call    proc_free
        beqz    s2, 5f
        lw      a0, P_PGDIR(s1)
        mv      a1, s2
        mv      a2, sp
        li      a3, 4
        call    copyout
        bnez    a0, 6f
5:      mv      a0, s4
        LEAVE
6:      li      a0, -1
        LEAVE

        .data
init_name:      .asciz  "init"
init_sh:        .asciz  "sh"
proc_msg_noinit:  .asciz "cannot create process 1"
proc_msg_nosh:    .asciz "toyos: cannot run sh: no such program on the disk\n"
proc_msg_initexit: .asciz "toyos: process 1 exited with status "
proc_msg_zombie:  .asciz "a zombie ran"
        .align  2
init_argv:      .word   init_sh, 0
nextpid:        .word   1
curproc:        .word   0               # the process on the CPU (0: the scheduler)
initproc:       .word   0               # process 1

        .bss
        .align  2
sched_ctx:      .space  CTX_SIZE        # the scheduler's context, for swtch
proctab:        .space  NPROC * P_SIZE
proctab_end:
