# shifts.s - sll srl sra (amount = rs2 & 31) and slli srli srai.
        .include "testlib.inc"
        .text
        .global _start
_start:
        li    a0, 0x80000001
        # by 0: unchanged
        slli  a1, a0, 0
        CHECK a1, 0x80000001, 1
        srli  a1, a0, 0
        CHECK a1, 0x80000001, 2
        srai  a1, a0, 0
        CHECK a1, 0x80000001, 3
        # by 1
        slli  a1, a0, 1
        CHECK a1, 0x00000002, 4
        srli  a1, a0, 1
        CHECK a1, 0x40000000, 5
        srai  a1, a0, 1
        CHECK a1, 0xC0000000, 6
        # by 31
        slli  a1, a0, 31
        CHECK a1, 0x80000000, 7
        srli  a1, a0, 31
        CHECK a1, 1, 8
        srai  a1, a0, 31
        CHECK a1, 0xFFFFFFFF, 9
        li    a2, 0x7FFFFFFF
        srai  a1, a2, 31            # positive: zeros come in
        CHECK a1, 0, 10
        srai  a1, a2, 4
        CHECK a1, 0x07FFFFFF, 11

        # register forms use rs2 & 31
        li    t0, 0
        sll   a1, a0, t0
        CHECK a1, 0x80000001, 20
        li    t0, 31
        sll   a1, a0, t0
        CHECK a1, 0x80000000, 21
        srl   a1, a0, t0
        CHECK a1, 1, 22
        sra   a1, a0, t0
        CHECK a1, -1, 23
        li    t0, 32                # 32 & 31 = 0
        sll   a1, a0, t0
        CHECK a1, 0x80000001, 24
        srl   a1, a0, t0
        CHECK a1, 0x80000001, 25
        sra   a1, a0, t0
        CHECK a1, 0x80000001, 26
        li    t0, 33                # 33 & 31 = 1
        sll   a1, a0, t0
        CHECK a1, 2, 27
        srl   a1, a0, t0
        CHECK a1, 0x40000000, 28
        sra   a1, a0, t0
        CHECK a1, 0xC0000000, 29
        li    t0, -1                # 0xFFFFFFFF & 31 = 31
        srl   a1, a0, t0
        CHECK a1, 1, 30
        li    t0, 0x104             # & 31 = 4
        li    a2, 0x12345678
        sll   a1, a2, t0
        CHECK a1, 0x23456780, 31
        srl   a1, a2, t0
        CHECK a1, 0x01234567, 32
        # rd = rs2
        li    t0, 8
        sll   t0, a2, t0
        CHECK t0, 0x34567800, 33
        PASS
