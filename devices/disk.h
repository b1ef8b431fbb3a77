/* disk.h - the disk device (register map in disk.c and devices/README.md). */
#ifndef SIMMON_DISK_H
#define SIMMON_DISK_H

#include "devices/device.h"

#include <stddef.h>

#define DISK_SECTOR_SIZE            512u
#define DISK_MAX_COUNT              128u          /* sectors per command */
#define DISK_MAX_IMAGE              (1u << 30)    /* bytes: 1 GiB */
#define DISK_SEEK_BASE_DEFAULT      1000u         /* cycles */
#define DISK_SEEK_PER_SECTOR_DEFAULT   2u         /* cycles per sector of distance */
#define DISK_PER_SECTOR_DEFAULT      256u         /* cycles per sector transferred */

struct disk_config {
    const char *path;        /* host image file; NULL = no disk (NO_DISK) */
    bool read_only;          /* WRITE commands fail with READ_ONLY */
    bool writeback;          /* write the image back to path at destroy */
    uint32_t seek_base, seek_per_sector, per_sector;   /* cycles; see disk.c */
};

/* No disk, read-write, no writeback, the default timing. */
void disk_config_default(struct disk_config *cfg);

/* Fills *dev (base 0xF0002000); false (with err naming the file) on
 * failure.  The image is read into memory here; WRITE commands change only
 * that copy.  The machine gives it interrupt line 2 and a DMA port over
 * physical memory.  Call ops->reset before the first run. */
bool disk_create(struct device *dev, const struct disk_config *cfg,
                 struct irq_line irq, struct dev_clock clock, struct dma_port dma,
                 char *err, size_t errlen);

/* With writeback, write the in-memory image to its file now if a WRITE
 * changed it since the last sync; true if there was nothing to do.
 * destroy does the same, but can only report a failure on stderr: call
 * this first where an error can be shown to the user. */
bool disk_sync(struct device *dev, char *err, size_t errlen);

/* Register offsets, bits and error codes, shared with tests and the docs. */
enum {
    DISK_SECTOR = 0x00, DISK_ADDR = 0x04, DISK_COUNT = 0x08, DISK_CMD = 0x0C,
    DISK_STATUS = 0x10, DISK_ERROR = 0x14, DISK_CTRL = 0x18, DISK_CAPACITY = 0x1C,
    DISK_HEAD = 0x20,
    DISK_CMD_READ = 1, DISK_CMD_WRITE = 2,
    DISK_ST_BUSY = 1u << 0, DISK_ST_DONE = 1u << 1, DISK_ST_ERROR = 1u << 2,
    DISK_CTRL_IE = 1u << 0,
};

enum disk_error {
    DISK_ERR_NONE = 0,
    DISK_ERR_BAD_SECTOR = 1,     /* SECTOR + COUNT beyond CAPACITY */
    DISK_ERR_BAD_ADDRESS = 2,    /* the DMA port refused [ADDR, ADDR + COUNT*512) */
    DISK_ERR_BUSY = 3,           /* a command while BUSY */
    DISK_ERR_BAD_COMMAND = 4,    /* CMD neither READ nor WRITE */
    DISK_ERR_NO_DISK = 5,        /* no image attached */
    DISK_ERR_BAD_COUNT = 6,      /* COUNT 0 or above 128 */
    DISK_ERR_READ_ONLY = 7,      /* WRITE to a read-only disk */
};

#endif
