# muldiv.s - mul mulh mulhu div divu rem remu.  Overflow wraps; division
# rounds toward zero and never traps (x/0 = -1 or 0xFFFFFFFF, x%0 = x,
# INT_MIN/-1 = INT_MIN, INT_MIN%-1 = 0).
        .include "testlib.inc"
        .text
        .global _start
_start:
        # ---- mul: low 32 bits
        li    a0, 7
        li    a1, -3
        mul   a2, a0, a1
        CHECK a2, -21, 1
        li    a0, 0x10000
        mul   a2, a0, a0            # 2^32: low half 0
        CHECK a2, 0, 2
        li    a0, 0x12345678
        li    a1, 0x10
        mul   a2, a0, a1
        CHECK a2, 0x23456780, 3
        li    a0, -1
        mul   a2, a0, a0
        CHECK a2, 1, 4
        li    a0, 0x7FFFFFFF
        li    a1, 2
        mul   a2, a0, a1            # signed overflow wraps
        CHECK a2, 0xFFFFFFFE, 5

        # ---- mulh: high half of the signed product
        li    a0, -1
        mulh  a2, a0, a0            # (-1)(-1) = 1: high 0
        CHECK a2, 0, 10
        li    a0, 0x80000000
        li    a1, 2
        mulh  a2, a0, a1            # -2^32: high 0xFFFFFFFF
        CHECK a2, 0xFFFFFFFF, 11
        li    a0, -2
        li    a1, 3
        mulh  a2, a0, a1            # -6
        CHECK a2, 0xFFFFFFFF, 12
        li    a0, 0x7FFFFFFF
        mulh  a2, a0, a0            # 0x3FFFFFFF_00000001
        CHECK a2, 0x3FFFFFFF, 13
        li    a0, 0x80000000
        mulh  a2, a0, a0            # 2^62
        CHECK a2, 0x40000000, 14
        li    a1, -1
        mulh  a2, a0, a1            # 2^31: high 0
        CHECK a2, 0, 15

        # ---- mulhu: high half of the unsigned product
        li    a0, 0xFFFFFFFF
        mulhu a2, a0, a0            # 0xFFFFFFFE_00000001
        CHECK a2, 0xFFFFFFFE, 20
        li    a0, 0x80000000
        li    a1, 2
        mulhu a2, a0, a1
        CHECK a2, 1, 21
        li    a0, -2
        li    a1, 3
        mulhu a2, a0, a1            # 0xFFFFFFFE * 3 = 0x2_FFFFFFFA
        CHECK a2, 2, 22
        li    a0, 0x12345
        mulhu a2, a0, a1            # small: high 0
        CHECK a2, 0, 23

        # ---- div: signed, rounds toward zero
        li    a0, 7
        li    a1, 2
        div   a2, a0, a1
        CHECK a2, 3, 30
        li    a0, -7
        div   a2, a0, a1
        CHECK a2, -3, 31
        li    a0, 7
        li    a1, -2
        div   a2, a0, a1
        CHECK a2, -3, 32
        li    a0, -7
        div   a2, a0, a1
        CHECK a2, 3, 33
        div   a2, a0, zero          # x/0 = -1
        CHECK a2, -1, 34
        li    a0, 7
        div   a2, a0, zero
        CHECK a2, -1, 35
        div   a2, zero, zero
        CHECK a2, -1, 36
        li    a0, 0x80000000
        li    a1, -1
        div   a2, a0, a1            # INT_MIN / -1 = INT_MIN
        CHECK a2, 0x80000000, 37
        li    a1, 1
        div   a2, a0, a1
        CHECK a2, 0x80000000, 38

        # ---- divu
        li    a0, 7
        li    a1, 2
        divu  a2, a0, a1
        CHECK a2, 3, 40
        li    a0, 0xFFFFFFFF
        divu  a2, a0, a1
        CHECK a2, 0x7FFFFFFF, 41
        divu  a2, a0, zero          # x/0 = 0xFFFFFFFF
        CHECK a2, 0xFFFFFFFF, 42
        li    a0, 0x80000000
        li    a1, -1
        divu  a2, a0, a1            # 0x80000000 /u 0xFFFFFFFF = 0
        CHECK a2, 0, 43

        # ---- rem: sign of the dividend
        li    a0, 7
        li    a1, 2
        rem   a2, a0, a1
        CHECK a2, 1, 50
        li    a0, -7
        rem   a2, a0, a1
        CHECK a2, -1, 51
        li    a0, 7
        li    a1, -2
        rem   a2, a0, a1
        CHECK a2, 1, 52
        li    a0, -7
        rem   a2, a0, a1
        CHECK a2, -1, 53
        rem   a2, a0, zero          # x%0 = x
        CHECK a2, -7, 54
        li    a0, 0x80000000
        li    a1, -1
        rem   a2, a0, a1            # INT_MIN % -1 = 0
        CHECK a2, 0, 55

        # ---- remu
        li    a0, 0xFFFFFFFF
        li    a1, 10
        remu  a2, a0, a1            # 4294967295 % 10 = 5
        CHECK a2, 5, 60
        remu  a2, a0, zero          # x%0 = x
        CHECK a2, 0xFFFFFFFF, 61
        li    a0, 7
        li    a1, 2
        remu  a2, a0, a1
        CHECK a2, 1, 62
        # rd = a source
        li    a0, 100
        li    a1, 7
        rem   a0, a0, a1
        CHECK a0, 2, 63
        PASS
