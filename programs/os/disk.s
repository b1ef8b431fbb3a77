# disk.s - the disk driver: DMA plus a completion interrupt.
#
# The disk moves whole 512-byte sectors between itself and physical
# memory on its own (DMA: direct memory access).  The driver only says
# which sectors, where in memory, and go:
#
#     SECTOR = first sector; ADDR = physical address; COUNT = sectors
#     CMD = READ                    the disk is BUSY for a while (seek and
#       ... the CPU runs others ... transfer, a fixed number of cycles)
#     interrupt line 2              DONE (and ERROR if it failed)
#     STATUS = DONE                 acknowledge: the line goes down
#
# While the disk works, the process that asked sleeps (on disk_done), so
# the CPU runs someone else; the interrupt handler wakes it.  One command
# at a time: a process that finds the disk busy sleeps (on disk_busy) until
# the current user is finished.
#
# Above the driver sits a one-sector cache, bread(sector): the file system
# reads through it, and reading the same sector twice in a row (the ELF
# header, then the program headers just after it) costs one disk access.
#
# Addresses: the DMA engine sees physical memory.  The kernel's buffer is
# at VA = PA (vm.s), so its address is the one the disk needs.

        .text

# disk_init(): is there a disk?  If not, there is nothing to run: say so
# and stop.  Otherwise enable its completion interrupt.
disk_init:
        ENTER
        li      t0, DISK
        lw      t1, DISK_CAPACITY(t0)
        beqz    t1, 1f
        la      t2, disk_capacity
        sw      t1, 0(t2)
        li      t1, DISK_CTRL_IE
        sw      t1, DISK_CTRL(t0)
        mfcr    t0, ienable
        ori     t0, t0, 1 << IRQ_DISK
        mtcr    ienable, t0
        LEAVE
1:      la      a0, disk_msg_none
        call    kputs
        li      a0, 1
        call    poweroff

# disk_read(a0 = first sector, a1 = physical address, a2 = sector count)
# -> 0, or -1 if the disk reported an error.  Sleeps until done.
disk_read:
        ENTER
        mv      s1, a0
        mv      s2, a1
        mv      s3, a2
1:      la      t0, disk_busy           # wait for our turn
        lw      t0, 0(t0)
        beqz    t0, 2f
        la      a0, disk_busy
        call    proc_sleep
        j       1b
2:      la      t0, disk_busy
        li      t1, 1
        sw      t1, 0(t0)
        la      t0, disk_done
        sw      zero, 0(t0)
        li      t0, DISK                # the command
        sw      s1, DISK_SECTOR(t0)
        sw      s2, DISK_ADDR(t0)
        sw      s3, DISK_COUNT(t0)
        li      t1, DISK_CMD_READ
        sw      t1, DISK_CMD(t0)        # go
3:      la      t0, disk_done           # sleep until disk_intr says done
        lw      t0, 0(t0)
        bnez    t0, 4f
        la      a0, disk_done
        call    proc_sleep
        j       3b
4:      la      t0, disk_status
        lw      s1, 0(t0)
        la      t0, disk_busy           # our turn is over
        sw      zero, 0(t0)
        la      a0, disk_busy
        call    proc_wakeup
        andi    t0, s1, DISK_ST_ERROR
        li      a0, 0
        beqz    t0, 5f
        li      a0, -1
5:      LEAVE

# disk_intr(): line 2 is up: the command finished.  Keep its status,
# acknowledge, wake the process waiting for it.
disk_intr:
        ENTER
        li      t0, DISK
        lw      t1, DISK_STATUS(t0)
        la      t2, disk_status
        sw      t1, 0(t2)
        li      t1, DISK_ST_DONE
        sw      t1, DISK_STATUS(t0)     # acknowledge: the line goes down
        la      a0, disk_done
        li      t1, 1
        sw      t1, 0(a0)
        call    proc_wakeup
        LEAVE

# bread(a0 = sector) -> a0 = the address of a 512-byte buffer holding it,
# or 0 on a disk error.  The buffer is shared: use it before sleeping
# again (the next bread may overwrite it).
bread:
        ENTER
        mv      s1, a0
        la      s2, bcache_sector
        lw      t0, 0(s2)
        beq     t0, s1, 1f              # cached
        li      t0, -1                  # in flux until the read is done
        sw      t0, 0(s2)
        mv      a0, s1
        la      a1, bcache
        li      a2, 1
        call    disk_read
        bnez    a0, 2f
        sw      s1, 0(s2)
1:      la      a0, bcache
        LEAVE
2:      li      a0, 0
        LEAVE

        .data
disk_msg_none:  .asciz  "toyos: no disk: nothing to run (simmon run --disk IMAGE)\n"
        .align  2
disk_capacity:  .word   0               # sectors
disk_busy:      .word   0               # a command is in flight
disk_done:      .word   0               # ...and it has finished
disk_status:    .word   0               # its STATUS at the interrupt
bcache_sector:  .word   -1              # which sector bcache holds (-1: none)
        .bss
        .align  2
bcache:         .space  SECTOR_SIZE
