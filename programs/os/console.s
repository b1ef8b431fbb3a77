# console.s - the console: printing, and reading what the user types.
#
# Output is simple: write a byte to the TX register and it is printed.
# The device is always ready, but we still poll STATUS.TXREADY first, as a
# driver for a real serial line must.  Everything the kernel prints goes
# through kputc: kputs, kputn, kputdec and kputhex are built on it.
#
# Input is interrupt-driven.  Bytes arrive one at a time, whenever they
# arrive, whether or not any program is reading; each raises interrupt
# line 1, and the handler moves the byte into a ring buffer (cons_buf) and
# wakes whoever sleeps in read().  read() takes bytes from the buffer and
# sleeps while it is empty.  This decouples the typist from the reader:
#
#     device RX --(interrupt)--> cons_buf --(read syscall)--> user buffer
#
# If the buffer fills up, the handler turns RX interrupts off and leaves
# the next byte waiting in the device; read() turns them back on once it
# has made room (flow control: nothing is ever dropped).
#
# End of input: the console's STATUS.EOF says no byte waits and none will
# ever come (the scripted input is used up).  read() then returns 0, which
# programs take as end of file.
#
# Echo: like a terminal, the console shows what is typed.  We echo each
# byte when read() hands it to a program, so a scripted session prints in
# order, as if typed just when the program asked for it:
#       $ hello
#       Hello, world!

        .equ    CONS_BUF_SIZE,  256             # a power of two
        .text

# kputc(a0 = byte): print one byte.  Uses t0, t1 only.
kputc:
        li      t0, CONSOLE
1:      lw      t1, CONSOLE_STATUS(t0)
        andi    t1, t1, CONSOLE_ST_TXREADY
        beqz    t1, 1b
        sw      a0, CONSOLE_TX(t0)
        ret

# kputs(a0 = NUL-terminated string): print it.
kputs:
        ENTER
        mv      s1, a0
1:      lbu     a0, 0(s1)
        beqz    a0, 2f
        call    kputc
        addi    s1, s1, 1
        j       1b
2:      LEAVE

# kputn(a0 = address, a1 = length): print exactly that many bytes.
kputn:
        ENTER
        mv      s1, a0
        add     s2, a0, a1              # s2 = the end
1:      beq     s1, s2, 2f
        lbu     a0, 0(s1)
        call    kputc
        addi    s1, s1, 1
        j       1b
2:      LEAVE

# kputdec(a0 = unsigned number): print it in decimal.
kputdec:
        ENTER
        addi    sp, sp, -12             # digits, last first, into 0..11(sp)
        mv      s1, a0
        li      s2, 0                   # s2 = how many digits
        li      s3, 10
1:      remu    t0, s1, s3
        addi    t0, t0, '0'
        add     t1, sp, s2
        sb      t0, 0(t1)
        addi    s2, s2, 1
        divu    s1, s1, s3
        bnez    s1, 1b
2:      addi    s2, s2, -1              # print them, first digit first
        add     t1, sp, s2
        lbu     a0, 0(t1)
        call    kputc
        bnez    s2, 2b
        LEAVE

# kputhex(a0 = number): print it as 0x followed by 8 hex digits.
kputhex:
        ENTER
        mv      s1, a0
        li      a0, '0'
        call    kputc
        li      a0, 'x'
        call    kputc
        li      s2, 28                  # shift for the next digit
1:      srl     t0, s1, s2
        andi    t0, t0, 0xF
        la      t1, hex_digits
        add     t0, t0, t1
        lbu     a0, 0(t0)
        call    kputc
        addi    s2, s2, -4
        bgez    s2, 1b
        LEAVE

# console_init(): turn on receive interrupts.
console_init:
        li      t0, CONSOLE
        li      t1, CONSOLE_CTRL_RXIE
        sw      t1, CONSOLE_CTRL(t0)
        mfcr    t0, ienable
        ori     t0, t0, 1 << IRQ_CONSOLE
        mtcr    ienable, t0
        ret

