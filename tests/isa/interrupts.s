# interrupts.s - interrupt masking, wfi, and priority.
#
#  1. a pending timer line with STATUS.IE = 0 is visible in IPEND but
#     does not trap;
#  2. a pending line that IENABLE masks does not trap even with IE = 1;
#  3. wfi with IE = 0 wakes up when an enabled line is pending, without
#     trapping;
#  4. with two lines pending (timer = line 0, disk = line 2) the lower
#     line is taken first; after its handler acknowledges it, the other
#     one follows;
#  5. the interrupt's EPC is the instruction that had not run yet.
# No disk image is attached, so a disk READ completes at once with the
# NO_DISK error, which raises line 2 (when CTRL.IE is set).
        .include "testlib.inc"
        .equ    TIMER, 0xF0001000
        .equ    DISK,  0xF0002000

        .text
_start: la      t0, handler
        mtcr    tvec, t0
        li      s1, 0                   # handler log: causes, one byte each
        li      s2, 0                   # number of interrupts taken

        # 1. timer due now, line enabled, but IE = 0: no trap
        li      a0, TIMER
        sw      zero, 8(a0)             # CMP = 0: due at once
        sw      zero, 12(a0)
        li      t0, 1
        sw      t0, 0x10(a0)            # CTRL.EN
        mtcr    ienable, t0             # line 0 enabled
        nop
        nop
        mfcr    t1, ipend
        andi    t1, t1, 1
        CHECK   t1, 1, 1                # pending...
        CHECK   s2, 0, 2                # ...but not taken

        # 2. IE = 1 but line 0 masked in IENABLE: still no trap
        mtcr    ienable, zero
        li      t0, ST_IE
        mtcr    status, t0
        nop
        nop
        CHECK   s2, 0, 3
        mtcr    status, zero

        # 3. wfi with IE = 0 wakes once an enabled line is pending
        li      t0, 1
        mtcr    ienable, t0
        wfi
        CHECK   s2, 0, 4

        # 4. timer (line 0) and disk (line 2) both pending: line 0 first
        li      a1, DISK
        li      t0, 1
        sw      t0, 0x18(a1)            # disk CTRL.IE
        sw      t0, 0x08(a1)            # COUNT = 1
        sw      t0, 0x0C(a1)            # READ: no disk -> done at once, error
        lw      t1, 0x10(a1)
        andi    t1, t1, 6
        CHECK   t1, 6, 5                # DONE | ERROR
        lw      t1, 0x14(a1)
        CHECK   t1, 5, 6                # NO_DISK
        mfcr    t1, ipend
        CHECK   t1, 5, 7                # lines 0 and 2
        li      t0, 5
        mtcr    ienable, t0
        li      t0, ST_IE
        mtcr    status, t0              # both become deliverable here
        nop                             # (taken before this nop)
        nop
        CHECK   s2, 2, 8
        CHECK   s1, 0x1012, 9           # first 0x10 (timer), then 0x12 (disk)
        mfcr    t1, ipend
        CHECK   t1, 0, 10               # both acknowledged
        PASS

# The handler appends CAUSE to s1 (a byte per interrupt), counts in s2,
# acknowledges the device and returns to the interrupted instruction.
handler:
        mfcr    t0, cause
        slli    s1, s1, 8
        or      s1, s1, t0
        addi    s2, s2, 1
        li      t1, 16
        bne     t0, t1, 1f
        li      t1, TIMER               # timer: disable it (lowers line 0)
        sw      zero, 0x10(t1)
        eret
1:      li      t1, DISK                # disk: acknowledge DONE (lowers line 2)
        li      t0, 2
        sw      t0, 0x10(t1)
        eret
