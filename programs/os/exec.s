# exec.s - replace a process's program: load an ELF image from the disk
# into a fresh address space, put the arguments on its stack, and make the
# process return from exec into the new program's _start.
#
# An ELF image (isa/SPEC.md section 10) starts with a 52-byte header; at
# e_phoff it has e_phnum program headers of 32 bytes.  Each PT_LOAD header
# says: take p_filesz bytes at p_offset in the file, put them at p_vaddr,
# and zero the rest up to p_memsz; p_flags says R, W, X.  So:
#
#   1. find the file, read and check the header;
#   2. make an empty address space; for each PT_LOAD segment, check it,
#      map fresh pages (user, R, W if PF_W, X if PF_X: text stays
#      read-only) and copy the bytes in (the pages start zeroed);
#   3. map the stack and copy the argument strings and argv[] onto it:
#
#        0x80000000 ->  "hello\0" "world\0"   the strings (then aligned to 4)
#                       argv[0] argv[1] 0      <- sp, and a1 = argv
#                                                 a0 = argc
#   4. only now, with nothing left that can fail, commit: switch the process
#      to the new address space, set up its trap frame so that trapret
#      enters the program at e_entry, and free the old address space.
#
# The image comes from the disk, which is input: every field is checked
# (segments inside the file and the user region, no overlap, the entry in an
# executable segment).  A bad image makes exec fail with -1; the old
# program carries on, untouched.

        .equ    E_MAGIC,        0x00            # ELF header fields
        .equ    E_CLASS,        0x04
        .equ    E_DATA,         0x05
        .equ    E_TYPE,         0x10
        .equ    E_MACHINE,      0x12
        .equ    E_ENTRY,        0x18
        .equ    E_PHOFF,        0x1C
        .equ    E_PHENTSIZE,    0x2A
        .equ    E_PHNUM,        0x2C
        .equ    ELF_EHDR_SIZE,  52
        .equ    ELF_MAGIC,      0x464C457F      # "\x7FELF", little-endian
        .equ    ELFCLASS32,     1
        .equ    ELFDATA2LSB,    1
        .equ    ET_EXEC,        2
        .equ    EM_SM32,        0x5332
        .equ    ELF_MAX_PHNUM,  16
        .equ    PH_TYPE,        0               # program header fields
        .equ    PH_OFFSET,      4
        .equ    PH_VADDR,       8
        .equ    PH_FILESZ,      16
        .equ    PH_MEMSZ,       20
        .equ    PH_FLAGS,       24
        .equ    PH_SIZE,        32
        .equ    PT_LOAD,        1
        .equ    PF_X,           1
        .equ    PF_W,           2

# exec's local variables, at sp + ...
        .equ    EX_EHDR,        0               # the ELF header (52 bytes)
        .equ    EX_PHDR,        52              # one program header (32)
        .equ    EX_NAME,        84
        .equ    EX_ARGV,        88
        .equ    EX_ENTRY,       92
        .equ    EX_ENTRY_OK,    96
        .equ    EX_BRK,         100
        .equ    EX_OLD,         104
        .equ    EX_DEFARGV,     108             # { name, 0 }: argv when none is given
        .equ    EX_USTACK,      116             # the user's argv[], built here (MAXARG + 1)
        .equ    EX_SIZE,        EX_USTACK + 4 * (MAXARG + 1)

# sys_exec's page of arguments, copied in from the user
        .equ    EXA_ARGV,       0               # argv[]: MAXARG + 1 pointers
        .equ    EXA_NAME,       4 * (MAXARG + 1)
        .equ    EXA_NAME_SIZE,  32
        .equ    EXA_STRINGS,    EXA_NAME + EXA_NAME_SIZE

        .text

# exec(a0 = program name, a1 = argv: a 0-terminated array of strings, or 0
# for { name }; all in kernel memory) -> argc, or -1 (nothing changed).
exec:
        ENTER
        addi    sp, sp, -EX_SIZE
        sw      a0, EX_NAME(sp)
        sw      a1, EX_ARGV(sp)
        li      s2, 0                   # s2 = the new L1 table (none yet)
        bnez    a1, 1f
        sw      a0, EX_DEFARGV(sp)      # no argv: argv = { name, 0 }
        sw      zero, EX_DEFARGV + 4(sp)
        addi    t0, sp, EX_DEFARGV
        sw      t0, EX_ARGV(sp)
