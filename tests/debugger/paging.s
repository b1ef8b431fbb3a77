# paging.s - a tiny kernel that builds two-level page tables, turns paging
# on, takes a syscall and a page fault (its handler skips the faulting
# instruction), prints "ok" and exits 0.  For the debugger's MMU views:
# info pt, info tlb, info mem, translate, x through the MMU, dot, catch.
#
# Virtual layout (kernel-only unless U):
#   0x00001000-0x00001fff -> 0x00001000  R X      text
#   0x00002000-0x00002fff -> 0x00002000  R W      data
#   0x00400000-0x00400fff -> 0x00030000  R W U    a user page (not identity)
#   0x00800000-0x00801fff -> 0x00040000  R W      stack, two pages
#   0xf0000000            -> 0xf0000000  R W      console
#   0xf0003000            -> 0xf0003000  R W      power/test
        .equ    L1,     0x10000         # root table (physical)
        .equ    L2LOW,  0x11000         # VA 0x00000000-0x003fffff
        .equ    L2USR,  0x12000         # VA 0x00400000-0x007fffff
        .equ    L2STK,  0x13000         # VA 0x00800000-0x00bfffff
        .equ    L2DEV,  0x14000         # VA 0xf0000000-0xf03fffff
        .equ    V, 1
        .equ    R, 2
        .equ    W, 4
        .equ    X, 8
        .equ    U, 16

        .macro  pte table, index, value
        li      t0, \table + \index * 4
        li      t1, \value
        sw      t1, 0(t0)
        .endm

        .text
_start: pte     L1, 0, L2LOW | V
        pte     L1, 1, L2USR | V
        pte     L1, 2, L2STK | V
        pte     L1, 0x3C0, L2DEV | V
        pte     L2LOW, 1, 0x1000 | V | R | X
        pte     L2LOW, 2, 0x2000 | V | R | W
        pte     L2USR, 0, 0x30000 | V | R | W | U
        pte     L2STK, 0, 0x40000 | V | R | W
        pte     L2STK, 1, 0x41000 | V | R | W
        pte     L2DEV, 0, 0xF0000000 | V | R | W
        pte     L2DEV, 3, 0xF0003000 | V | R | W
        la      t0, handler
        mtcr    tvec, t0
        li      t0, L1
        mtcr    ptbr, t0
        li      t0, 0x10                # STATUS.PG: paging on
        mtcr    status, t0
        li      sp, 0x00802000          # top of the virtual stack
paged:  li      t0, 0x00400000
        li      t1, 0x1234
        sw      t1, 0(t0)               # the user page
        syscall
        li      t0, 0x00c00000
        lw      t1, 0(t0)               # unmapped: LOAD_FAULT, skipped
        la      t0, count
        lw      a0, 0(t0)
        li      t0, 0xF0000000
        li      t1, 'o'
        sw      t1, 0(t0)
        li      t1, 'k'
        sw      t1, 0(t0)
        li      t1, '\n'
        sw      t1, 0(t0)
        addi    a0, a0, -2              # two traps were expected
        li      t0, 0xF0003000
        sw      a0, 0(t0)

# the trap handler: count the trap, skip the instruction, return
handler: la     t2, count
        lw      t3, 0(t2)
        addi    t3, t3, 1
        sw      t3, 0(t2)
        mfcr    t2, epc
        addi    t2, t2, 4
        mtcr    epc, t2
        eret

        .data
count:  .word   0
