# trap.s - the trap vector: every system call, fault and interrupt enters
# the kernel here.
#
# On a trap the machine saves only the pc (EPC), the cause (CAUSE,
# BADVADDR) and the mode and interrupt bits (STATUS.PUM, STATUS.PIE), then
# jumps to TVEC in kernel mode with interrupts off.  Every general
# register still holds the interrupted code's value, and the kernel may not
# lose any of them: a timer interrupt can stop a user program between any
# two instructions.  So the first job is to save all of them, into a trap
# frame (defs.inc, TF_*), and the last is to load them all back.
#
# Where does the frame go?
#   - Trap from user mode: the user's sp cannot be trusted (it may point
#     anywhere), so the frame goes to the top of the process's own kernel
#     stack.  The scheduler keeps that address in the SCRATCH register
#     while the process runs.  The kernel then runs on the kernel stack,
#     just below the frame.
#   - Trap from kernel mode: that happens only in the scheduler's idle
#     loop (interrupts are off everywhere else in the kernel) or when the
#     kernel itself faults.  The frame is pushed on the current stack.
#
# To do any of this the vector needs one free register, and it has none.
# It parks t0 in a fixed word of low memory (LOW_TRAP_T0), which it can
# address through register zero.  Only one trap is ever in this window at
# a time (interrupts are off), so one word is enough.
#
# Then trap() decides: a system call goes to syscall.s; an interrupt to its
# device's handler (and the timer's also ends the running process's time
# slice); a fault in user mode kills the process with a message; a fault in
# the kernel is a kernel bug: panic.

        .text
trap_vector:
        sw      t0, LOW_TRAP_T0(zero)   # free one register
        mfcr    t0, status
        andi    t0, t0, STATUS_PUM      # were we in user mode?
        beqz    t0, 1f
        mfcr    t0, scratch             # yes: this process's trap frame
        j       2f
1:      addi    t0, sp, -TF_SIZE        # no: push a frame on the kernel stack
2:      sw      sp, TF_SP(t0)           # the interrupted sp first...
        mv      sp, t0                  # ...then sp = the frame
        lw      t0, LOW_TRAP_T0(zero)
        sw      ra, TF_RA(sp)
        sw      fp, TF_FP(sp)
        sw      a0, TF_A0(sp)
        sw      a1, TF_A1(sp)
        sw      a2, TF_A2(sp)
        sw      a3, TF_A3(sp)
        sw      t0, TF_T0(sp)
        sw      t1, TF_T1(sp)
        sw      t2, TF_T2(sp)
        sw      t3, TF_T3(sp)
        sw      s1, TF_S1(sp)
        sw      s2, TF_S2(sp)
        sw      s3, TF_S3(sp)
        sw      s4, TF_S4(sp)
        mfcr    t0, epc
        sw      t0, TF_EPC(sp)
        mfcr    t0, status
        sw      t0, TF_STATUS(sp)
        mfcr    t0, cause
        sw      t0, TF_CAUSE(sp)
        mfcr    t0, badvaddr
        sw      t0, TF_BADVADDR(sp)
        mv      fp, zero                # a backtrace of the kernel ends here
        mv      a0, sp
        call    trap                    # trap(frame)
        # fall through

# trapret: return from a trap to whatever the frame at sp describes.  Also
# the way a new process first enters user mode: fork and exec prepare a
# frame, and the process's first context switch "returns" here.
trapret:
        lw      t0, TF_STATUS(sp)       # IE = 0 still; PUM, PIE as saved
        mtcr    status, t0
        lw      t0, TF_EPC(sp)
        mtcr    epc, t0
        lw      ra, TF_RA(sp)
        lw      fp, TF_FP(sp)
        lw      a0, TF_A0(sp)
        lw      a1, TF_A1(sp)
        lw      a2, TF_A2(sp)
        lw      a3, TF_A3(sp)
        lw      t0, TF_T0(sp)
        lw      t1, TF_T1(sp)
        lw      t2, TF_T2(sp)
        lw      t3, TF_T3(sp)
        lw      s1, TF_S1(sp)
        lw      s2, TF_S2(sp)
        lw      s3, TF_S3(sp)
        lw      s4, TF_S4(sp)
        lw      sp, TF_SP(sp)           # last: this was our frame pointer
        eret                            # pc = EPC, UM = PUM, IE = PIE

