# leaky.s - the --isa=leaky variant: in user mode `mfcr rd, status` does
# not trap and returns the real STATUS (UM = 1).  Everything else privileged
# still traps.  (Under the default strict variant this program fails with 1.)
# simmon-args: --isa=leaky
        .include "testlib.inc"
        .text
        .global _start
_start:
        la    t0, handler
        mtcr  tvec, t0
        li    t0, ST_PUM
        mtcr  status, t0
        la    t0, user
        mtcr  epc, t0
        eret
user:
        li    s1, 0
        li    a1, 0
        mfcr  a1, status            # leaks: no trap
        CHECK s1, 0, 1
        CHECK a1, ST_UM | ST_PUM, 2
        li    s1, 0
        mfcr  a1, epc               # other registers still trap
        CHECK s1, CAUSE_PRIV, 3
        li    s1, 0
        mtcr  status, zero          # and so does writing STATUS
        CHECK s1, CAUSE_PRIV, 4
        syscall
        FAIL  5
kernel_back:
        CHECK s1, CAUSE_SYSCALL, 6
        PASS

handler:
        mfcr  s1, cause
        mfcr  s2, epc
        li    s3, CAUSE_SYSCALL
        beq   s1, s3, kernel_back
        addi  s3, s2, 4
        mtcr  epc, s3
        eret
