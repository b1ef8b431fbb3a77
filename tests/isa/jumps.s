# jumps.s - jal and jalr (link values, offsets, rd = rs1), auipc, lui.
        .include "testlib.inc"
        .text
        .global _start
_start:
        # jal: rd = pc + 4, target pc-relative
j1:     jal   ra, f1
        CHECK a0, 1, 1              # f1 ran and returned here
        CHECK s1, j1 + 4, 2         # the link it saw
        # jal with another link register
j2:     jal   t0, f2
        CHECK s1, j2 + 4, 3
        # pseudo forms
j3:     call  f1
        CHECK s1, j3 + 4, 4
j4:     jal   f1                    # one operand: jal ra, f1
        CHECK s1, j4 + 4, 5

        # jalr: target = rs1 + sext(imm16), rd = pc + 4
        la    a1, f1
j5:     jalr  ra, 0(a1)
        CHECK s1, j5 + 4, 10
        la    a1, f1 + 8            # negative offset
j6:     jalr  ra, -8(a1)
        CHECK s1, j6 + 4, 11
        la    a1, f1 - 16
j7:     jalr  ra, 16(a1)
        CHECK s1, j7 + 4, 12
        la    a1, f1
j8:     jalr  a1                    # one operand: jalr ra, 0(a1)
        CHECK s1, j8 + 4, 13
        # rd = rs1: the target is computed before rd is written
        la    t1, t1_target
j9:     jalr  t1, 0(t1)
        FAIL  14
t1_target:
        CHECK t1, j9 + 4, 15
        # jr: no link
        li    ra, 0x5A5A
        la    a1, 1f
        jr    a1
        FAIL  16
1:      CHECK ra, 0x5A5A, 17
        # a backward jal
        j     2f
3:      li    a0, 0xB4C
        j     4f
2:      j     3b
4:      CHECK a0, 0xB4C, 18

        # auipc: rd = pc + (imm16 << 16), pc = the auipc itself
a1l:    auipc a0, 0
        CHECK a0, a1l, 20
a2l:    auipc a0, 1
        CHECK a0, a2l + 0x10000, 21
a3l:    auipc a0, 0xFFFF
        CHECK a0, a3l + 0xFFFF0000, 22

        # lui
        lui   a0, 0x1234
        CHECK a0, 0x12340000, 30
        lui   a0, 0xFFFF
        CHECK a0, 0xFFFF0000, 31
        lui   a0, %hi(0xDEADBEEF)
        ori   a0, a0, %lo(0xDEADBEEF)
        CHECK a0, 0xDEADBEEF, 32

        # a call chain using the ABI frame, returning a value in a0
        li    a0, 5
        call  fact
        CHECK a0, 120, 40
        CHECK sp, 0x01000000, 41    # sp back at its boot value (16 MiB RAM)
        PASS

# f1: a0 = 1, s1 = return address (ra)
f1:     li    a0, 1
        mv    s1, ra
        ret
        FAIL  90
# f2: returns through t0
f2:     mv    s1, t0
        jr    t0

# fact(n) = n!, recursive, with the frame of SPEC.md section 2
fact:   addi  sp, sp, -8
        sw    ra, 4(sp)
        sw    fp, 0(sp)
        mv    fp, sp
        addi  sp, sp, -4
        sw    a0, -4(fp)
        li    t0, 1
        ble   a0, t0, 5f
        addi  a0, a0, -1
        call  fact
        lw    t0, -4(fp)
        mul   a0, a0, t0
        j     6f
5:      li    a0, 1
6:      mv    sp, fp
        lw    fp, 0(sp)
        lw    ra, 4(sp)
        addi  sp, sp, 8
        ret
