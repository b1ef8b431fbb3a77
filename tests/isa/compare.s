# compare.s - slt sltu slti sltiu (and seqz snez): signed vs unsigned.
        .include "testlib.inc"
        .text
        .global _start
_start:
        li    a0, -1                # 0xFFFFFFFF: smallest signed, largest unsigned
        li    a1, 1
        slt   a2, a0, a1
        CHECK a2, 1, 1              # -1 < 1
        sltu  a2, a0, a1
        CHECK a2, 0, 2              # 0xFFFFFFFF <u 1 is false
        slt   a2, a1, a0
        CHECK a2, 0, 3
        sltu  a2, a1, a0
        CHECK a2, 1, 4
        # equal operands: never less
        slt   a2, a1, a1
        CHECK a2, 0, 5
        sltu  a2, a0, a0
        CHECK a2, 0, 6
        # extremes
        li    a0, 0x80000000        # INT_MIN
        li    a1, 0x7FFFFFFF        # INT_MAX
        slt   a2, a0, a1
        CHECK a2, 1, 7
        sltu  a2, a0, a1
        CHECK a2, 0, 8
        slt   a2, a0, zero
        CHECK a2, 1, 9
        sltu  a2, zero, a0
        CHECK a2, 1, 10
        sltu  a2, a0, zero
        CHECK a2, 0, 11
        # immediates
        slti  a2, a0, 0
        CHECK a2, 1, 20
        slti  a2, a1, 32767
        CHECK a2, 0, 21
        slti  a2, zero, 1
        CHECK a2, 1, 22
        slti  a2, zero, -32768
        CHECK a2, 0, 23
        sltiu a2, zero, 1
        CHECK a2, 1, 24
        sltiu a2, a0, 0xFFFF
        CHECK a2, 0, 25
        li    a3, 0xFFFE
        sltiu a2, a3, 0xFFFF
        CHECK a2, 1, 26
        sltiu a2, a3, 0xFFFE
        CHECK a2, 0, 27
        # seqz / snez
        seqz  a2, zero
        CHECK a2, 1, 30
        seqz  a2, a0
        CHECK a2, 0, 31
        snez  a2, zero
        CHECK a2, 0, 32
        snez  a2, a0
        CHECK a2, 1, 33
        li    a3, 1
        snez  a2, a3
        CHECK a2, 1, 34
        PASS
