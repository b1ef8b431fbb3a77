# vm.s - page tables: the kernel's map, user address spaces, and moving
# bytes between the kernel and user memory.
#
# SM32 translates every address through a two-level table (isa/SPEC.md
# section 6): VA[31:22] picks an entry of the L1 table (at PTBR), which
# points to an L2 table; VA[21:12] picks an entry there, the leaf, which
# holds the physical page and the permissions V R W X U.
#
#      va: | L1 index | L2 index | offset |
#             |           |
#      PTBR -> L1 [i] --> L2 [j] --> physical page + offset
#
# toyos gives every process one L1 table with two kinds of entries:
#
#   - the kernel's part, identical in all: RAM at VA = PA (R W X, U = 0:
#     user mode may not touch it) and the device pages.  Its L2 tables are
#     built once, by vm_init, and shared: a new address space just copies
#     the kernel's L1 table (kernel_pgdir), pointers and all;
#   - the user part, slots 256..511 (VA 0x40000000..0x7FFFFFFF), with the
#     process's own L2 tables and pages, all with U = 1.
#
# Since the kernel is mapped at the same place everywhere, switching PTBR
# never pulls the floor from under the kernel; and since RAM is mapped at
# VA = PA, the kernel reaches any physical page (a page table, a user's
# page) at its physical address.  Turning paging on is undramatic for the
# same reason: the next instruction is at the same address either way.
#
# The TLB caches translations.  When a mapping goes away (sbrk shrinking)
# we must `tlbi` its page, or the stale entry would stay in use; a new
# mapping needs nothing (no entry could be cached for an invalid one), and
# loading PTBR flushes everything (exec, the scheduler).
#
# User pointers are never trusted: uva2pa walks the process's table in
# software and insists on V, U and the access needed, so a system call
# given a bad address fails instead of faulting or reaching kernel memory.

        .equ    PTE_USER_BITS,  PTE_R | PTE_W | PTE_X | PTE_U   # what fork copies

        .text

# vm_init(): build kernel_pgdir (all of RAM and the devices, kernel-only)
# and turn paging on.  RAM is mapped by filling L2 tables directly: table
# number i maps the 4 MiB from i * 4 MiB, entry j the page i * 4 MiB +
# j * 4 KiB, at the same virtual address.
vm_init:
        ENTER
        call    kalloc                  # the L1 table
        beqz    a0, 9f
        mv      s1, a0                  # s1 = L1
        la      t0, ram_top
        lw      s2, 0(t0)               # s2 = end of RAM
        li      s3, 0                   # s3 = the page to map
1:      call    kalloc                  # a new L2 table for the next 4 MiB,
        beqz    a0, 9f
        mv      s4, a0                  # s4 = its next entry
        srli    t0, s3, L1_SHIFT        # hooked into L1 (a pointer: V only)
        slli    t0, t0, 2
        add     t0, t0, s1
        ori     t1, a0, PTE_V
        sw      t1, 0(t0)
2:      ori     t0, s3, PTE_R | PTE_W | PTE_X | PTE_V
        sw      t0, 0(s4)               # the leaf: VA s3 -> PA s3
        addi    s4, s4, 4
        addi    s3, s3, PAGE_SIZE
        bgeu    s3, s2, 3f              # the end of RAM
        li      t0, L2_SPAN - 1
        and     t0, s3, t0
        bnez    t0, 2b                  # still inside this table's 4 MiB
        j       1b
3:      li      s3, MMIO_BASE           # the devices: read/write, not execute
        li      s2, MMIO_BASE + MMIO_PAGES * PAGE_SIZE
4:      mv      a0, s1
        mv      a1, s3
        mv      a2, s3
        li      a3, PTE_R | PTE_W
        call    vm_map
        bnez    a0, 9f
        addi    s3, s3, PAGE_SIZE
        bltu    s3, s2, 4b
        la      t0, kernel_pgdir
        sw      s1, 0(t0)
        mtcr    ptbr, s1
        mfcr    t0, status
        ori     t0, t0, STATUS_PG
        mtcr    status, t0              # paging on
        LEAVE
9:      la      a0, vm_msg_nomem
        call    panic

