# timer.s - the clock tick.
#
# The timer compares the machine's cycle counter against CMP and raises
# interrupt line 0 when it gets there.  With PERIOD set, the device itself
# moves CMP on by PERIOD each time, so one setup gives a tick every
# TICK_CYCLES cycles forever: the kernel only acknowledges each one.
#
# What a tick does:
#   - counts: `ticks` is the kernel's clock, for sleep(n);
#   - preempts: if a user program was running, trap() makes it yield, so a
#     program that never makes a system call still shares the CPU.  That is
#     what "preemptive" means.
#
# TICK_CYCLES (defs.inc) is the time slice: 20000 cycles, about 10000
# instructions of a user program.

        .text

# timer_init(): first tick TICK_CYCLES from now, then every TICK_CYCLES.
timer_init:
        li      t0, TIMER
        li      t1, TICK_CYCLES
        sw      t1, TIMER_PERIOD(t0)
1:      lw      t2, TIMER_TIME_HI(t0)   # now, as a 64-bit value: the two
        lw      t1, TIMER_TIME_LO(t0)   # halves, read until HI is stable
        lw      t3, TIMER_TIME_HI(t0)
        bne     t2, t3, 1b
        li      t3, TICK_CYCLES         # CMP = now + TICK_CYCLES, with carry
        add     t3, t1, t3
        sltu    t1, t3, t1              # carry = the sum wrapped around
        add     t2, t2, t1
        sw      t2, TIMER_CMP_HI(t0)    # (the timer is off: no early firing
        sw      t3, TIMER_CMP_LO(t0)    # on a half-written compare value)
        li      t1, TIMER_CTRL_EN
        sw      t1, TIMER_CTRL(t0)
        mfcr    t0, ienable             # let line 0 interrupt us
        ori     t0, t0, 1 << IRQ_TIMER
        mtcr    ienable, t0
        ret

# timer_intr(): line 0 is up.  Acknowledge (which lowers it), count the
# tick, wake the sleepers.  trap() does the preempting.
timer_intr:
        ENTER
        li      t0, TIMER
        li      t1, TIMER_ST_PENDING
        sw      t1, TIMER_STATUS(t0)
        la      a0, ticks
        lw      t0, 0(a0)
        addi    t0, t0, 1
        sw      t0, 0(a0)
        call    proc_wakeup             # channel: &ticks
        LEAVE

# sys_sleep(n) -> 0: return after at least n ticks (n <= 0: at once).
sys_sleep:
        ENTER
        la      s1, ticks
        lw      s2, 0(s1)
        add     s2, s2, a0              # s2 = the tick to wake at
        blez    a0, 2f
1:      lw      t0, 0(s1)
        bgeu    t0, s2, 2f
        mv      a0, s1
        call    proc_sleep
        j       1b
2:      li      a0, 0
        LEAVE

        .data
        .align  2
ticks:  .word   0                       # timer interrupts since boot