# console_intr(): line 1 is up: a byte waits in RX.  Move every waiting
# byte into cons_buf (reading RX lowers the line) and wake the readers.
console_intr:
        ENTER
        li      s1, CONSOLE
        la      s2, cons_buf
1:      lw      t0, CONSOLE_STATUS(s1)
        andi    t0, t0, CONSOLE_ST_RXREADY
        beqz    t0, 3f
        la      t0, cons_r              # room in the buffer?
        lw      t0, 0(t0)
        la      t3, cons_w
        lw      t1, 0(t3)
        sub     t2, t1, t0              # bytes in the buffer
        li      t0, CONS_BUF_SIZE
        bltu    t2, t0, 2f
        sw      zero, CONSOLE_CTRL(s1)  # full: stop listening until read()
        j       3f
2:      lw      t0, CONSOLE_RX(s1)      # the byte
        andi    t2, t1, CONS_BUF_SIZE - 1
        add     t2, t2, s2
        sb      t0, 0(t2)
        addi    t1, t1, 1
        sw      t1, 0(t3)
        j       1b
3:      la      a0, cons_buf
        call    proc_wakeup             # channel: cons_buf
        LEAVE

# console_read(a0 = user buffer, a1 = length) -> bytes read, 0 at end of
# input, -1 for a bad buffer.  Blocks until at least one byte is there.
console_read:
        ENTER
        addi    sp, sp, -4              # 0(sp): one byte, for copyout
        mv      s1, a0                  # s1 = where the next byte goes
        mv      s2, a1                  # s2 = room left
        blez    s2, 8f                  # (asked for nothing: 0; negative: -1)
        la      t0, curproc
        lw      t0, 0(t0)
        lw      s3, P_PGDIR(t0)         # s3 = page table
        mv      a0, s3                  # the whole buffer must be writable
        mv      a1, s1
        mv      a2, s2
        li      a3, PTE_W
        call    uvm_check
        bnez    a0, 9f
1:      la      t0, cons_r              # wait for a byte
        lw      t0, 0(t0)
        la      t1, cons_w
        lw      t1, 0(t1)
        bne     t0, t1, 2f
        li      t0, CONSOLE             # none; will there ever be one?
        lw      t0, CONSOLE_STATUS(t0)
        andi    t0, t0, CONSOLE_ST_EOF
        bnez    t0, 7f                  # no: end of input
        la      a0, cons_buf
        call    proc_sleep
        j       1b
2:      li      s4, 0                   # s4 = bytes given
3:      la      t2, cons_r              # take bytes while there are some
        lw      t0, 0(t2)
        la      t1, cons_w
        lw      t1, 0(t1)
        beq     t0, t1, 4f
        beq     s4, s2, 4f
        andi    t1, t0, CONS_BUF_SIZE - 1
        la      t3, cons_buf
        add     t1, t1, t3
        lbu     a0, 0(t1)
        addi    t0, t0, 1
        sw      t0, 0(t2)
        sb      a0, 0(sp)
        call    kputc                   # echo
        mv      a0, s3
        add     a1, s1, s4
        mv      a2, sp
        li      a3, 1
        call    copyout                 # cannot fail: checked above
        addi    s4, s4, 1
        j       3b
4:      li      t0, CONSOLE             # there is room now: listen again
        li      t1, CONSOLE_CTRL_RXIE
        sw      t1, CONSOLE_CTRL(t0)
        mv      a0, s4
        LEAVE
7:      li      a0, 0
        LEAVE
8:      beqz    s2, 7b
9:      li      a0, -1
        LEAVE

        .data
hex_digits:     .ascii  "0123456789abcdef"
        .align  2
cons_r:         .word   0               # bytes taken out of cons_buf, ever
cons_w:         .word   0               # bytes put into cons_buf, ever
        .bss
cons_buf:       .space  CONS_BUF_SIZE   # cons_buf[i % SIZE]: a ring
