# hostile_pte.s - a guest kernel that points a PTE at a frame it does not
# own (guest-physical 0x02000000, past its 16 MiB: on the real machine that
# is where the NEXT guest's memory lies) and writes through it.  Bare, the
# write is a BUS_ERROR (no RAM there); under the monitor it must be the
# same BUS_ERROR, reflected to this guest, and no other guest may change.
# The handler exits with CAUSE: expected exit status 9 (BUS_ERROR).
        .equ    ROOT, 0x100000
        .equ    L2,   0x101000
        .text
_start: la      t0, handler
        mtcr    tvec, t0
        li      t0, L2                  # identity map 0..4 MiB, kernel R W X
        li      t1, 0
        li      t2, 1024
1:      slli    t3, t1, 12
        ori     t3, t3, 0xF
        sw      t3, 0(t0)
        addi    t0, t0, 4
        addi    t1, t1, 1
        bne     t1, t2, 1b
        li      t0, ROOT
        li      t1, L2 | 1
        sw      t1, 0(t0)
        li      t1, L2 + 0x1000 | 1     # L1[1] -> a second table at L2+4K
        sw      t1, 4(t0)
        li      t0, L2 + 0x1000
        li      t1, 0x02000000 | 0x7    # VA 0x400000 -> "someone else's" frame
        sw      t1, 0(t0)
        li      t0, ROOT
        mtcr    ptbr, t0
        li      t0, 0x10
        mtcr    status, t0
        li      t0, 0x400000
        li      t1, 0xBAD
        sw      t1, 0(t0)               # must trap: BUS_ERROR
        li      t1, 0xF0003000 >> 12    # not reached
        j       .
handler:
        mfcr    a0, cause
        li      t0, 0x3C0 * 4           # map the power device to report
        li      t1, 0x102000 | 1
        li      t2, ROOT
        add     t0, t0, t2
        sw      t1, 0(t0)
        li      t0, 0x102000 + 12
        li      t1, 0xF0003000 | 7
        sw      t1, 0(t0)
        li      t0, 0xF0003000
        sw      a0, 0(t0)               # EXIT = cause