# vm_walk(a0 = L1 table, a1 = va, a2 = create) -> a0 = the address of va's
# leaf PTE, or 0 if its L2 table is missing (and create = 0, or there is no
# memory for a new one).
vm_walk:
        ENTER
        mv      s1, a1
        srli    t0, s1, L1_SHIFT        # &L1[va >> 22]
        slli    t0, t0, 2
        add     s2, a0, t0
        lw      t0, 0(s2)
        andi    t1, t0, PTE_V
        bnez    t1, 1f
        li      a0, 0
        beqz    a2, 2f                  # no L2 table, and we may not make one
        call    kalloc
        beqz    a0, 2f
        ori     t0, a0, PTE_V           # an L1 entry is a pointer: V only
        sw      t0, 0(s2)
1:      srli    t0, t0, PAGE_SHIFT      # the L2 table's address
        slli    t0, t0, PAGE_SHIFT
        srli    t1, s1, L2_SHIFT        # &L2[(va >> 12) & 0x3FF]
        andi    t1, t1, PT_INDEX_MASK
        slli    t1, t1, 2
        add     a0, t0, t1
2:      LEAVE

# vm_map(a0 = L1 table, a1 = va, a2 = pa, a3 = permissions) -> 0, or -1 if
# va is already mapped or there is no memory for an L2 table.
vm_map:
        ENTER
        mv      s1, a2
        mv      s2, a3
        li      a2, 1
        call    vm_walk
        beqz    a0, 1f
        lw      t0, 0(a0)
        andi    t0, t0, PTE_V
        bnez    t0, 1f
        or      t0, s1, s2
        ori     t0, t0, PTE_V
        sw      t0, 0(a0)
        li      a0, 0
        LEAVE
1:      li      a0, -1
        LEAVE

# uvm_create() -> a0 = a new L1 table with the kernel's part and no user
# pages, or 0.
uvm_create:
        ENTER
        call    kalloc
        beqz    a0, 1f
        mv      s1, a0
        la      t0, kernel_pgdir
        lw      a1, 0(t0)
        li      a2, PAGE_SIZE
        call    memcpy
        mv      a0, s1
1:      LEAVE

# uvm_alloc(a0 = L1 table, a1 = start, a2 = end, a3 = permissions) -> 0 or
# -1: map fresh zeroed pages at [start, end) (page-aligned).  All or
# nothing: on failure the pages mapped so far are freed again.  A page that
# is already mapped is a failure.
uvm_alloc:
        ENTER
        addi    sp, sp, -8              # 0(sp) = start, 4(sp) = a page
        sw      a1, 0(sp)
        mv      s1, a0
        mv      s2, a1                  # s2 = the next va
        mv      s3, a2
        mv      s4, a3
1:      bgeu    s2, s3, 3f
        call    kalloc
        beqz    a0, 2f
        sw      a0, 4(sp)
        mv      a2, a0
        mv      a0, s1
        mv      a1, s2
        mv      a3, s4
        call    vm_map
        bnez    a0, 4f
        addi    s2, s2, PAGE_SIZE
        j       1b
3:      li      a0, 0
        LEAVE
4:      lw      a0, 4(sp)               # could not map it: free it
        call    kfree
2:      mv      a0, s1                  # undo [start, s2)
        lw      a1, 0(sp)
        mv      a2, s2
        call    uvm_dealloc
        li      a0, -1
        LEAVE

# uvm_dealloc(a0 = L1 table, a1 = start, a2 = end): unmap and free the
# pages mapped in [start, end) (page-aligned), and drop them from the TLB.
uvm_dealloc:
        ENTER
        mv      s1, a0
        mv      s2, a1
        mv      s3, a2
1:      bgeu    s2, s3, 2f
        mv      a0, s1
        mv      a1, s2
        li      a2, 0
        call    vm_walk
        beqz    a0, 3f
        lw      t0, 0(a0)
        andi    t1, t0, PTE_V
        beqz    t1, 3f
        sw      zero, 0(a0)             # unmap,
        tlbi    s2                      # forget any cached translation,
        srli    a0, t0, PAGE_SHIFT
        slli    a0, a0, PAGE_SHIFT
        call    kfree                   # and free the page
3:      addi    s2, s2, PAGE_SIZE
        j       1b
2:      LEAVE

# uvm_free(a0 = L1 table): free an address space: every user page, the
# user L2 tables and the L1 table.  The shared kernel L2 tables stay.
uvm_free:
        ENTER
        mv      s1, a0
        addi    s2, s1, USER_L1_FIRST * 4       # the user slots of L1
        addi    s3, s1, USER_L1_END * 4
