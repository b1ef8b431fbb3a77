# fs.s - SMFS, the read-only file system that `simmon mkdisk` writes.
#
# The whole layout, in 512-byte sectors (all numbers little-endian u32):
#
#   sector 0        superblock: magic "SMFS" (0x53464D53), version 1,
#                   nfiles, total_sectors
#   sectors 1..k    the directory: nfiles entries of 32 bytes,
#                   { char name[24] (NUL-padded), first_sector, size_bytes }
#   then            each file's bytes, contiguous, from a sector boundary
#
# No subdirectories, no writing, no free-space map: a disk is made once on
# the host and only read here.  Mounting reads the superblock and the whole
# directory into memory (fs_dir), checking everything, since the disk is
# input and may be damaged: an entry that points outside the disk, or a
# name without a NUL, is ignored with a warning.  After that, finding a
# file is a search of fs_dir, and reading one is reading its sectors.

        .equ    SB_MAGIC,       0
        .equ    SB_VERSION,     4
        .equ    SB_NFILES,      8
        .equ    SB_TOTAL,       12
        .equ    SMFS_MAGIC,     0x53464D53      # "SMFS"
        .equ    SMFS_VERSION,   1
        .equ    DE_NAME,        0
        .equ    DE_NAME_LEN,    24
        .equ    DE_FIRST,       24
        .equ    DE_SIZE,        28
        .equ    DE_BYTES,       32              # one directory entry
        .equ    FS_MAX_FILES,   128             # 128 * 32 = one page of directory

        .text

# fs_mount(): read and check the superblock and the directory.  A disk
# that is not SMFS at all stops the machine: there is no shell to run.
fs_mount:
        ENTER
        li      a0, 0
        call    bread
        beqz    a0, 8f
        lw      t0, SB_MAGIC(a0)
        li      t1, SMFS_MAGIC
        bne     t0, t1, 7f
        lw      t0, SB_VERSION(a0)
        li      t1, SMFS_VERSION
        bne     t0, t1, 7f
        lw      s1, SB_NFILES(a0)       # s1 = files
        lw      s2, SB_TOTAL(a0)        # s2 = sectors
        la      t0, disk_capacity
        lw      t0, 0(t0)
        bgtu    s2, t0, 7f              # bigger than the disk: damaged
        li      t0, FS_MAX_FILES
        bleu    s1, t0, 1f
        la      a0, fs_msg_many         # more than we keep: use the first ones
        call    kputs
        li      s1, FS_MAX_FILES
1:      la      t0, fs_nfiles
        sw      s1, 0(t0)
        la      t0, fs_total
        sw      s2, 0(t0)
        # the directory: sectors 1 .. ceil(nfiles * 32 / 512)
        li      s3, 0                   # s3 = directory bytes read so far
        slli    s4, s1, 5               # s4 = directory bytes
2:      bgeu    s3, s4, 3f
        srli    a0, s3, SECTOR_SHIFT
        addi    a0, a0, 1
        call    bread
        beqz    a0, 8f
        mv      a1, a0
        la      a0, fs_dir
        add     a0, a0, s3
        li      a2, SECTOR_SIZE
        call    memcpy
        addi    s3, s3, SECTOR_SIZE
        j       2b
3:      la      s3, fs_dir              # check each entry
        slli    s4, s1, 5
        add     s4, s4, s3
4:      bgeu    s3, s4, 6f
        mv      a0, s3
        call    fs_check_entry
        beqz    a0, 5f
        la      a0, fs_msg_bad          # damaged: make it nameless, so
        call    kputs                   # no lookup finds it
        sb      zero, DE_NAME(s3)
5:      addi    s3, s3, DE_BYTES
        j       4b
6:      LEAVE
7:      la      a0, fs_msg_notfs
        call    kputs
        li      a0, 1
        call    poweroff
8:      la      a0, fs_msg_ioerr
        call    kputs
        li      a0, 1
        call    poweroff

# fs_check_entry(a0 = directory entry) -> 0 if it is sound: its name ends
# with a NUL inside the 24 bytes and its sectors lie inside the disk.
fs_check_entry:
        lbu     t0, DE_NAME_LEN - 1(a0)
        bnez    t0, 9f                  # no room for the NUL
        lw      t0, DE_SIZE(a0)         # sectors = ceil(size / 512)
        addi    t1, t0, SECTOR_SIZE - 1
        bltu    t1, t0, 9f              # (size near 4 GiB: wraps around)
        srli    t1, t1, SECTOR_SHIFT
        lw      t0, DE_FIRST(a0)
        add     t1, t0, t1              # first + sectors
        bltu    t1, t0, 9f
        la      t2, fs_total
        lw      t2, 0(t2)
        bgtu    t1, t2, 9f              # beyond the end
        li      a0, 0
        ret
