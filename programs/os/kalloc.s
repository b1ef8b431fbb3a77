# kalloc.s - the physical page allocator.
#
# Free memory is every 4 KiB page from the end of the kernel's image
# (kernel_end, page-aligned) to the top of RAM.  The free pages form a
# linked list threaded through the pages themselves: the first word of a
# free page holds the address of the next free page.  So allocating and
# freeing are a pop and a push, and the list costs no memory of its own.
#
#   kalloc_free -> [page] -> [page] -> ... -> 0
#
# kalloc_nfree counts them; the freepages() system call reports it, which
# is how a test checks that fork/exit/wait give back every page they take.
#
# All of RAM is mapped at VA = PA in every address space, so the address of
# a page is both where the kernel reaches it and what goes into a PTE.

        .text

# kalloc_init(): put every page in [round_up(kernel_end), ram_top) on the
# free list, lowest address first.
kalloc_init:
        la      t0, kernel_end
        addi    t0, t0, PAGE_MASK
        srli    t0, t0, PAGE_SHIFT
        slli    t0, t0, PAGE_SHIFT      # t0 = the first free page
        la      t1, ram_top
        lw      t1, 0(t1)               # t1 = the end of RAM
        la      t3, kalloc_lo
        sw      t0, 0(t3)
        la      t3, kalloc_hi
        sw      t1, 0(t3)
        li      t2, 0                   # t2 = the list so far
        li      t3, 0                   # t3 = how many
        bgeu    t0, t1, 2f
1:      addi    t1, t1, -PAGE_SIZE      # push pages from the top down, so
        sw      t2, 0(t1)               # the lowest ends up first
        mv      t2, t1
        addi    t3, t3, 1
        bne     t1, t0, 1b
2:      la      t0, kalloc_free
        sw      t2, 0(t0)
        la      t0, kalloc_nfree
        sw      t3, 0(t0)
        ret

# kalloc() -> a0 = the address of a zero-filled page, or 0 if none is left.
kalloc:
        ENTER
        la      t0, kalloc_free
        lw      s1, 0(t0)
        beqz    s1, 1f
        lw      t1, 0(s1)               # pop
        sw      t1, 0(t0)
        la      t0, kalloc_nfree
        lw      t1, 0(t0)
        addi    t1, t1, -1
        sw      t1, 0(t0)
        mv      a0, s1
        call    page_zero
1:      mv      a0, s1
        LEAVE

# kfree(a0 = page): give a page back.  A page that the allocator never
# handed out (unaligned, outside free memory) is a kernel bug: panic.
kfree:
        andi    t0, a0, PAGE_MASK
        bnez    t0, 1f
        la      t0, kalloc_lo
        lw      t0, 0(t0)
        bltu    a0, t0, 1f
        la      t0, kalloc_hi
        lw      t0, 0(t0)
        bgeu    a0, t0, 1f
        la      t0, kalloc_free         # push
        lw      t1, 0(t0)
        sw      t1, 0(a0)
        sw      a0, 0(t0)
        la      t0, kalloc_nfree
        lw      t1, 0(t0)
        addi    t1, t1, 1
        sw      t1, 0(t0)
        ret
1:      la      a0, kalloc_msg_bad
        call    panic

        .data
kalloc_msg_bad: .asciz  "kfree: not a page of free memory"
        .align  2
kalloc_free:    .word   0               # the free list
kalloc_nfree:   .word   0               # its length
kalloc_lo:      .word   0               # free memory is [kalloc_lo, kalloc_hi)
kalloc_hi:      .word   0
