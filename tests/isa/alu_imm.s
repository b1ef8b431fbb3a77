# alu_imm.s - register-immediate ALU: which immediates are sign-extended
# (addi, slti) and which zero-extended (andi, ori, xori, sltiu, lui).
        .include "testlib.inc"
        .text
        .global _start
_start:
        # addi: sign-extended
        addi  a0, zero, -1
        CHECK a0, 0xFFFFFFFF, 1
        addi  a0, zero, 32767
        CHECK a0, 0x7FFF, 2
        addi  a0, zero, -32768
        CHECK a0, 0xFFFF8000, 3
        li    a1, 100
        addi  a0, a1, -101
        CHECK a0, -1, 4
        li    a1, 0x7FFFFFFF
        addi  a0, a1, 1             # wraps
        CHECK a0, 0x80000000, 5
        subi  a0, a1, 0x7FFF        # pseudo: addi a0, a1, -0x7FFF
        CHECK a0, 0x7FFF8000, 6

        # andi: zero-extended
        li    a1, -1
        andi  a0, a1, 0x8000
        CHECK a0, 0x00008000, 10
        andi  a0, a1, 0xFFFF
        CHECK a0, 0x0000FFFF, 11
        andi  a0, a1, 0
        CHECK a0, 0, 12

        # ori: zero-extended
        ori   a0, zero, 0x8000
        CHECK a0, 0x00008000, 20
        li    a1, 0x12340000
        ori   a0, a1, 0xFFFF
        CHECK a0, 0x1234FFFF, 21

        # xori: zero-extended
        li    a1, -1
        xori  a0, a1, 0xFFFF
        CHECK a0, 0xFFFF0000, 30
        li    a1, 0x0F0F
        xori  a0, a1, 0x00FF
        CHECK a0, 0x0FF0, 31

        # slti: sign-extended, signed compare
        li    a1, -2
        slti  a0, a1, -1
        CHECK a0, 1, 40
        slti  a0, a1, -2
        CHECK a0, 0, 41
        li    a1, 5
        slti  a0, a1, -1            # 5 < -1 is false
        CHECK a0, 0, 42
        slti  a0, a1, 6
        CHECK a0, 1, 43

        # sltiu: zero-extended, unsigned compare
        li    a1, 0x10000
        sltiu a0, a1, 0xFFFF        # 0x10000 <u 0x0000FFFF: false (sext would say true)
        CHECK a0, 0, 50
        li    a1, 5
        sltiu a0, a1, 0xFFFF
        CHECK a0, 1, 51
        li    a1, -1
        sltiu a0, a1, 0xFFFF        # 0xFFFFFFFF <u 0xFFFF: false
        CHECK a0, 0, 52
        seqz  a0, zero              # sltiu a0, zero, 1
        CHECK a0, 1, 53
        seqz  a0, a1
        CHECK a0, 0, 54

        # lui: imm16 << 16, low half zero
        li    a0, -1
        lui   a0, 0xABCD
        CHECK a0, 0xABCD0000, 60
        lui   a0, 0x8000
        CHECK a0, 0x80000000, 61
        lui   a0, 0
        CHECK a0, 0, 62

        # li chooses addi / ori / lui+ori; check the values, whatever the words
        li    a0, 0x8000
        CHECK a0, 0x00008000, 70
        li    a0, 0xFFFF
        CHECK a0, 0x0000FFFF, 71
        li    a0, -32768
        CHECK a0, 0xFFFF8000, 72
        li    a0, 0x12345678
        CHECK a0, 0x12345678, 73
        li    a0, -40000
        CHECK a0, 0xFFFF63C0, 74
        li    a0, later             # forward reference: lui + ori
        CHECK a0, 0x10000, 75
        li    a0, 'A'
        CHECK a0, 65, 76
        li    a0, '\n'
        CHECK a0, 10, 77
        li    a0, (3 + 4) * 2 - (1 << 3) / 4
        CHECK a0, 12, 78
        li    a0, %hi(0x12345678)
        CHECK a0, 0x1234, 79
        li    a0, %lo(0x12345678)
        CHECK a0, 0x5678, 80
        li    a0, ~0 ^ 0xFF
        CHECK a0, 0xFFFFFF00, 81
        li    a0, 0b1010 | 0x10 & 0x30
        CHECK a0, 0x1A, 82
        li    a0, !0 + !5
        CHECK a0, 1, 84
        PASS

        .equ  later, 0x10000
