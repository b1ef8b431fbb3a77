# swtch.s - the context switch: put one kernel thread aside, pick another up.
#
# swtch(a0 = where to save the current context, a1 = the context to load)
#
# A "context" is the state of a kernel thread that a function call does not
# already save: the callee-saved registers sp, fp, s1..s4, and ra, the
# place to resume.  swtch saves ours into *a0 and loads *a1; its final
# `ret` then returns into the other thread, from ITS call to swtch.  The
# caller-saved registers need no saving: whoever called swtch expects to
# lose them, as with any call.
#
# That is the whole trick of multitasking.  The scheduler calls
# swtch(&sched_ctx, &p->ctx) and "returns" into process p; p calls
# swtch(&p->ctx, &sched_ctx) in sched() and "returns" into the scheduler.
# A brand-new process has a context made by hand: ra = trapret (fork) or
# init_main (process 1), sp = its kernel stack.
#
# It does not touch the page table: the kernel is mapped the same way in
# every address space, so the kernel stacks of all processes are reachable
# whichever table is loaded.  The scheduler switches PTBR itself.

        .text
swtch:
        sw      ra, CTX_RA(a0)
        sw      sp, CTX_SP(a0)
        sw      fp, CTX_FP(a0)
        sw      s1, CTX_S1(a0)
        sw      s2, CTX_S2(a0)
        sw      s3, CTX_S3(a0)
        sw      s4, CTX_S4(a0)
        lw      ra, CTX_RA(a1)
        lw      sp, CTX_SP(a1)
        lw      fp, CTX_FP(a1)
        lw      s1, CTX_S1(a1)
        lw      s2, CTX_S2(a1)
        lw      s3, CTX_S3(a1)
        lw      s4, CTX_S4(a1)
        ret                             # into the other thread
