# hostile_dma.s - a guest that aims its disk's DMA past the end of its own
# memory (where, on the real machine, the next guest's memory begins).  The
# disk must refuse with BAD_ADDRESS (error 2) and write nothing.  Exit
# status: the ERROR register (expected 2).  Needs a disk image.
        .equ    DISK, 0xF0002000
        .text
_start: li      t0, DISK
        li      t1, 0x00FFFF00          # 256 bytes below the end of 16 MiB
        sw      t1, 0x04(t0)            # ADDR
        li      t1, 1
        sw      t1, 0x08(t0)            # COUNT = 1 sector = 512 bytes
        sw      zero, 0x00(t0)          # SECTOR 0
        sw      t1, 0x0C(t0)            # READ
1:      lw      t1, 0x10(t0)
        andi    t1, t1, 1
        bnez    t1, 1b                  # wait while BUSY
        lw      a0, 0x14(t0)            # ERROR
        li      t0, 0xF0003000
        sw      a0, 0(t0)
