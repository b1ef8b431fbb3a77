# mmu.s - translation and the TLB (SPEC.md section 6): a mapping to another
# frame, A and D bits, a read-only page, invalid and malformed entries, a
# table outside RAM, BUS_ERROR behind a valid leaf, a fetch fault, stale
# TLB entries until tlbi / tlbia / a PTBR write, U in user mode, and paging
# off again.  (paging.s tests every R W X U combination.)
#
# Physical layout: everything this program uses is identity-mapped (VA =
# PA) with V R W X U, so the kernel keeps running when paging goes on (the
# kernel may use U pages) and user mode can run the same code.  The power
# and console pages are identity-mapped without U.  Test mappings:
#   VA 0x00800000 (L1[2] -> l2b):  +0x0000 pgA  V R W        (no X, no U)
#                                  +0x1000 pgB  V R          (read-only)
#                                  +0x2000 (invalid)
#                                  +0x3000 pgB  V only       (malformed leaf)
#                                  +0x4000 0x20000000 V R W  (no RAM there)
#   VA 0x00C00000: L1[3] = pgB V R  (a leaf in L1: malformed)
#   VA 0x01400000: L1[5] -> 0x30000000 (a table outside RAM)
#   VA 0x01C00000: L1[7] = 0 (invalid)
#
# Handler: s1 = CAUSE, s2 = EPC, s3 = BADVADDR; returns to s4 if nonzero
# (fetch faults), else to EPC + 4; a SYSCALL goes to kernel_back.
        .include "testlib.inc"
        .equ  PTE_V, 1
        .equ  PTE_R, 2
        .equ  PTE_W, 4
        .equ  PTE_X, 8
        .equ  PTE_U, 16
        .equ  PTE_A, 32
        .equ  PTE_D, 64
        .equ  VA_TEST, 0x00800000

        .text
        .global _start
_start:
        la    t0, handler
        mtcr  tvec, t0
        li    s4, 0

        # ---- identity map [0x1000, image_end) with V R W X U in l2id
        la    t0, l2id
        li    t1, 0x1000
        la    t2, image_end
1:      ori   a0, t1, PTE_V | PTE_R | PTE_W | PTE_X | PTE_U
        srli  a1, t1, 10            # (page number) * 4
        add   a1, a1, t0
        sw    a0, 0(a1)
        addi  t1, t1, 0x1000
        bltu  t1, t2, 1b

        # ---- the L1 table
        la    s1, l1
        ori   a0, t0, PTE_V                     # L1[0] -> l2id
        sw    a0, 0(s1)
        la    t0, l2b
        ori   a0, t0, PTE_V                     # L1[2] -> l2b
        sw    a0, 8(s1)
        la    t1, pgB
        ori   a0, t1, PTE_V | PTE_R             # L1[3]: a leaf at L1
        sw    a0, 12(s1)
        li    a0, 0x30000000 | PTE_V            # L1[5] -> outside RAM
        sw    a0, 20(s1)
        la    t2, l2dev
        ori   a0, t2, PTE_V                     # L1[0x3C0] -> l2dev
        sw    a0, 0xF00(s1)
        # ---- devices (no U)
        li    a0, 0xF0000000 | PTE_V | PTE_R | PTE_W
        sw    a0, 0(t2)                         # console
        li    a0, 0xF0003000 | PTE_V | PTE_R | PTE_W
        sw    a0, 12(t2)                        # power
        # ---- test mappings in l2b
        la    s2, pgA
        ori   a0, s2, PTE_V | PTE_R | PTE_W
        sw    a0, 0(t0)
        ori   a0, t1, PTE_V | PTE_R
        sw    a0, 4(t0)
        ori   a0, t1, PTE_V
        sw    a0, 12(t0)
        li    a0, 0x20000000 | PTE_V | PTE_R | PTE_W
        sw    a0, 16(t0)
        # ---- known contents: pgA[0] = 0xAAAA0000, pgB[0] = 0xBBBB0000
        li    a0, 0xAAAA0000
        sw    a0, 0(s2)
        li    a0, 0xBBBB0000
        sw    a0, 0(t1)

        # ---- paging on
        mtcr  ptbr, s1
        li    a0, ST_PG
        mtcr  status, a0
        li    s1, 0
        CHECK s1, 0, 1              # still running: the identity map works
        mfcr  a0, ptbr
        CHECK a0, l1, 2

        # ---- translation through l2b; A on a load, D on a store
        li    s3, VA_TEST
        lw    a0, 0(s3)
        CHECK a0, 0xAAAA0000, 3
        la    t0, l2b
        lw    a1, 0(t0)
        andi  a1, a1, PTE_A | PTE_D
        CHECK a1, PTE_A, 4          # accessed, not dirty
        li    a0, 0x12345678
        sw    a0, 4(s3)
        la    t1, pgA
        lw    a2, 4(t1)             # the same word through the identity map
        CHECK a2, 0x12345678, 5
        lw    a1, 0(t0)
        andi  a1, a1, PTE_A | PTE_D
        CHECK a1, PTE_A | PTE_D, 6  # now dirty too

        # ---- read-only page: loads work, stores fault and change nothing
        li    a0, VA_TEST + 0x1000
        lw    a1, 0(a0)
        CHECK a1, 0xBBBB0000, 10
        li    a2, -1
        li    s1, 0
