# whoami.s - a kernel asks the CPU which mode it runs in, by reading
# STATUS.UM with `mfcr`.  Bare, it runs in kernel mode and says so.
#
# Under the monitor it really runs in USER mode, but on the strict ISA
# mfcr is privileged: it traps, the monitor emulates it and answers from
# the virtual STATUS ("kernel").  On the leaky ISA (--isa=leaky) mfcr of
# STATUS does not trap in user mode: the guest reads the REAL register,
# sees user mode, and behaves differently bare and virtualized.  That is
# Popek and Goldberg's theorem in six lines: a sensitive instruction that
# is not privileged cannot be virtualized by trap-and-emulate.
        .text
_start: mfcr    t0, status
        andi    t0, t0, 2               # UM
        la      a0, kmsg
        beqz    t0, 1f
        la      a0, umsg
1:      li      t1, 0xF0000000
2:      lbu     t2, 0(a0)
        beqz    t2, 3f
        sw      t2, 0(t1)
        addi    a0, a0, 1
        j       2b
3:      li      t1, 0xF0003000
        sw      zero, 0(t1)
        .data
kmsg:   .asciz  "I run in kernel mode\n"
umsg:   .asciz  "I run in user mode\n"
