# branches.s - every branch taken and not taken, forwards and backwards,
# signed vs unsigned, and the branch pseudo-instructions.
        .include "testlib.inc"
        .text
        .global _start
_start:
        li    a0, -1                # 0xFFFFFFFF
        li    a1, 1
        li    a2, 1

        TAKEN    beq,  a1, a2, 1
        NOTTAKEN beq,  a0, a1, 2
        TAKEN    bne,  a0, a1, 3
        NOTTAKEN bne,  a1, a2, 4
        # signed: -1 < 1
        TAKEN    blt,  a0, a1, 5
        NOTTAKEN blt,  a1, a0, 6
        NOTTAKEN blt,  a1, a2, 7    # equal: not less
        TAKEN    bge,  a1, a0, 8
        TAKEN    bge,  a1, a2, 9    # equal: taken
        NOTTAKEN bge,  a0, a1, 10
        # unsigned: 0xFFFFFFFF > 1
        TAKEN    bltu, a1, a0, 11
        NOTTAKEN bltu, a0, a1, 12
        NOTTAKEN bltu, a1, a2, 13
        TAKEN    bgeu, a0, a1, 14
        TAKEN    bgeu, a1, a2, 15
        NOTTAKEN bgeu, a1, a0, 16
        # INT_MIN vs INT_MAX
        li    a3, 0x80000000
        li    t0, 0x7FFFFFFF
        TAKEN    blt,  a3, t0, 17
        NOTTAKEN bltu, a3, t0, 18
        # against zero
        TAKEN    bge,  zero, zero, 19
        NOTTAKEN blt,  zero, zero, 20

        # one-operand pseudo-instructions
        TAKEN1    beqz, zero, 30
        NOTTAKEN1 beqz, a1, 31
        TAKEN1    bnez, a0, 32
        NOTTAKEN1 bnez, zero, 33
        TAKEN1    bltz, a0, 34
        NOTTAKEN1 bltz, zero, 35
        TAKEN1    bgez, zero, 36
        NOTTAKEN1 bgez, a0, 37
        TAKEN1    blez, zero, 38
        TAKEN1    blez, a0, 39
        NOTTAKEN1 blez, a1, 40
        TAKEN1    bgtz, a1, 41
        NOTTAKEN1 bgtz, zero, 42
        NOTTAKEN1 bgtz, a0, 43
        # swapped-operand pseudo-instructions
        TAKEN    bgt,  a1, a0, 50   # 1 > -1
        NOTTAKEN bgt,  a1, a2, 51
        TAKEN    ble,  a1, a2, 52
        TAKEN    ble,  a0, a1, 53
        NOTTAKEN ble,  a1, a0, 54
        TAKEN    bgtu, a0, a1, 55   # 0xFFFFFFFF >u 1
        NOTTAKEN bgtu, a1, a0, 56
        TAKEN    bleu, a1, a0, 57
        TAKEN    bleu, a1, a2, 58
        NOTTAKEN bleu, a0, a1, 59

        # a backward branch: a counted loop
        li    a0, 0
        li    a1, 10
1:      addi  a0, a0, 3
        addi  a1, a1, -1
        bnez  a1, 1b
        CHECK a0, 30, 60
        CHECK a1, 0, 61

        # a branch over a long distance (both directions), and to itself+4
        j     far_fwd
back:   li    a0, 0x600D
        j     2f
        FAIL  62
far_fwd:
        beq   zero, zero, far_bwd
        FAIL  63
        .space 40000                # 10000 words of padding (illegal if run)
far_bwd:
        beq   zero, zero, back
        FAIL  64
2:      CHECK a0, 0x600D, 65
        beq   zero, zero, 3f        # offset +1: the next instruction
3:      PASS
