# swap.s - the atomic exchange: rd = old mem32[rs1], mem32[rs1] = rs2.
        .include "testlib.inc"
        .text
        .global _start
_start:
        la    a0, lockword
        li    a1, 0x1111
        swap  a2, a1, (a0)
        CHECK a2, 0xABCD1234, 1     # old value
        lw    a3, 0(a0)
        CHECK a3, 0x1111, 2         # new value
        CHECK a1, 0x1111, 3         # source unchanged
        # rd = rs2: a true exchange
        li    t0, 0x2222
        swap  t0, t0, (a0)
        CHECK t0, 0x1111, 4
        lw    a3, 0(a0)
        CHECK a3, 0x2222, 5
        # rd = rs1: the address is used before rd is written
        mv    t1, a0
        li    t2, 0x3333
        swap  t1, t2, (t1)
        CHECK t1, 0x2222, 6
        lw    a3, 0(a0)
        CHECK a3, 0x3333, 7
        # other words are not touched
        lw    a3, 4(a0)
        CHECK a3, 0x55555555, 8
        lw    a3, -4(a0)
        CHECK a3, 0x44444444, 9

        # a spin lock: acquire (free), release, acquire again
        la    a0, lock
        call  acquire
        lw    a3, 0(a0)
        CHECK a3, 1, 10
        sw    zero, 0(a0)           # release
        call  acquire
        CHECK t0, 0, 11             # it was free
        PASS

acquire:
        li    t0, 1
1:      swap  t0, t0, (a0)
        bnez  t0, 1b
        ret

        .data
        .align 2
        .word 0x44444444
lockword:
        .word 0xABCD1234
        .word 0x55555555
lock:   .word 0
