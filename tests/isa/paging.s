# paging.s - every PTE permission combination, from kernel and user mode.
#
# For each of the 16 combinations of the R W X U bits (with V set) on one
# test page, and for each access (load, store, fetch) from each mode, the
# program predicts from SPEC.md's rules whether the access must fault:
#
#     fault = (user mode and not U) or (load and not R)
#             or (store and not W) or (fetch and not X)
#
# (R = W = X = 0 is a non-leaf at the last level: malformed, it faults for
# every access, which the rule above also says), performs the access, and
# checks the trap cause it saw.  Check number = combo*6 + mode*3 + access
# + 1, so a failing exit status names the case.  Then A/D bits (check 100+).
#
# Layout: identity map of 0..4 MiB, kernel-only, for this program; VA
# 0x400000 = the test page (PA 0x200000, whose first word is `ret` so that
# it can be fetched); VA 0x401000 = the user stubs (U R X).
        .include "testlib.inc"
        .equ    ROOT, 0x100000
        .equ    L2K,  0x101000          # VA 0..4 MiB, identity, kernel only
        .equ    L2T,  0x102000          # VA 4..8 MiB: the test and user pages
        .equ    L2IO, 0x103000          # VA 0xF0000000..: the power device
        .equ    TESTPA, 0x200000
        .equ    TESTVA, 0x400000
        .equ    USERVA, 0x401000
        .equ    PTE_V, 1
        .equ    PTE_R, 2
        .equ    PTE_W, 4
        .equ    PTE_X, 8
        .equ    PTE_U, 16
        .equ    PTE_A, 32
        .equ    PTE_D, 64

        .text
_start: la      t0, handler
        mtcr    tvec, t0
        # identity map 0..4 MiB: L2K[i] = i<<12 | X W R V
        li      t0, L2K
        li      t1, 0
        li      t2, 1024
1:      slli    t3, t1, 12
        ori     t3, t3, PTE_V | PTE_R | PTE_W | PTE_X
        sw      t3, 0(t0)
        addi    t0, t0, 4
        addi    t1, t1, 1
        bne     t1, t2, 1b
        li      t0, ROOT
        li      t1, L2K | PTE_V
        sw      t1, 0(t0)               # L1[0] -> L2K
        li      t1, L2T | PTE_V
        sw      t1, 4(t0)               # L1[1] -> L2T
        li      t1, L2IO | PTE_V
        sw      t1, 0x3C0 * 4(t0)       # L1[0x3C0] -> L2IO
        li      t0, L2IO
        li      t1, POWER_EXIT | PTE_V | PTE_R | PTE_W
        sw      t1, 3 * 4(t0)
        li      t0, L2T                 # L2T[1]: the user stubs, U R X
        la      t1, ustubs
        ori     t1, t1, PTE_V | PTE_R | PTE_X | PTE_U
        sw      t1, 4(t0)
        li      t0, TESTPA              # the test page starts with `ret`
        li      t1, 0x72010000          # jalr zero, 0(ra)
        sw      t1, 0(t0)
        li      t0, ROOT
        mtcr    ptbr, t0
        li      t0, ST_PG
        mtcr    status, t0              # paging on, kernel mode

        li      s3, 0                   # combo: bit0 R, bit1 W, bit2 X, bit3 U
combo:  li      a1, 0                   # mode: 0 kernel, 1 user
mode:   li      a2, 0                   # access: 0 load, 1 store, 2 fetch
access: slli    a0, s3, 1               # PTE bits R W X U are bits 1..4
        call    try                     # s1 = cause seen, 0 = none
        # predict: fault if (user && !U) || !(bits & need), need = R << access
        li      t0, 0                   # t0 = 1 if a fault is expected
        beqz    a1, 1f
        andi    t1, a0, PTE_U
        bnez    t1, 1f
        li      t0, 1
1:      li      t1, PTE_R
        sll     t1, t1, a2
        and     t1, t1, a0
        bnez    t1, 2f
        li      t0, 1
2:      li      t2, 0                   # expected cause
        beqz    t0, 3f
        li      t2, CAUSE_LOAD_FAULT
        beqz    a2, 3f
        li      t2, CAUSE_STORE_FAULT
        li      t1, 1
        beq     a2, t1, 3f
        li      t2, CAUSE_FETCH_FAULT
