# hostile_priv.s - every privileged instruction from the guest's user mode
# (each must be reflected as PRIV to the guest's own kernel, never reach
# the real machine), then kernel-mode ones that could hurt a careless
# monitor (PTBR at garbage, tlbia, halt).  Exit status 0 = all as expected.
        .text
_start: la      t0, handler
        mtcr    tvec, t0
        li      s1, 0                   # count of PRIV traps
        la      t0, user
        mtcr    epc, t0
        li      t0, 8                   # PUM: eret to user mode
        mtcr    status, t0
        eret
user:   mfcr    t0, status
        mtcr    status, zero
        eret
        tlbi    zero
        tlbia
        wfi
        halt
        syscall                         # back to the kernel
kernel: li      t0, 7
        bne     s1, t0, fail            # 7 privileged instructions trapped
        li      t0, 0xDEADB000
        mtcr    ptbr, t0                # garbage root: harmless while paging is off
        tlbia
        li      t0, 0xF0003000
        sw      zero, 0(t0)             # EXIT 0
fail:   li      t0, 0xF0003000
        li      t1, 1
        sw      t1, 0(t0)
handler:
        mfcr    t0, cause
        li      t1, 4                   # PRIV: count it, skip the instruction
        bne     t0, t1, 1f
        addi    s1, s1, 1
        mfcr    t0, epc
        addi    t0, t0, 4
        mtcr    epc, t0
        eret
1:      la      t0, kernel              # SYSCALL: continue in kernel mode
        mtcr    epc, t0
        mtcr    status, zero
        eret
