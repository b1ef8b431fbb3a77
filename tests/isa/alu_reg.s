# alu_reg.s - register-register ALU: add sub and or xor (shifts and
# compares have their own programs).  Overflow wraps, never traps.
        .include "testlib.inc"
        .text
        .global _start
_start:
        li    a0, 1234
        li    a1, 766
        add   a2, a0, a1
        CHECK a2, 2000, 1
        sub   a2, a0, a1
        CHECK a2, 468, 2
        sub   a2, a1, a0
        CHECK a2, -468, 3

        # signed overflow wraps
        li    a0, 0x7FFFFFFF
        li    a1, 1
        add   a2, a0, a1
        CHECK a2, 0x80000000, 4
        li    a0, 0x80000000
        sub   a2, a0, a1
        CHECK a2, 0x7FFFFFFF, 5
        li    a0, 0xFFFFFFFF
        add   a2, a0, a1            # -1 + 1 = 0 (carry out dropped)
        CHECK a2, 0, 6
        sub   a2, zero, a1
        CHECK a2, 0xFFFFFFFF, 7

        # bitwise
        li    a0, 0xF0F0F0F0
        li    a1, 0xFF00FF00
        and   a2, a0, a1
        CHECK a2, 0xF000F000, 10
        or    a2, a0, a1
        CHECK a2, 0xFFF0FFF0, 11
        xor   a2, a0, a1
        CHECK a2, 0x0FF00FF0, 12
        xor   a2, a0, a0
        CHECK a2, 0, 13

        # rd may equal a source
        li    a0, 5
        add   a0, a0, a0
        CHECK a0, 10, 20
        li    a1, 3
        sub   a1, a0, a1
        CHECK a1, 7, 21

        # every register works as a source and a destination
        li    t0, 1
        add   t1, t0, t0          # 2
        add   t2, t1, t0          # 3
        add   s1, t2, t1          # 5
        add   s2, s1, t2          # 8
        add   s3, s2, s1          # 13
        add   s4, s3, s2          # 21
        add   a3, s4, s3          # 34
        add   fp, a3, s4          # 55
        add   ra, fp, a3          # 89
        CHECK ra, 89, 30
        CHECK fp, 55, 31
        CHECK s4, 21, 32

        # pseudo-instructions built on them
        li    a0, 42
        neg   a1, a0
        CHECK a1, -42, 40
        mv    a2, a1
        CHECK a2, -42, 41
        PASS