1:      call    fs_lookup
        beqz    a0, exec_fail
        mv      s1, a0                  # s1 = the file

        # 1. the ELF header
        li      a1, 0
        li      a2, ELF_EHDR_SIZE
        addi    a3, sp, EX_EHDR
        call    fs_read
        bnez    a0, exec_fail
        lw      t0, EX_EHDR + E_MAGIC(sp)
        li      t1, ELF_MAGIC
        bne     t0, t1, exec_fail
        lbu     t0, EX_EHDR + E_CLASS(sp)
        li      t1, ELFCLASS32
        bne     t0, t1, exec_fail
        lbu     t0, EX_EHDR + E_DATA(sp)
        li      t1, ELFDATA2LSB
        bne     t0, t1, exec_fail
        lhu     t0, EX_EHDR + E_TYPE(sp)
        li      t1, ET_EXEC
        bne     t0, t1, exec_fail
        lhu     t0, EX_EHDR + E_MACHINE(sp)
        li      t1, EM_SM32
        bne     t0, t1, exec_fail
        lhu     t0, EX_EHDR + E_PHENTSIZE(sp)
        li      t1, PH_SIZE
        bne     t0, t1, exec_fail
        lhu     t0, EX_EHDR + E_PHNUM(sp)
        beqz    t0, exec_fail
        li      t1, ELF_MAX_PHNUM
        bgtu    t0, t1, exec_fail
        lw      t0, EX_EHDR + E_ENTRY(sp)
        sw      t0, EX_ENTRY(sp)
        sw      zero, EX_ENTRY_OK(sp)
        li      t0, USER_BASE
        sw      t0, EX_BRK(sp)

        # 2. the segments, into a new address space
        call    uvm_create
        beqz    a0, exec_fail
        mv      s2, a0
        li      s3, 0                   # s3 = program header index
2:      lhu     t0, EX_EHDR + E_PHNUM(sp)
        bgeu    s3, t0, 4f
        mv      a0, s1                  # read header s3
        lw      a1, EX_EHDR + E_PHOFF(sp)
        slli    t0, s3, 5
        add     a1, a1, t0
        li      a2, PH_SIZE
        addi    a3, sp, EX_PHDR
        call    fs_read
        bnez    a0, exec_fail
        addi    a0, sp, EX_PHDR
        mv      a1, s1
        mv      a2, s2
        call    exec_segment            # -> its end, 0 (nothing loaded), -1
        bltz    a0, exec_fail
        beqz    a0, 3f
        lw      t0, EX_BRK(sp)          # the break: after the highest segment
        bleu    a0, t0, 5f
        sw      a0, EX_BRK(sp)
5:      lw      t0, EX_PHDR + PH_FLAGS(sp)      # does it hold the entry?
        andi    t0, t0, PF_X
        beqz    t0, 3f
        lw      t0, EX_ENTRY(sp)
        lw      t1, EX_PHDR + PH_VADDR(sp)
        bltu    t0, t1, 3f
        bgeu    t0, a0, 3f
        li      t0, 1
        sw      t0, EX_ENTRY_OK(sp)
3:      addi    s3, s3, 1
        j       2b
4:      lw      t0, EX_ENTRY_OK(sp)
        beqz    t0, exec_fail
        lw      t0, EX_ENTRY(sp)
        andi    t0, t0, 3
        bnez    t0, exec_fail

        # 3. the stack, with the arguments on top
        mv      a0, s2
        li      a1, USTACK_BOTTOM
        li      a2, USER_TOP
        li      a3, PTE_U | PTE_R | PTE_W
        call    uvm_alloc
        bnez    a0, exec_fail
        li      s1, USER_TOP            # s1 = the user's sp
        li      s3, 0                   # s3 = argc
