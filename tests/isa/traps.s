# traps.s - trap entry and return in kernel mode: syscall and break set
# EPC/CAUSE; misaligned loads, stores, swap and jalr set BADVADDR and have
# no effect; illegal words (0, reserved bits, unassigned opcodes, hcall);
# mfcr/mtcr of an unassigned or read-only control register are ILLEGAL.
#
# The handler records CAUSE, EPC, BADVADDR and STATUS in s1, s2, s3, s4
# and returns past the trapping instruction (EPC + 4).  Each test clears
# s1 first, so "no trap happened" shows as s1 == 0.
        .include "testlib.inc"
        .text
        .global _start
_start:
        la    t0, handler
        mtcr  tvec, t0
        mfcr  t1, tvec
        CHECK t1, handler, 1

        # ---- syscall and break: EPC = the instruction itself
        li    s1, 0
t_sc:   syscall
        CHECK s1, CAUSE_SYSCALL, 2
        CHECK s2, t_sc, 3
        CHECK s4, 0, 4              # in the handler: kernel, IE=0, PIE=0, PUM=0
        li    s1, 0
t_brk:  break
        CHECK s1, CAUSE_BREAK, 5
        CHECK s2, t_brk, 6

        # ---- trap entry saves IE in PIE and clears IE; eret restores it.
        # (IENABLE = 0, so no interrupt can be taken with IE = 1.)
        li    t0, ST_IE
        mtcr  status, t0
        li    s1, 0
        syscall
        CHECK s1, CAUSE_SYSCALL, 7
        CHECK s4, ST_PIE, 8         # handler saw IE=0, PIE=1
        mfcr  t0, status
        CHECK t0, ST_IE | ST_PIE, 9 # eret: IE = PIE; PIE unchanged
        mtcr  status, zero

        # ---- misaligned loads: rd not written, BADVADDR = the address
        la    a0, data              # data: 0x11223344, 0x55667788
        li    a1, 0x5A5A
        li    s1, 0
t_lw:   lw    a1, 1(a0)
        CHECK s1, CAUSE_MISALIGNED, 10
        CHECK s2, t_lw, 11
        CHECK s3, data + 1, 12
        CHECK a1, 0x5A5A, 13
        li    s1, 0
        lw    a1, 2(a0)
        CHECK s1, CAUSE_MISALIGNED, 14
        CHECK s3, data + 2, 15
        li    s1, 0
        lh    a1, 1(a0)
        CHECK s1, CAUSE_MISALIGNED, 16
        CHECK s3, data + 1, 17
        li    s1, 0
        lhu   a1, 3(a0)
        CHECK s1, CAUSE_MISALIGNED, 18
        CHECK s3, data + 3, 19
        CHECK a1, 0x5A5A, 20
        # aligned halves and any byte are fine
        li    s1, 0
        lh    a1, 2(a0)
        CHECK a1, 0x1122, 21
        lb    a1, 3(a0)
        CHECK a1, 0x11, 22
        CHECK s1, 0, 23

        # ---- misaligned stores: memory not written
        li    a2, -1
        li    s1, 0
t_sw:   sw    a2, 2(a0)
        CHECK s1, CAUSE_MISALIGNED, 24
        CHECK s2, t_sw, 25
        CHECK s3, data + 2, 26
        lw    a1, 0(a0)
        CHECK a1, 0x11223344, 27
        lw    a1, 4(a0)
        CHECK a1, 0x55667788, 28
        li    s1, 0
        sh    a2, 1(a0)
        CHECK s1, CAUSE_MISALIGNED, 29
        CHECK s3, data + 1, 30
        li    s1, 0
        sh    a2, 3(a0)             # would straddle two words
        CHECK s1, CAUSE_MISALIGNED, 31
        CHECK s3, data + 3, 32
        lw    a1, 0(a0)
        CHECK a1, 0x11223344, 33
        lw    a1, 4(a0)
        CHECK a1, 0x55667788, 34

        # ---- misaligned swap: neither rd nor memory written
        addi  t0, a0, 2
        li    a1, 0x5A5A
        li    s1, 0
t_swp:  swap  a1, a2, (t0)
        CHECK s1, CAUSE_MISALIGNED, 35
        CHECK s2, t_swp, 36
        CHECK s3, data + 2, 37
        CHECK a1, 0x5A5A, 38
        lw    a1, 0(a0)
        CHECK a1, 0x11223344, 39

        # ---- jalr to a target that is not 4-aligned: traps at the jalr
        la    t0, jtarget
        li    a1, 0x5A5A
        li    s1, 0
t_jalr: jalr  a1, 2(t0)
        CHECK s1, CAUSE_MISALIGNED, 40
        CHECK s2, t_jalr, 41
        CHECK s3, jtarget + 2, 42
        CHECK a1, 0x5A5A, 43        # rd not written
        # an odd base with an odd offset is fine: only the target counts
        la    t0, jtarget - 1
        li    s1, 0
        jalr  a1, 1(t0)             # jtarget returns through a1
        CHECK s1, 0, 44

        # ---- BADVADDR is left alone by other causes
        li    s1, 0
        syscall
        CHECK s3, jtarget + 2, 45

        # ---- illegal instructions
        li    s1, 0
t_il0:  .word 0x00000000            # zeroed memory traps
        CHECK s1, CAUSE_ILLEGAL, 50
        CHECK s2, t_il0, 51
        CHECK s3, jtarget + 2, 52   # BADVADDR unchanged
        li    s1, 0
t_il1:  .word 0x11000001            # add with a reserved bit set
        CHECK s1, CAUSE_ILLEGAL, 53
        CHECK s2, t_il1, 54
        li    s1, 0
        .word 0x26100020            # slli shamt 32: bit 5 is reserved
        CHECK s1, CAUSE_ILLEGAL, 55
        li    s1, 0
        .word 0x01000000            # unassigned opcode 0x01
        CHECK s1, CAUSE_ILLEGAL, 56
        li    s1, 0
        .word 0xFF000000            # unassigned opcode 0xFF
        CHECK s1, CAUSE_ILLEGAL, 57
        li    s1, 0
        .word 0xF8000000            # hcall: reserved, ILLEGAL today
        CHECK s1, CAUSE_ILLEGAL, 58
        li    s1, 0
        .word 0x22000000            # there is no subi
        CHECK s1, CAUSE_ILLEGAL, 59
        li    s1, 0
        .word 0xE1000001            # syscall with a reserved bit: ILLEGAL, not SYSCALL
        CHECK s1, CAUSE_ILLEGAL, 60
        li    s1, 0
        .word 0x73010000            # lui with field B nonzero
        CHECK s1, CAUSE_ILLEGAL, 61
        li    a1, 0x5A5A
        li    s1, 0
        .word 0x11500001            # "add a1, zero, zero" + reserved bit
        CHECK s1, CAUSE_ILLEGAL, 62
        CHECK a1, 0x5A5A, 63        # rd not written

        # ---- control register numbers
        li    a1, 0x5A5A
        li    s1, 0
t_cr:   mfcr  a1, 99
        CHECK s1, CAUSE_ILLEGAL, 70
        CHECK s2, t_cr, 71
        CHECK a1, 0x5A5A, 72
        li    s1, 0
        mfcr  a1, 11                # the first unassigned number
        CHECK s1, CAUSE_ILLEGAL, 73
        li    s1, 0
        mtcr  99, a1
        CHECK s1, CAUSE_ILLEGAL, 74
        li    t0, 0
        li    s1, 0
        mtcr  cycle, t0             # read-only
        CHECK s1, CAUSE_ILLEGAL, 75
        li    s1, 0
        mtcr  cycleh, t0
        CHECK s1, CAUSE_ILLEGAL, 76
        li    s1, 0
        mtcr  ipend, t0
        CHECK s1, CAUSE_ILLEGAL, 77
        mfcr  t1, cycle             # the failed write did not reset it
        sltiu t1, t1, 100
        CHECK t1, 0, 78

        # ---- eret in kernel mode goes to EPC and stays in kernel mode
        la    t0, 1f
        mtcr  epc, t0
        eret
        FAIL  80
1:      mfcr  t0, status            # would trap (PRIV) in user mode
        CHECK t0, 0, 81

        # ---- EPC and TVEC hold multiples of 4 (bits 1:0 read as 0)
        la    t0, handler + 2
        mtcr  tvec, t0
        mfcr  t1, tvec
        CHECK t1, handler, 82
        li    t0, 0x1003
        mtcr  epc, t0
        mfcr  t1, epc
        CHECK t1, 0x1000, 83
        PASS

jtarget:
        jr    a1

handler:
        mfcr  s1, cause
        mfcr  s2, epc
        mfcr  s3, badvaddr
        mfcr  s4, status
        addi  s2, s2, 4
        mtcr  epc, s2
        addi  s2, s2, -4
        eret

        .data
        .align 2
data:   .word 0x11223344, 0x55667788