3:      beq     s1, t2, 4f
        li      t1, 6                   # failing check: combo*6 + mode*3 + access + 1
        mul     t3, s3, t1
        li      t1, 3
        mul     t1, a1, t1
        add     t3, t3, t1
        add     t3, t3, a2
        addi    t3, t3, 1
        j       __test_fail
4:      addi    a2, a2, 1
        li      t1, 3
        blt     a2, t1, access
        addi    a1, a1, 1
        li      t1, 2
        blt     a1, t1, mode
        addi    s3, s3, 1
        li      t1, 16
        blt     s3, t1, combo

        # A/D: a fresh R W page: a load sets A only, a store then sets D.
        li      t0, L2T
        li      t1, TESTPA | PTE_V | PTE_R | PTE_W
        sw      t1, 0(t0)
        li      t2, TESTVA
        tlbi    t2
        lw      t1, 0(t0)
        CHECK   t1, TESTPA | PTE_V | PTE_R | PTE_W, 100      # untouched so far
        lw      a3, 4(t2)                                    # load through VA
        lw      t1, 0(t0)
        CHECK   t1, TESTPA | PTE_V | PTE_R | PTE_W | PTE_A, 101
        sw      a3, 4(t2)                                    # store through VA
        lw      t1, 0(t0)
        CHECK   t1, TESTPA | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D, 102
        # a faulting access sets neither: a read-only page, store to it
        li      t1, TESTPA | PTE_V | PTE_R
        sw      t1, 0(t0)
        tlbi    t2
        li      s1, 0
        sw      a3, 4(t2)                                    # faults, skipped
        CHECK   s1, CAUSE_STORE_FAULT, 103
        li      t0, L2T                 # (the handler used t0)
        lw      t1, 0(t0)
        CHECK   t1, TESTPA | PTE_V | PTE_R, 104
        CHECK   s2, TESTVA + 4, 105                          # BADVADDR
        PASS

# try: map the test page with PTE bits a0 (+V), then access it with mode a1
# and access kind a2; returns s1 = the trap cause seen (0 = none).
try:    li      t0, L2T
        li      t1, TESTPA | PTE_V
        or      t1, t1, a0
        sw      t1, 0(t0)
        li      t0, TESTVA
        tlbi    t0                      # the PTE changed: drop the old entry
        li      s1, 0
        mv      fp, ra
        bnez    a1, 2f
        li      t1, 1                   # kernel mode: do it here
        beqz    a2, 1f
        beq     a2, t1, 3f
        jalr    ra, 0(t0)               # fetch: the page's `ret` comes back
        j       9f
1:      lw      t1, 4(t0)
        j       9f
3:      sw      t1, 4(t0)
        j       9f
2:      la      s4, 9f                  # user mode: run a stub, come back via s4
        slli    t1, a2, 4
        li      t0, USERVA
        add     t0, t0, t1
        mtcr    epc, t0
        li      t0, ST_PG | ST_PUM
        mtcr    status, t0
        eret
9:      mv      ra, fp
        ret

# The trap handler: s1 = CAUSE, s2 = BADVADDR.  A fault in kernel mode
# skips the access (a fetch fault returns to ra, after the jalr); anything
# from user mode (the stub's syscall, or a fault) returns to the kernel
# at s4, in kernel mode with paging on.
handler:
        mfcr    s1, cause
        mfcr    s2, badvaddr
        mfcr    t0, status
        andi    t0, t0, ST_PUM
        bnez    t0, 2f
        li      t1, CAUSE_FETCH_FAULT
        beq     s1, t1, 1f
        mfcr    t0, epc
        addi    t0, t0, 4
        mtcr    epc, t0
        eret
1:      mtcr    epc, ra
        eret
2:      li      t1, CAUSE_SYSCALL
        bne     s1, t1, 3f
        li      s1, 0                   # the stub got through: no fault
3:      mtcr    epc, s4
        li      t0, ST_PG
        mtcr    status, t0              # PUM = 0: eret returns to kernel mode
        eret

# User stubs, 16 bytes each, on their own page (mapped U R X at USERVA).
        .balign 4096
ustubs: lui     t0, TESTVA >> 16        # load
        lw      t1, 4(t0)
        syscall
        nop
        lui     t0, TESTVA >> 16        # store
        sw      t1, 4(t0)
        syscall
        nop
        lui     t0, TESTVA >> 16        # fetch: the test page's `ret`
        jalr    ra, 0(t0)
        syscall
        nop