1:      lw      a0, 0(s2)
        andi    t0, a0, PTE_V
        beqz    t0, 2f
        srli    a0, a0, PAGE_SHIFT
        slli    a0, a0, PAGE_SHIFT
        call    uvm_free_l2
2:      addi    s2, s2, 4
        bltu    s2, s3, 1b
        mv      a0, s1
        call    kfree
        LEAVE

# uvm_free_l2(a0 = L2 table): free every page it maps, then the table.
uvm_free_l2:
        ENTER
        mv      s1, a0
        mv      s2, a0
        addi    s3, a0, PAGE_SIZE
1:      lw      a0, 0(s2)
        andi    t0, a0, PTE_V
        beqz    t0, 2f
        srli    a0, a0, PAGE_SHIFT
        slli    a0, a0, PAGE_SHIFT
        call    kfree
2:      addi    s2, s2, 4
        bltu    s2, s3, 1b
        mv      a0, s1
        call    kfree
        LEAVE

# uvm_copy(a0 = parent's L1, a1 = child's L1) -> 0 or -1: give the child a
# copy of every user page, same addresses, same permissions.  On failure
# the caller frees the child's table (uvm_free), with whatever got copied.
uvm_copy:
        ENTER
        mv      s1, a1
        addi    s2, a0, USER_L1_FIRST * 4
        addi    s3, a0, USER_L1_END * 4
        li      s4, USER_BASE           # s4 = the va of slot s2
1:      lw      a0, 0(s2)
        andi    t0, a0, PTE_V
        beqz    t0, 2f
        srli    a0, a0, PAGE_SHIFT
        slli    a0, a0, PAGE_SHIFT
        mv      a1, s1
        mv      a2, s4
        call    uvm_copy_l2
        bnez    a0, 3f
2:      addi    s2, s2, 4
        li      t0, L2_SPAN
        add     s4, s4, t0
        bltu    s2, s3, 1b
        li      a0, 0
3:      LEAVE

# uvm_copy_l2(a0 = parent's L2 table, a1 = child's L1, a2 = va of its first
# entry) -> 0 or -1: copy the pages this L2 table maps.
uvm_copy_l2:
        ENTER
        addi    sp, sp, -8              # 0(sp) = the leaf, 4(sp) = the copy
        mv      s1, a0                  # s1 = the parent's entry
        mv      s2, a1
        mv      s3, a2                  # s3 = its va
        addi    s4, a0, PAGE_SIZE
1:      lw      t0, 0(s1)
        andi    t1, t0, PTE_V
        beqz    t1, 2f
        sw      t0, 0(sp)
        call    kalloc
        beqz    a0, 9f
        sw      a0, 4(sp)
        lw      a1, 0(sp)               # copy the contents
        srli    a1, a1, PAGE_SHIFT
        slli    a1, a1, PAGE_SHIFT
        li      a2, PAGE_SIZE
        call    memcpy
        mv      a0, s2                  # and map the copy at the same va
        mv      a1, s3
        lw      a2, 4(sp)
        lw      a3, 0(sp)
        andi    a3, a3, PTE_USER_BITS
        call    vm_map
        bnez    a0, 8f
2:      addi    s1, s1, 4
        li      t0, PAGE_SIZE
        add     s3, s3, t0
        bltu    s1, s4, 1b
        li      a0, 0
        LEAVE
8:      lw      a0, 4(sp)
        call    kfree
9:      li      a0, -1
        LEAVE

# uva2pa(a0 = L1 table, a1 = user va, a2 = access bits needed (PTE_R,
# PTE_W or 0)) -> a0 = the physical address, or 0 if va is not a user
# page (V and U) with those permissions.  (No user page is at physical 0:
# that is the kernel's low memory.)
uva2pa:
        ENTER
        mv      s1, a1
        ori     s2, a2, PTE_V | PTE_U
        li      a2, 0
        call    vm_walk
        beqz    a0, 1f
        lw      t0, 0(a0)
        and     t1, t0, s2
        li      a0, 0
        bne     t1, s2, 1f
        srli    t0, t0, PAGE_SHIFT
        slli    t0, t0, PAGE_SHIFT
        andi    t1, s1, PAGE_MASK
        or      a0, t0, t1
1:      LEAVE