# trap(a0 = trap frame): what happened, and what to do about it.
trap:
        ENTER
        mv      s1, a0                  # s1 = the frame
        lw      s2, TF_CAUSE(s1)        # s2 = the cause
        lw      s3, TF_STATUS(s1)
        andi    s3, s3, STATUS_PUM      # s3 = nonzero if from user mode
        li      t0, CAUSE_IRQ_BASE
        bgeu    s2, t0, trap_irq        # an interrupt: from anywhere
        beqz    s3, trap_kernel_fault   # anything else from the kernel: a bug
        li      t0, CAUSE_SYSCALL
        bne     s2, t0, 1f
        mv      a0, s1                  # a system call
        call    syscall
        j       trap_done
1:      mv      a0, s1                  # a user program's fault: kill it
        call    trap_kill               # (does not return)

trap_irq:
        addi    s2, s2, -CAUSE_IRQ_BASE # s2 = the interrupt line
        li      t0, IRQ_TIMER
        bne     s2, t0, 1f
        call    timer_intr
        beqz    s3, trap_done           # idle loop: no one to preempt
        call    proc_yield              # end of the time slice: next, please
        j       trap_done
1:      li      t0, IRQ_CONSOLE
        bne     s2, t0, 2f
        call    console_intr
        j       trap_done
2:      li      t0, IRQ_DISK
        bne     s2, t0, 3f
        call    disk_intr
        j       trap_done
3:      la      a0, trap_msg_irq        # we never enable any other line
        call    panic

trap_done:
        LEAVE

# A trap in kernel mode that is not an interrupt: a bug in the kernel.
trap_kernel_fault:
        la      a0, trap_msg_kernel
        call    kputs
        mv      a0, s1
        call    trap_describe
        li      a0, '\n'
        call    kputc
        li      a0, 1
        call    poweroff

# trap_kill(a0 = trap frame): the current process faulted in user mode.
# Print
#       pid 3 (crash_load): killed: LOAD_FAULT at 0x00000000, pc 0x40000010
# and end it with exit status KILLED_BASE + cause.  Does not return.
trap_kill:
        ENTER
        mv      s1, a0
        la      t0, curproc
        lw      s2, 0(t0)
        la      a0, trap_msg_pid
        call    kputs
        lw      a0, P_PID(s2)
        call    kputdec
        la      a0, trap_msg_open
        call    kputs
        addi    a0, s2, P_NAME
        call    kputs
        la      a0, trap_msg_killed
        call    kputs
        mv      a0, s1
        call    trap_describe
        li      a0, '\n'
        call    kputc
        lw      a0, TF_CAUSE(s1)
        addi    a0, a0, KILLED_BASE
        call    proc_exit               # does not return

# trap_describe(a0 = trap frame): print "CAUSE at 0xBADVADDR, pc 0xEPC";
# the " at ..." part only for the causes that set BADVADDR.
trap_describe:
        ENTER
        mv      s1, a0
        lw      s2, TF_CAUSE(s1)
        li      t0, CAUSE_MAX
        bleu    s2, t0, 1f
        li      s2, 0                   # out of the table: "?"
1:      slli    t0, s2, 2
        la      t1, cause_names
        add     t0, t0, t1
        lw      a0, 0(t0)
        call    kputs
        li      t0, CAUSE_MISALIGNED    # 5..9 have a faulting address
        bltu    s2, t0, 2f
        la      a0, trap_msg_at
        call    kputs
        lw      a0, TF_BADVADDR(s1)
        call    kputhex
2:      la      a0, trap_msg_pc
        call    kputs
        lw      a0, TF_EPC(s1)
        call    kputhex
        LEAVE

        .data
trap_msg_irq:    .asciz "unexpected interrupt"
trap_msg_kernel: .asciz "toyos: panic: kernel trap: "
trap_msg_pid:    .asciz "pid "
trap_msg_open:   .asciz " ("
trap_msg_killed: .asciz "): killed: "
trap_msg_at:     .asciz " at "
trap_msg_pc:     .asciz ", pc "
cause_s0:        .asciz "?"
cause_s1:        .asciz "SYSCALL"
cause_s2:        .asciz "BREAK"
cause_s3:        .asciz "ILLEGAL"
cause_s4:        .asciz "PRIV"
cause_s5:        .asciz "MISALIGNED"
cause_s6:        .asciz "FETCH_FAULT"
cause_s7:        .asciz "LOAD_FAULT"
cause_s8:        .asciz "STORE_FAULT"
cause_s9:        .asciz "BUS_ERROR"
        .align  2
cause_names:    # indexed by the cause number (defs.inc CAUSE_*)
        .word   cause_s0, cause_s1, cause_s2, cause_s3, cause_s4
        .word   cause_s5, cause_s6, cause_s7, cause_s8, cause_s9