6:      lw      t0, EX_ARGV(sp)         # s4 = argv[argc]
        slli    t1, s3, 2
        add     t0, t0, t1
        lw      s4, 0(t0)
        beqz    s4, 7f
        li      t0, MAXARG
        bgeu    s3, t0, exec_fail
        mv      a0, s4
        call    strlen
        addi    a3, a0, 1               # with its NUL
        sub     s1, s1, a3
        li      t0, USER_TOP - PAGE_SIZE        # arguments: one page at most
        bltu    s1, t0, exec_fail
        mv      a0, s2
        mv      a1, s1
        mv      a2, s4
        call    copyout
        bnez    a0, exec_fail
        addi    t0, sp, EX_USTACK       # argv[argc] = where it went
        slli    t1, s3, 2
        add     t0, t0, t1
        sw      s1, 0(t0)
        addi    s3, s3, 1
        j       6b
7:      addi    t0, sp, EX_USTACK       # argv[argc] = 0
        slli    t1, s3, 2
        add     t0, t0, t1
        sw      zero, 0(t0)
        srli    s1, s1, 2               # align sp down to 4
        slli    s1, s1, 2
        slli    a3, s3, 2               # then argv[]: (argc + 1) words
        addi    a3, a3, 4
        sub     s1, s1, a3
        li      t0, USER_TOP - PAGE_SIZE
        bltu    s1, t0, exec_fail
        mv      a0, s2
        mv      a1, s1
        addi    a2, sp, EX_USTACK
        call    copyout
        bnez    a0, exec_fail

        # 4. commit: from here on nothing can fail
        la      t0, curproc
        lw      s4, 0(t0)               # s4 = this process
        lw      t0, P_PGDIR(s4)
        sw      t0, EX_OLD(sp)
        sw      s2, P_PGDIR(s4)
        mtcr    ptbr, s2                # the new address space (flushes the TLB)
        lw      t0, EX_BRK(sp)
        sw      t0, P_BRK(s4)
        sw      t0, P_HEAP0(s4)
        addi    a0, s4, P_NAME
        lw      a1, EX_NAME(sp)
        li      a2, PROC_NAME_LEN
        call    strlcpy
        lw      a0, P_TF(s4)            # fresh registers, all 0 but these:
        li      a1, 0
        li      a2, TF_SIZE
        call    memset
        lw      t0, P_TF(s4)
        lw      t1, EX_ENTRY(sp)
        sw      t1, TF_EPC(t0)          # pc = e_entry
        sw      s1, TF_SP(t0)           # sp
        sw      s3, TF_A0(t0)           # a0 = argc
        sw      s1, TF_A1(t0)           # a1 = argv
        li      t1, STATUS_PG | STATUS_PIE | STATUS_PUM
        sw      t1, TF_STATUS(t0)       # eret: user mode, interrupts on
        lw      a0, EX_OLD(sp)
        call    uvm_free                # the old program is gone
        mv      a0, s3
        LEAVE

exec_fail:
        beqz    s2, 1f
        mv      a0, s2
        call    uvm_free
1:      li      a0, -1
        LEAVE

# exec_segment(a0 = program header, a1 = directory entry, a2 = new L1
# table) -> a0 = the segment's end address, 0 if there is nothing to load
# (not PT_LOAD, or empty), -1 if the segment is bad or memory ran out.
exec_segment:
        ENTER
        addi    sp, sp, -8              # 0(sp) = file offset, 4(sp) = bytes left
        mv      s2, a1                  # s2 = the file
        mv      s3, a2                  # s3 = the table
        mv      t3, a0                  # t3 = the header (until the first call)
        li      a0, 0
        lw      t0, PH_TYPE(t3)
        li      t1, PT_LOAD
        bne     t0, t1, 9f              # not for us: nothing to load
        lw      t0, PH_MEMSZ(t3)
        beqz    t0, 9f
        lw      t1, PH_FILESZ(t3)
        bgtu    t1, t0, 8f              # more file than memory: bad
        sw      t1, 4(sp)
        lw      t1, PH_OFFSET(t3)
        sw      t1, 0(sp)
        lw      s1, PH_VADDR(t3)        # s1 = where the next byte goes
        li      t1, USER_BASE
        bltu    s1, t1, 8f              # below the user region
        add     s4, s1, t0              # s4 = the end
        bltu    s4, s1, 8f              # wraps around
        li      t1, HEAP_LIMIT
        bgtu    s4, t1, 8f              # into the stack's area
        lw      t0, PH_FLAGS(t3)        # permissions: always U and R, and
        li      a3, PTE_U | PTE_R
        andi    t1, t0, PF_W
        beqz    t1, 1f
        ori     a3, a3, PTE_W           # W only if the segment says so
