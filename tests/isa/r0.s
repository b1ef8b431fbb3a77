# r0.s - r0 (zero) reads as 0; every write to it is ignored, but the
# instruction's other effects happen.
        .include "testlib.inc"
        .text
        .global _start
_start:
        CHECK zero, 0, 1
        li    a0, 5
        add   zero, a0, a0
        CHECK zero, 0, 2
        addi  r0, a0, 1
        CHECK r0, 0, 3
        ori   zero, zero, 0xFFFF
        CHECK zero, 0, 4
        lui   zero, 0x1234
        CHECK zero, 0, 5
        auipc zero, 1
        CHECK zero, 0, 6
        mul   zero, a0, a0
        CHECK zero, 0, 7
        div   zero, a0, a0
        CHECK zero, 0, 8
        slli  zero, a0, 3
        CHECK zero, 0, 9
        sltu  zero, zero, a0
        CHECK zero, 0, 10
        la    a1, word
        lw    zero, 0(a1)
        CHECK zero, 0, 11
        lbu   zero, 0(a1)
        CHECK zero, 0, 12
        # swap to r0: memory is still written, r0 stays 0
        li    a2, 77
        swap  zero, a2, (a1)
        CHECK zero, 0, 13
        lw    a3, 0(a1)
        CHECK a3, 77, 14
        # jal / jalr with rd = zero: jump happens, no link
        jal   zero, 1f
        FAIL  15
1:      CHECK zero, 0, 16
        la    a1, 2f
        jalr  zero, 0(a1)
        FAIL  17
2:      CHECK zero, 0, 18
        # mfcr to zero (kernel mode)
        mfcr  zero, cycle
        CHECK zero, 0, 19
        # r0 as a source is 0 whatever was "written"
        add   a3, zero, zero
        CHECK a3, 0, 20
        PASS

        .data
        .align 2
word:   .word 0x12345678
