# loads_stores.s - lb lh lw lbu lhu sb sh sw: sizes, sign and zero
# extension, little-endian byte order, negative and positive offsets.
        .include "testlib.inc"
        .text
        .global _start
_start:
        la    s1, buf
        li    a0, 0x11223344
        sw    a0, 0(s1)
        lw    a1, 0(s1)
        CHECK a1, 0x11223344, 1
        # little-endian: byte 0 is the least significant
        lbu   a1, 0(s1)
        CHECK a1, 0x44, 2
        lbu   a1, 1(s1)
        CHECK a1, 0x33, 3
        lbu   a1, 2(s1)
        CHECK a1, 0x22, 4
        lbu   a1, 3(s1)
        CHECK a1, 0x11, 5
        lhu   a1, 0(s1)
        CHECK a1, 0x3344, 6
        lhu   a1, 2(s1)
        CHECK a1, 0x1122, 7

        # sign extension
        li    a0, 0x8081F0FF
        sw    a0, 4(s1)
        lb    a1, 4(s1)             # 0xFF
        CHECK a1, 0xFFFFFFFF, 10
        lbu   a1, 4(s1)
        CHECK a1, 0x000000FF, 11
        lb    a1, 5(s1)             # 0xF0
        CHECK a1, 0xFFFFFFF0, 12
        lb    a1, 6(s1)             # 0x81
        CHECK a1, 0xFFFFFF81, 13
        lh    a1, 4(s1)             # 0xF0FF
        CHECK a1, 0xFFFFF0FF, 14
        lhu   a1, 4(s1)
        CHECK a1, 0x0000F0FF, 15
        lh    a1, 6(s1)             # 0x8081
        CHECK a1, 0xFFFF8081, 16
        lhu   a1, 6(s1)
        CHECK a1, 0x00008081, 17
        li    a0, 0x7F7F7F7F
        sw    a0, 8(s1)
        lb    a1, 8(s1)             # positive: no sign bits
        CHECK a1, 0x7F, 18
        lh    a1, 10(s1)
        CHECK a1, 0x7F7F, 19

        # sb / sh change only their bytes
        li    a0, 0xAABBCCDD
        sw    a0, 12(s1)
        li    a0, 0x12345678
        sb    a0, 13(s1)            # stores 0x78
        lw    a1, 12(s1)
        CHECK a1, 0xAABB78DD, 20
        sh    a0, 14(s1)            # stores 0x5678
        lw    a1, 12(s1)
        CHECK a1, 0x567878DD, 21
        sh    a0, 12(s1)
        lw    a1, 12(s1)
        CHECK a1, 0x56785678, 22
        sb    zero, 15(s1)
        lw    a1, 12(s1)
        CHECK a1, 0x00785678, 23

        # offsets: negative, large, (rs1) without an offset
        addi  s2, s1, 16
        lw    a1, -16(s2)
        CHECK a1, 0x11223344, 30
        lw    a1, (s1)
        CHECK a1, 0x11223344, 31
        li    a0, 0xCAFEF00D
        sw    a0, 0x1000(s1)
        addi  s2, s1, 0x2000
        lw    a1, -0x1000(s2)
        CHECK a1, 0xCAFEF00D, 32
        # base register = destination
        mv    s3, s1
        lw    s3, 0(s3)
        CHECK s3, 0x11223344, 33

        # initialised data and .bss
        la    s2, table
        lw    a1, 0(s2)
        CHECK a1, 0xDEADBEEF, 40
        lhu   a1, 4(s2)
        CHECK a1, 0x1234, 41
        lbu   a1, 6(s2)
        CHECK a1, 0xAB, 42
        lbu   a1, 7(s2)
        CHECK a1, 'h', 43
        lbu   a1, 9(s2)             # .asciz terminator
        CHECK a1, 0, 44
        la    s2, zeroed
        lw    a1, 0(s2)
        CHECK a1, 0, 45
        lw    a1, 60(s2)
        CHECK a1, 0, 46

        # the loaded image itself: the first word of _start
        la    s2, _start
        lw    a1, 0(s2)
        srli  a1, a1, 24
        CHECK a1, 0x73, 50          # la starts with lui (opcode 0x73)
        PASS

        .data
table:  .word 0xDEADBEEF
        .half 0x1234
        .byte 0xAB
        .asciz "hi"
        .align 2

        .bss
        .align 2
buf:    .space 0x2000
zeroed: .space 64