9:      li      a0, -1
        ret

# fs_lookup(a0 = name, a kernel string) -> a0 = its directory entry, or 0.
fs_lookup:
        ENTER
        mv      s1, a0
        la      s2, fs_dir
        la      t0, fs_nfiles
        lw      s3, 0(t0)
        slli    s3, s3, 5
        add     s3, s3, s2              # s3 = the end of fs_dir
1:      bgeu    s2, s3, 2f
        lbu     t0, DE_NAME(s2)
        beqz    t0, 3f                  # an ignored entry
        mv      a0, s1
        addi    a1, s2, DE_NAME
        call    strcmp
        beqz    a0, 4f
3:      addi    s2, s2, DE_BYTES
        j       1b
2:      li      a0, 0
        LEAVE
4:      mv      a0, s2
        LEAVE

# fs_read(a0 = directory entry, a1 = offset, a2 = length, a3 = kernel
# address) -> 0, or -1 if [offset, offset + length) is not inside the file
# or the disk fails.  Sector by sector, through bread.
fs_read:
        ENTER
        mv      s1, a0
        mv      s2, a1                  # s2 = file offset
        mv      s3, a2                  # s3 = bytes left
        mv      s4, a3                  # s4 = destination
        lw      t0, DE_SIZE(s1)
        bgtu    s2, t0, 9f
        sub     t0, t0, s2
        bgtu    s3, t0, 9f              # past the end of the file
1:      beqz    s3, 2f
        srli    a0, s2, SECTOR_SHIFT
        lw      t0, DE_FIRST(s1)
        add     a0, a0, t0
        call    bread
        beqz    a0, 9f
        andi    t0, s2, SECTOR_SIZE - 1 # a2 = min(bytes to the sector's end, left)
        add     a1, a0, t0
        li      a2, SECTOR_SIZE
        sub     a2, a2, t0
        bleu    a2, s3, 3f
        mv      a2, s3
3:      mv      a0, s4
        add     s2, s2, a2
        sub     s3, s3, a2
        add     s4, s4, a2
        call    memcpy
        j       1b
2:      li      a0, 0
        LEAVE
9:      li      a0, -1
        LEAVE

# sys_listprogs(buf, len) -> bytes stored: the names of the files on the
# disk, each followed by a newline, cut to len bytes.  -1 for a bad buffer.
sys_listprogs:
        ENTER
        mv      s1, a0
        mv      s2, a1
        bltz    s2, 9f
        la      s3, fs_list             # s3 = where the next name goes
        la      s4, fs_dir
1:      la      t0, fs_nfiles
        lw      t0, 0(t0)
        slli    t0, t0, 5
        la      t1, fs_dir
        add     t0, t0, t1
        bgeu    s4, t0, 2f
        lbu     t0, DE_NAME(s4)
        beqz    t0, 3f
        mv      a0, s3
        addi    a1, s4, DE_NAME
        li      a2, DE_NAME_LEN
        call    strlcpy                 # returns with a0 at the NUL
        li      t0, '\n'
        sb      t0, 0(a0)
        addi    s3, a0, 1
3:      addi    s4, s4, DE_BYTES
        j       1b
2:      la      t0, fs_list             # s3 = the length of the list
        sub     s3, s3, t0
        bleu    s3, s2, 4f
        mv      s3, s2                  # cut to what fits
4:      la      t0, curproc
        lw      t0, 0(t0)
        lw      a0, P_PGDIR(t0)
        mv      a1, s1
        la      a2, fs_list
        mv      a3, s3
        call    copyout
        bnez    a0, 9f
        mv      a0, s3
        LEAVE
9:      li      a0, -1
        LEAVE

        .data
fs_msg_notfs:   .asciz  "toyos: the disk is not a valid SMFS disk (simmon mkdisk makes one)\n"
fs_msg_ioerr:   .asciz  "toyos: cannot read the disk\n"
fs_msg_many:    .asciz  "toyos: warning: too many files on the disk, using the first 128\n"
fs_msg_bad:     .asciz  "toyos: warning: a damaged directory entry is ignored\n"
        .align  2
fs_nfiles:      .word   0
fs_total:       .word   0
        .bss
        .align  2
fs_dir:         .space  FS_MAX_FILES * DE_BYTES     # the directory, in memory
fs_list:        .space  FS_MAX_FILES * DE_NAME_LEN  # listprogs builds its answer here
