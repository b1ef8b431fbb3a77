# privileged.s - control registers in kernel mode; then user mode, entered
# with eret, where every privileged instruction traps with PRIV (before
# any check of its operands), and syscall returns to kernel mode.
        .include "testlib.inc"
        .text
        .global _start
_start:
        # ---- boot state
        mfcr  t0, status
        CHECK t0, 0, 1              # kernel mode, IE = PG = 0
        mfcr  t0, ienable
        CHECK t0, 0, 2
        CHECK sp, 0x01000000, 3     # top of the default 16 MiB RAM
        CHECK fp, 0, 4

        # ---- read/write registers keep what is written
        li    t0, 0x12345678
        mtcr  scratch, t0
        mfcr  t1, scratch
        CHECK t1, 0x12345678, 10
        li    t0, 0xCAFE0000
        mtcr  badvaddr, t0
        mfcr  t1, badvaddr
        CHECK t1, 0xCAFE0000, 11
        li    t0, 42
        mtcr  cause, t0
        mfcr  t1, cause
        CHECK t1, 42, 12
        li    t0, 0x5000
        mtcr  ptbr, t0              # paging stays off: PG = 0
        mfcr  t1, ptbr
        CHECK t1, 0x5000, 13
        mtcr  ptbr, zero
        # STATUS keeps bits 4:0 only
        li    t0, 0xFFFFFFE0
        mtcr  status, t0
        mfcr  t1, status
        CHECK t1, 0, 14
        li    t0, ST_PIE | ST_PUM
        mtcr  status, t0
        mfcr  t1, status
        CHECK t1, ST_PIE | ST_PUM, 15
        mtcr  status, zero

        # ---- the cycle counter: cycles completed before the mfcr
        mfcr  t0, cycle             # 2 cycles
        addi  t2, t2, 1             # 1
        addi  t2, t2, 1             # 1
        mfcr  t1, cycle             # reads t0 + 4
        sub   t1, t1, t0
        CHECK t1, 4, 16
        mfcr  t1, cycleh
        CHECK t1, 0, 17

        # ---- into user mode: STATUS.PUM = 1, EPC = user, eret
        la    t0, handler
        mtcr  tvec, t0
        li    t0, ST_PUM
        mtcr  status, t0
        la    t0, user
        mtcr  epc, t0
        li    s1, 0
        eret
        FAIL  19

user:
        CHECK s1, 0, 20             # eret itself did not trap
        li    a1, 0x5A5A
        li    s1, 0
u1:     mfcr  a1, status
        CHECK s1, CAUSE_PRIV, 21
        CHECK s2, u1, 22
        CHECK a1, 0x5A5A, 23        # rd not written
        CHECK s4, ST_PUM, 24        # in the handler: UM=0, PUM=1, IE=PIE=0
        li    s1, 0
u2:     mtcr  scratch, a1
        CHECK s1, CAUSE_PRIV, 25
        CHECK s2, u2, 26
        li    s1, 0
u3:     eret
        CHECK s1, CAUSE_PRIV, 27
        CHECK s2, u3, 28
        li    s1, 0
u4:     tlbi  a1
        CHECK s1, CAUSE_PRIV, 29
        CHECK s2, u4, 30
        li    s1, 0
u5:     tlbia
        CHECK s1, CAUSE_PRIV, 31
        CHECK s2, u5, 32
        li    s1, 0
u6:     wfi
        CHECK s1, CAUSE_PRIV, 33
        CHECK s2, u6, 34
        # the privilege check comes before the register number check
        li    s1, 0
        mfcr  a1, 99
        CHECK s1, CAUSE_PRIV, 35
        li    s1, 0
        mtcr  cycle, a1
        CHECK s1, CAUSE_PRIV, 36
        li    s1, 0
        mfcr  a1, cycle             # even reading the cycle counter
        CHECK s1, CAUSE_PRIV, 37
        # not an instruction at all: ILLEGAL in any mode
        li    s1, 0
        .word 0xF8000000            # hcall (reserved)
        CHECK s1, CAUSE_ILLEGAL, 38
        li    s1, 0
        .word 0xF3000001            # eret with a reserved bit
        CHECK s1, CAUSE_ILLEGAL, 39
        # unprivileged traps work as in kernel mode
        li    s1, 0
u7:     break
        CHECK s1, CAUSE_BREAK, 40
        CHECK s2, u7, 41
        # (if halt did not trap here, the run would end with exit 0 and
        # this program would wrongly pass: it is checked last)
        li    s1, 0
u8:     halt
        CHECK s1, CAUSE_PRIV, 42
        CHECK s2, u8, 43
        # back to the kernel
        li    s1, 0
u9:     syscall
        FAIL  44                    # the handler does not come back here

kernel_back:
        CHECK s1, CAUSE_SYSCALL, 50
        CHECK s2, u9, 51
        mfcr  t0, status            # works: kernel mode again
        CHECK t0, ST_PUM, 52        # UM=0, PUM=1 (came from user mode)
        mfcr  t0, scratch           # the user-mode mtcr did not change it
        CHECK t0, 0x12345678, 53
        PASS

# Record the trap; on SYSCALL go to kernel_back (staying in kernel mode),
# otherwise return past the trapping instruction (back to user mode).
handler:
        mfcr  s1, cause
        mfcr  s2, epc
        mfcr  s4, status
        li    s3, CAUSE_SYSCALL
        beq   s1, s3, kernel_back
        addi  s3, s2, 4
        mtcr  epc, s3
        eret