# uvm_check(a0 = L1 table, a1 = va, a2 = length, a3 = access bits) -> 0 if
# every byte of [va, va + length) is user memory with that access, else -1.
uvm_check:
        ENTER
        mv      s1, a0
        mv      s4, a3
        add     s3, a1, a2              # s3 = the end
        li      a0, 0
        beqz    a2, 2f                  # nothing to check
        bltu    s3, a1, 3f              # wraps around: no
        srli    s2, a1, PAGE_SHIFT      # s2 = each page in turn
        slli    s2, s2, PAGE_SHIFT
1:      mv      a0, s1
        mv      a1, s2
        mv      a2, s4
        call    uva2pa
        beqz    a0, 3f
        li      t0, PAGE_SIZE
        add     s2, s2, t0
        bltu    s2, s3, 1b
        li      a0, 0
2:      LEAVE
3:      li      a0, -1
        LEAVE

# copyout(a0 = L1 table, a1 = user va, a2 = kernel address, a3 = length)
# -> 0 or -1: copy from the kernel to writable user memory.
copyout:
        ENTER
        mv      s1, a0
        mv      s2, a1                  # s2 = user va
        mv      s3, a2                  # s3 = kernel address
        mv      s4, a3                  # s4 = bytes left
1:      beqz    s4, 2f
        mv      a0, s1
        mv      a1, s2
        li      a2, PTE_W
        call    uva2pa
        beqz    a0, 3f
        andi    t0, s2, PAGE_MASK       # a2 = min(bytes to the page's end, left)
        li      a2, PAGE_SIZE
        sub     a2, a2, t0
        bleu    a2, s4, 4f
        mv      a2, s4
4:      mv      a1, s3
        add     s2, s2, a2
        add     s3, s3, a2
        sub     s4, s4, a2
        call    memcpy                  # memcpy(pa, kernel address, a2)
        j       1b
2:      li      a0, 0
        LEAVE
3:      li      a0, -1
        LEAVE

# copyin(a0 = L1 table, a1 = kernel address, a2 = user va, a3 = length)
# -> 0 or -1: copy from readable user memory into the kernel.
copyin:
        ENTER
        mv      s1, a0
        mv      s2, a2                  # s2 = user va
        mv      s3, a1                  # s3 = kernel address
        mv      s4, a3                  # s4 = bytes left
1:      beqz    s4, 2f
        mv      a0, s1
        mv      a1, s2
        li      a2, PTE_R
        call    uva2pa
        beqz    a0, 3f
        mv      a1, a0                  # memcpy(kernel address, pa, a2)
        mv      a0, s3
        andi    t0, s2, PAGE_MASK
        li      a2, PAGE_SIZE
        sub     a2, a2, t0
        bleu    a2, s4, 4f
        mv      a2, s4
4:      add     s2, s2, a2
        add     s3, s3, a2
        sub     s4, s4, a2
        call    memcpy
        j       1b
2:      li      a0, 0
        LEAVE
3:      li      a0, -1
        LEAVE

# copyinstr(a0 = L1 table, a1 = kernel buffer, a2 = user string, a3 = size
# of the buffer) -> the string's length, or -1 if it is not readable user
# memory or does not fit (with its NUL) in the buffer.
copyinstr:
        ENTER
        addi    sp, sp, -4
        sw      a1, 0(sp)               # 0(sp) = the buffer's start
        mv      s1, a0
        mv      s2, a1                  # s2 = where the next byte goes
        mv      s3, a2                  # s3 = user va
        mv      s4, a3                  # s4 = room left
1:      beqz    s4, 9f                  # full, and no NUL yet
        mv      a0, s1
        mv      a1, s3
        li      a2, PTE_R
        call    uva2pa
        beqz    a0, 9f
        andi    t0, s3, PAGE_MASK       # t1 = bytes we may take from this page
        li      t1, PAGE_SIZE
        sub     t1, t1, t0
        bleu    t1, s4, 2f
        mv      t1, s4
2:      add     s3, s3, t1
        sub     s4, s4, t1
3:      lbu     t0, 0(a0)               # copy until NUL or the page's end
        sb      t0, 0(s2)
        beqz    t0, 4f
        addi    a0, a0, 1
        addi    s2, s2, 1
        addi    t1, t1, -1
        bnez    t1, 3b
        j       1b
4:      lw      t0, 0(sp)
        sub     a0, s2, t0              # the length, without the NUL
        LEAVE
9:      li      a0, -1
        LEAVE

        .data
vm_msg_nomem:   .asciz  "vm_init: out of memory"
        .align  2
kernel_pgdir:   .word   0               # the kernel's L1 table (no user part)
