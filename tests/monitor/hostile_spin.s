# hostile_spin.s - a guest that turns interrupts off, stops its timer and
# spins forever.  It must not starve the other guests: the monitor takes
# the real CPU back at the end of every time slice.
        .text
_start: mtcr    status, zero
        mtcr    ienable, zero
        li      t0, 0xF0001000
        sw      zero, 0x10(t0)          # timer CTRL = 0
1:      j       1b
