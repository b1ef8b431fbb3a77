# string.s - the kernel's small library: copying, filling and comparing
# bytes.  All leaf routines (they call nothing, use only a0..a3, t0..t3).

        .text

# memcpy(a0 = dst, a1 = src, a2 = n) -> a0 = dst.  When all three are
# multiples of 4 it moves words (a page is copied 4 words per turn).
memcpy:
        mv      t3, a0                  # t3 = dst cursor, a1 = src cursor
        add     t2, a1, a2              # t2 = the end of src
        or      t0, a0, a1
        or      t0, t0, a2
        andi    t0, t0, 3
        bnez    t0, 3f                  # not all word-aligned: bytes
        andi    t0, a2, 15
        bnez    t0, 2f                  # not a multiple of 16: words
1:      beq     a1, t2, 9f              # 16 bytes per turn
        lw      t0, 0(a1)
        lw      t1, 4(a1)
        sw      t0, 0(t3)
        sw      t1, 4(t3)
        lw      t0, 8(a1)
        lw      t1, 12(a1)
        sw      t0, 8(t3)
        sw      t1, 12(t3)
        addi    a1, a1, 16
        addi    t3, t3, 16
        j       1b
2:      beq     a1, t2, 9f              # a word per turn
        lw      t0, 0(a1)
        sw      t0, 0(t3)
        addi    a1, a1, 4
        addi    t3, t3, 4
        j       2b
3:      beq     a1, t2, 9f              # a byte per turn
        lbu     t0, 0(a1)
        sb      t0, 0(t3)
        addi    a1, a1, 1
        addi    t3, t3, 1
        j       3b
9:      ret

# memset(a0 = dst, a1 = byte, a2 = n) -> a0 = dst.
memset:
        mv      t0, a0
        add     t1, a0, a2
1:      beq     t0, t1, 2f
        sb      a1, 0(t0)
        addi    t0, t0, 1
        j       1b
2:      ret

# page_zero(a0 = page): fill a page with zeros, 8 words per turn.
page_zero:
        li      t0, PAGE_SIZE
        add     t0, a0, t0
1:      sw      zero, 0(a0)
        sw      zero, 4(a0)
        sw      zero, 8(a0)
        sw      zero, 12(a0)
        sw      zero, 16(a0)
        sw      zero, 20(a0)
        sw      zero, 24(a0)
        sw      zero, 28(a0)
        addi    a0, a0, 32
        bne     a0, t0, 1b
        ret

# strlen(a0 = s) -> a0 = its length.
strlen:
        mv      t0, a0
1:      lbu     t1, 0(t0)
        beqz    t1, 2f
        addi    t0, t0, 1
        j       1b
2:      sub     a0, t0, a0
        ret

# strcmp(a0 = s1, a1 = s2) -> a0 = 0 if equal, <0 or >0 as s1 sorts
# before or after s2 (comparing bytes as unsigned).
strcmp:
1:      lbu     t0, 0(a0)
        lbu     t1, 0(a1)
        bne     t0, t1, 2f
        beqz    t0, 2f
        addi    a0, a0, 1
        addi    a1, a1, 1
        j       1b
2:      sub     a0, t0, t1
        ret

# strlcpy(a0 = dst, a1 = src, a2 = size of dst, > 0) -> a0 = the address
# of the NUL it wrote: copy src, cut to size - 1 bytes, NUL-terminated.
strlcpy:
        addi    a2, a2, -1
1:      lbu     t0, 0(a1)
        beqz    a2, 2f
        beqz    t0, 2f
        sb      t0, 0(a0)
        addi    a0, a0, 1
        addi    a1, a1, 1
        addi    a2, a2, -1
        j       1b
2:      sb      zero, 0(a0)
        ret