p_st:   sw    a2, 4(a0)
        CHECK s1, CAUSE_STORE_FAULT, 11
        CHECK s2, p_st, 12
        CHECK s3, VA_TEST + 0x1004, 13
        la    t1, pgB
        lw    a1, 4(t1)
        CHECK a1, 0, 14
        lw    a1, 4(t0)             # the PTE of the read-only page: no D
        andi  a1, a1, PTE_D
        CHECK a1, 0, 15

        # ---- invalid and malformed entries
        li    a1, 0x5A5A
        li    a0, VA_TEST + 0x2000  # V = 0 in L2
        li    s1, 0
        lw    a1, 8(a0)
        CHECK s1, CAUSE_LOAD_FAULT, 20
        CHECK s3, VA_TEST + 0x2008, 21
        CHECK a1, 0x5A5A, 22
        li    a0, 0x01C00000        # V = 0 in L1
        li    s1, 0
        lw    a1, 0(a0)
        CHECK s1, CAUSE_LOAD_FAULT, 23
        CHECK s3, 0x01C00000, 24
        li    a0, 0x00C00000        # a leaf at L1
        li    s1, 0
        lw    a1, 0(a0)
        CHECK s1, CAUSE_LOAD_FAULT, 25
        li    a0, VA_TEST + 0x3000  # V=1, R=W=X=0 at the last level
        li    s1, 0
        sw    a1, 0(a0)
        CHECK s1, CAUSE_STORE_FAULT, 26
        li    a0, 0x01400000        # L2 table outside RAM
        li    s1, 0
        lw    a1, 0(a0)
        CHECK s1, CAUSE_LOAD_FAULT, 27
        CHECK a1, 0x5A5A, 28
        # a valid leaf with no memory behind it: BUS_ERROR, virtual BADVADDR
        li    a0, VA_TEST + 0x4000
        li    s1, 0
        lw    a1, 0(a0)
        CHECK s1, CAUSE_BUS_ERROR, 29
        CHECK s3, VA_TEST + 0x4000, 30

        # ---- no X: fetch fault, EPC = BADVADDR = the target
        la    s4, 2f
        li    a0, VA_TEST
        li    s1, 0
        jr    a0
        FAIL  31
2:      CHECK s1, CAUSE_FETCH_FAULT, 32
        CHECK s2, VA_TEST, 33
        CHECK s3, VA_TEST, 34

        # ---- stale TLB entries stay until tlbi / tlbia
        tlbia
        li    s3, VA_TEST
        lw    a0, 0(s3)             # fills the TLB: pgA
        CHECK a0, 0xAAAA0000, 40
        la    t0, l2b
        la    t1, pgB
        ori   a1, t1, PTE_V | PTE_R | PTE_W
        sw    a1, 0(t0)             # remap VA_TEST to pgB ...
        lw    a0, 0(s3)
        CHECK a0, 0xAAAA0000, 41    # ... but the TLB still says pgA
        tlbi  s3
        lw    a0, 0(s3)
        CHECK a0, 0xBBBB0000, 42    # after tlbi: pgB
        la    t1, pgA
        ori   a1, t1, PTE_V | PTE_R | PTE_W
        sw    a1, 0(t0)             # back to pgA
        lw    a0, 0(s3)
        CHECK a0, 0xBBBB0000, 43    # stale again
        tlbia
        lw    a0, 0(s3)
        CHECK a0, 0xAAAA0000, 44    # after tlbia: pgA
        # writing PTBR empties the TLB too
        sw    zero, 0(t0)           # unmap VA_TEST
        la    a1, l1
        mtcr  ptbr, a1
        li    s1, 0
        lw    a0, 0(s3)
        CHECK s1, CAUSE_LOAD_FAULT, 45
        ori   a1, t1, PTE_V | PTE_R | PTE_W
        sw    a1, 0(t0)             # map it again (no TLB entry to drop)

        # ---- user mode: U is required
        li    a0, ST_PUM | ST_PG
        mtcr  status, a0
        la    a0, user
        mtcr  epc, a0
        eret
user:
        li    a0, VA_TEST           # pgA has no U
        li    s1, 0
        lw    a1, 0(a0)
        CHECK s1, CAUSE_LOAD_FAULT, 50
        la    a0, pgA               # the identity mapping has U
        lw    a1, 0(a0)
        CHECK a1, 0xAAAA0000, 51
        syscall
        FAIL  52
kernel_back:
        mfcr  a0, status
        CHECK a0, ST_PUM | ST_PG, 53  # PG survives the trap
        li    a0, VA_TEST
        lw    a1, 0(a0)             # the kernel may use non-U pages
        CHECK a1, 0xAAAA0000, 54

        # ---- paging off: VA = PA again (physical 0x00800000 is zeroed RAM)
        mtcr  status, zero
        li    a0, VA_TEST
        lw    a1, 0(a0)
        CHECK a1, 0, 60
        PASS

handler:
        mfcr  s1, cause
        mfcr  s2, epc
        mfcr  s3, badvaddr
        li    t3, CAUSE_SYSCALL
        beq   s1, t3, kernel_back
        beqz  s4, 1f
        mtcr  epc, s4
        li    s4, 0
        eret
1:      addi  t3, s2, 4
        mtcr  epc, t3
        eret

        .bss
        .align 12
l1:     .space 4096
l2id:   .space 4096
l2b:    .space 4096
l2dev:  .space 4096
pgA:    .space 4096
pgB:    .space 4096
image_end:
