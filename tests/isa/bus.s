# bus.s - the physical memory map: addresses with nothing behind them,
# device registers accessed with the wrong size or at an unassigned offset,
# and instruction fetch from outside RAM all raise BUS_ERROR with BADVADDR
# = the address (paging is off, so virtual = physical).
#
# Handler: records CAUSE/EPC/BADVADDR in s1/s2/s3; returns to s4 if it is
# nonzero (for fetch faults, where EPC + 4 would fault again), else EPC + 4.
        .include "testlib.inc"
        .text
        .global _start
_start:
        la    t0, handler
        mtcr  tvec, t0
        li    s4, 0

        # nothing at 0xF0004000 (the page after the power device)
        li    a0, 0xF0004000
        li    a1, 0x5A5A
        li    s1, 0
b1:     lw    a1, 0(a0)
        CHECK s1, CAUSE_BUS_ERROR, 1
        CHECK s2, b1, 2
        CHECK s3, 0xF0004000, 3
        CHECK a1, 0x5A5A, 4
        # just past the end of RAM (16 MiB by default)
        li    a0, 0x01000000
        li    s1, 0
        lw    a1, 0(a0)
        CHECK s1, CAUSE_BUS_ERROR, 5
        CHECK s3, 0x01000000, 6
        lw    a1, -4(a0)            # the last word of RAM is fine
        CHECK a1, 0, 7
        li    a0, 0x80000000
        li    s1, 0
        sw    a1, 8(a0)
        CHECK s1, CAUSE_BUS_ERROR, 8
        CHECK s3, 0x80000008, 9

        # console registers: lw works, other sizes do not
        li    a0, CONSOLE_TX
        lw    a1, 4(a0)             # STATUS: bit 0 TX ready is always 1
        andi  a1, a1, 1
        CHECK a1, 1, 10
        li    s1, 0
        lb    a1, 4(a0)
        CHECK s1, CAUSE_BUS_ERROR, 11
        CHECK s3, CONSOLE_TX + 4, 12
        li    s1, 0
        lhu   a1, 4(a0)
        CHECK s1, CAUSE_BUS_ERROR, 13
        li    s1, 0
        sb    a1, 0(a0)             # a byte store to TX: refused, prints nothing
        CHECK s1, CAUSE_BUS_ERROR, 14
        li    s1, 0
        swap  a1, a1, (a0)
        CHECK s1, CAUSE_BUS_ERROR, 15
        li    s1, 0
        lw    a1, 0x10(a0)          # no register at +0x10
        CHECK s1, CAUSE_BUS_ERROR, 16
        CHECK s3, CONSOLE_TX + 0x10, 17
        # misalignment is checked before the bus
        li    s1, 0
        lw    a1, 2(a0)
        CHECK s1, CAUSE_MISALIGNED, 18

        # fetch from outside RAM: EPC = BADVADDR = the target
        la    s4, 1f
        li    a0, 0x02000000
        li    s1, 0
        jr    a0
        FAIL  20
1:      CHECK s1, CAUSE_BUS_ERROR, 21
        CHECK s2, 0x02000000, 22
        CHECK s3, 0x02000000, 23
        # ... and from a device
        la    s4, 2f
        li    a0, CONSOLE_TX
        li    s1, 0
        jr    a0
        FAIL  24
2:      CHECK s1, CAUSE_BUS_ERROR, 25
        CHECK s2, CONSOLE_TX, 26
        PASS

handler:
        mfcr  s1, cause
        mfcr  s2, epc
        mfcr  s3, badvaddr
        beqz  s4, 1f
        mtcr  epc, s4
        li    s4, 0
        eret
1:      addi  t2, s2, 4
        mtcr  epc, t2
        eret