1:      andi    t1, t0, PF_X
        beqz    t1, 2f
        ori     a3, a3, PTE_X           # X only if the segment says so
2:      mv      a0, s3                  # map [round_down(vaddr), round_up(end))
        srli    a1, s1, PAGE_SHIFT
        slli    a1, a1, PAGE_SHIFT
        addi    a2, s4, PAGE_MASK
        srli    a2, a2, PAGE_SHIFT
        slli    a2, a2, PAGE_SHIFT
        call    uvm_alloc               # fails also if a page is taken
        bnez    a0, 8f
3:      lw      t0, 4(sp)               # copy the file's bytes, page by page
        beqz    t0, 4f
        mv      a0, s3
        mv      a1, s1
        li      a2, 0                   # (text pages are not writable:
        call    uva2pa                  #  ask for no permission, just U)
        beqz    a0, 8f                  # (cannot happen: we just mapped it)
        mv      a3, a0                  # a3 = destination, physical
        andi    t0, s1, PAGE_MASK       # a2 = min(bytes to the page's end, left)
        li      a2, PAGE_SIZE
        sub     a2, a2, t0
        lw      t1, 4(sp)
        bleu    a2, t1, 5f
        mv      a2, t1
5:      lw      a1, 0(sp)               # a1 = file offset
        add     s1, s1, a2
        add     t0, a1, a2
        sw      t0, 0(sp)
        sub     t1, t1, a2
        sw      t1, 4(sp)
        mv      a0, s2
        call    fs_read                 # fs_read(file, offset, n, destination)
        bnez    a0, 8f
        j       3b
4:      mv      a0, s4
9:      LEAVE
8:      li      a0, -1
        LEAVE

# sys_exec(name, argv) -> does not return on success (the new program
# starts), -1 on failure.  Copies the name and the argument strings from
# the user into a kernel page first: exec is about to destroy the address
# space they live in.
sys_exec:
        ENTER
        addi    sp, sp, -8              # 0(sp) = next string's place, 4(sp) = argv[i]
        mv      s1, a0
        mv      s2, a1                  # s2 = the user's argv
        call    kalloc
        beqz    a0, 9f
        mv      s3, a0                  # s3 = the page
        la      t0, curproc
        lw      t0, 0(t0)
        lw      s4, P_PGDIR(t0)         # s4 = the user's page table
        mv      a0, s4                  # the name
        addi    a1, s3, EXA_NAME
        mv      a2, s1
        li      a3, EXA_NAME_SIZE
        call    copyinstr
        bltz    a0, 8f
        li      a1, 0                   # no argv: exec makes { name }
        beqz    s2, 5f
        addi    t0, s3, EXA_STRINGS
        sw      t0, 0(sp)
        li      s1, 0                   # s1 = i
1:      mv      a0, s4                  # 4(sp) = argv[i], from the user
        addi    a1, sp, 4
        slli    t0, s1, 2
        add     a2, s2, t0
        li      a3, 4
        call    copyin
        bnez    a0, 8f
        lw      a2, 4(sp)
        beqz    a2, 4f                  # the end of argv
        li      t0, MAXARG
        bgeu    s1, t0, 8f              # too many
        lw      a1, 0(sp)               # our argv[i] = where the string goes
        slli    t0, s1, 2
        add     t0, t0, s3
        sw      a1, EXA_ARGV(t0)
        li      a3, PAGE_SIZE           # room: to the end of the page
        add     a3, a3, s3
        sub     a3, a3, a1
        mv      a0, s4
        call    copyinstr
        bltz    a0, 8f
        lw      t0, 0(sp)
        add     t0, t0, a0
        addi    t0, t0, 1
        sw      t0, 0(sp)
        addi    s1, s1, 1
        j       1b
4:      slli    t0, s1, 2               # our argv[i] = 0
        add     t0, t0, s3
        sw      zero, EXA_ARGV(t0)
        addi    a1, s3, EXA_ARGV
5:      addi    a0, s3, EXA_NAME
        call    exec
        mv      s1, a0
        mv      a0, s3
        call    kfree
        mv      a0, s1
        LEAVE
8:      mv      a0, s3
        call    kfree
9:      li      a0, -1
        LEAVE
