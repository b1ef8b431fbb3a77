        .text
        .org    0x100
trap:   mfcr    t0, cause
        mfcr    t1, epc
        addi    t1, t1, 4
        mtcr    epc, t1
        eret
_start: la      t0, trap
        mtcr    tvec, t0
        mfcr    a0, STATUS
        ori     a0, a0, 1
        mtcr    status, a0
        tlbi    a0
        tlbia
        swap    a0, a1, (a2)
        syscall
        break
        wfi
        halt
