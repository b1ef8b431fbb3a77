/*
 * disk.c - the disk: 512-byte sectors from a host image file, moved to and
 * from physical memory by DMA, with seek and transfer latency in cycles.
 *
 * Owns: the disk's registers, the in-memory copy of the image and the one
 * command in flight.  Must not touch the CPU or RAM: memory is reached only
 * through the dma_port (whose owner checks bounds), time through the
 * dev_clock, interrupts through an irq_line.  Runs reproduce by default:
 * the image file is read once at creation and written back (at destroy or
 * disk_sync) only if the configuration asks for it.
 *
 * Register map (base 0xF0002000, 32-bit registers, lw/sw only):
 *
 *   +0x00 SECTOR    RW  first sector of the next command
 *   +0x04 ADDR      RW  physical address of the memory side of the DMA
 *   +0x08 COUNT     RW  sectors to transfer, 1..128
 *   +0x0C CMD       W   1 = READ (disk -> memory), 2 = WRITE (memory ->
 *                       disk); any other value is BAD_COMMAND.  Reads 0.
 *   +0x10 STATUS    R   bit0 BUSY  (a command is in flight)
 *                       bit1 DONE  (a command completed, well or not)
 *                       bit2 ERROR (a command failed: see ERROR)
 *                   W   write 1 to bit1: acknowledge (clears DONE, ERROR
 *                       and the ERROR code; lowers the line)
 *   +0x14 ERROR     R   0 none, 1 BAD_SECTOR, 2 BAD_ADDRESS, 3 BUSY,
 *                       4 BAD_COMMAND, 5 NO_DISK, 6 BAD_COUNT, 7 READ_ONLY
 *   +0x18 CTRL      RW  bit0 IE: raise interrupt line 2 while DONE
 *   +0x1C CAPACITY  R   the disk's size in sectors (0 without a disk)
 *   +0x20 HEAD      R   the head's position: the sector after the last
 *                       transfer (0 after reset)
 *
 * Writes to the read-only registers are ignored.  Interrupt line 2 is
 * DONE && IE (level-triggered, until acknowledged or IE cleared).
 *
 * A write to CMD is checked in this order, and the first failure completes
 * the command at once (DONE | ERROR, the code in ERROR, the line up if IE,
 * no data moved, HEAD unchanged): BUSY, NO_DISK, BAD_COMMAND, READ_ONLY,
 * BAD_COUNT, BAD_SECTOR (SECTOR + COUNT > CAPACITY), BAD_ADDRESS (ADDR +
 * COUNT*512 past 2^32).  A BUSY rejection leaves the command in flight
 * alone.  Otherwise the command is accepted: DONE, ERROR and the code are
 * cleared, BUSY is set, SECTOR/ADDR/COUNT are latched (rewriting them
 * changes nothing in flight), and the command completes
 *
 *     seek + transfer  cycles later, where
 *     seek     = SECTOR == HEAD ? 0 : seek_base + seek_per_sector * |SECTOR - HEAD|
 *     transfer = per_sector * COUNT
 *
 * (defaults 1000, 2 and 256).  At completion the whole transfer is one DMA
 * through the port; if the port refuses it, ERROR = BAD_ADDRESS and nothing
 * moves either way.  Then BUSY clears, DONE sets, HEAD = SECTOR + COUNT
 * (also after BAD_ADDRESS: the head did travel), and the line rises if IE.
 * Example: READ 1 sector at sector 10, head at 0: 1000 + 2*10 + 256 = 1276
 * cycles after the CMD write; HEAD becomes 11.
 *
 * Snapshots (reverse execution) must bring the image back too, without
 * copying it each time: from the first save on, every completed WRITE is
 * journaled with the sectors before and after; a snapshot holds the
 * registers and a position in that journal, and restore undoes or redoes
 * entries to get there.  Re-executing the same WRITE after going back keeps
 * the journal's future; a different one replaces it, and snapshots of the
 * replaced future can no longer be restored (restore returns false).
 */
#include "devices/disk.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The registers and the command in flight: what a snapshot holds, with
 * the journal position (the event itself is in the machine's queue, which
 * snapshots save with its ids). */
struct disk_state {
    uint32_t sector, addr, count, ctrl, error, head;
    bool busy, done, failed;
    struct { uint32_t cmd, sector, addr, count; } op;   /* the command in flight */
    uint32_t event;          /* its completion's evq id, 0 if none */
    uint64_t reads, writes, sectors_read, sectors_written, errors;
};

/* One completed WRITE, undoable: the sectors before and after. */
struct journal_entry {
    uint64_t id;             /* unique for the life of the disk, from 1 */
    uint32_t sector, count;
    uint8_t *before, *after; /* count * 512 bytes each (one allocation) */
};

struct disk {
    struct disk_state s;
    uint8_t *image;          /* capacity * 512 bytes, NULL = no disk */
    uint32_t capacity;       /* sectors */
    char *path;
    bool read_only, writeback, dirty;
    uint32_t seek_base, seek_per_sector, per_sector;
    uint8_t *bounce;         /* DISK_MAX_COUNT sectors: WRITE lands here first */

    /* Snapshots: once the first one is taken, every WRITE is journaled;
     * entries [0, pos) are applied to the image, [pos, n) are a future
     * that a restore went back from. */
    bool journaling;
    struct journal_entry *journal;
    size_t journal_n, journal_cap, journal_pos;
    uint64_t journal_next_id;

    struct irq_line irq;
    struct dev_clock clock;
    struct dma_port dma;
};

static const struct device_ops disk_ops;

void disk_config_default(struct disk_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->seek_base = DISK_SEEK_BASE_DEFAULT;
    cfg->seek_per_sector = DISK_SEEK_PER_SECTOR_DEFAULT;
    cfg->per_sector = DISK_PER_SECTOR_DEFAULT;
}

static void update_irq(struct disk *d)
{
    irq_set(&d->irq, d->s.done && (d->s.ctrl & DISK_CTRL_IE));
}

/* The guest's mistake, reported in the registers; a command in flight
 * (if any) is not disturbed. */
static void fail(struct disk *d, enum disk_error code)
{
    d->s.error = code;
    d->s.failed = true;
    d->s.done = true;
    d->s.errors++;
    update_irq(d);
}

static void journal_truncate(struct disk *d, size_t n)
{
    while (d->journal_n > n)
        free(d->journal[--d->journal_n].before);
}

/* Record a WRITE of `after` over `at` (the sectors as they are now).  A
 * WRITE that repeats the journal's next entry (re-execution after a
 * restore, the machine being deterministic) keeps the future; any other
 * drops it. */
static void journal_write(struct disk *d, uint32_t sector, uint32_t count,
                          const uint8_t *at, const uint8_t *after)
{
    size_t len = (size_t)count * DISK_SECTOR_SIZE;
    if (d->journal_pos < d->journal_n) {
        const struct journal_entry *j = &d->journal[d->journal_pos];
        if (j->sector == sector && j->count == count && memcmp(j->after, after, len) == 0) {
            d->journal_pos++;
            return;
        }
        journal_truncate(d, d->journal_pos);
    }
    if (d->journal_n == d->journal_cap) {
        size_t cap = d->journal_cap ? 2 * d->journal_cap : 16;
        struct journal_entry *a = realloc(d->journal, cap * sizeof *a);
        assert(a);                       /* out of host memory: nothing sane to do */
        d->journal = a;
        d->journal_cap = cap;
    }
    uint8_t *mem = malloc(2 * len);
    assert(mem);
    memcpy(mem, at, len);
    memcpy(mem + len, after, len);
    d->journal[d->journal_n++] = (struct journal_entry){
        d->journal_next_id++, sector, count, mem, mem + len,
    };
    d->journal_pos = d->journal_n;
}

static void complete(void *arg, uint64_t when)
{
    (void)when;
    struct disk *d = arg;
    assert(d->s.busy && d->image);
    assert(d->s.op.count >= 1 && d->s.op.count <= DISK_MAX_COUNT);
    assert((uint64_t)d->s.op.sector + d->s.op.count <= d->capacity);
    d->s.event = 0;
    d->s.busy = false;

    uint32_t len = d->s.op.count * DISK_SECTOR_SIZE;
    uint8_t *at = d->image + (size_t)d->s.op.sector * DISK_SECTOR_SIZE;
    bool ok;
    if (d->s.op.cmd == DISK_CMD_READ) {
        ok = d->dma.write && d->dma.write(d->dma.ctx, d->s.op.addr, at, len);
        if (ok) {
            d->s.reads++;
            d->s.sectors_read += d->s.op.count;
        }
    } else {
        /* Defensive: the port promises to touch nothing when it refuses,
         * but the image changes only after it has said yes. */
        ok = d->dma.read && d->dma.read(d->dma.ctx, d->s.op.addr, d->bounce, len);
        if (ok) {
            if (d->journaling)
                journal_write(d, d->s.op.sector, d->s.op.count, at, d->bounce);
            memcpy(at, d->bounce, len);
            d->dirty = true;
            d->s.writes++;
            d->s.sectors_written += d->s.op.count;
        }
    }
    d->s.head = d->s.op.sector + d->s.op.count;
    if (ok) {
        d->s.done = true;
        update_irq(d);
    } else {
        fail(d, DISK_ERR_BAD_ADDRESS);
    }
}

static uint64_t latency(const struct disk *d)
{
    uint64_t dist = d->s.sector > d->s.head ? d->s.sector - d->s.head : d->s.head - d->s.sector;
    uint64_t seek = dist ? d->seek_base + (uint64_t)d->seek_per_sector * dist : 0;
    return seek + (uint64_t)d->per_sector * d->s.count;
}

/* The first check a command fails, or DISK_ERR_NONE. */
static enum disk_error check(const struct disk *d, uint32_t cmd)
{
    if (d->s.busy)
        return DISK_ERR_BUSY;
    if (!d->image)
        return DISK_ERR_NO_DISK;
    if (cmd != DISK_CMD_READ && cmd != DISK_CMD_WRITE)
        return DISK_ERR_BAD_COMMAND;
    if (cmd == DISK_CMD_WRITE && d->read_only)
        return DISK_ERR_READ_ONLY;
    if (d->s.count == 0 || d->s.count > DISK_MAX_COUNT)
        return DISK_ERR_BAD_COUNT;
    if ((uint64_t)d->s.sector + d->s.count > d->capacity)
        return DISK_ERR_BAD_SECTOR;
    if ((uint64_t)d->s.addr + (uint64_t)d->s.count * DISK_SECTOR_SIZE > 0x100000000u)
        return DISK_ERR_BAD_ADDRESS;
    return DISK_ERR_NONE;
}

static void command(struct disk *d, uint32_t cmd)
{
    enum disk_error e = check(d, cmd);
    if (e != DISK_ERR_NONE) {
        fail(d, e);
        return;
    }
    d->s.done = d->s.failed = false;
    d->s.error = DISK_ERR_NONE;
    d->s.busy = true;
    d->s.op.cmd = cmd;
    d->s.op.sector = d->s.sector;
    d->s.op.addr = d->s.addr;
    d->s.op.count = d->s.count;
    uint64_t now = clock_now(&d->clock), lat = latency(d);
    uint64_t when = lat > UINT64_MAX - now ? UINT64_MAX : now + lat;
    d->s.event = evq_schedule(d->clock.evq, when, complete, d);
    assert(d->s.event != 0);           /* out of host memory for one event */
    update_irq(d);
}

static uint32_t status(const struct disk *d)
{
    return (d->s.busy ? DISK_ST_BUSY : 0) | (d->s.done ? DISK_ST_DONE : 0) |
           (d->s.failed ? DISK_ST_ERROR : 0);
}

static bool disk_read(void *dev, uint32_t off, uint32_t *v)
{
    struct disk *d = dev;
    switch (off) {
    case DISK_SECTOR:   *v = d->s.sector; return true;
    case DISK_ADDR:     *v = d->s.addr; return true;
    case DISK_COUNT:    *v = d->s.count; return true;
    case DISK_CMD:      *v = 0; return true;
    case DISK_STATUS:   *v = status(d); return true;
    case DISK_ERROR:    *v = d->s.error; return true;
    case DISK_CTRL:     *v = d->s.ctrl; return true;
    case DISK_CAPACITY: *v = d->capacity; return true;
    case DISK_HEAD:     *v = d->s.head; return true;
    default:            return false;
    }
}

static bool disk_write(void *dev, uint32_t off, uint32_t v)
{
    struct disk *d = dev;
    switch (off) {
    case DISK_SECTOR: d->s.sector = v; return true;
    case DISK_ADDR:   d->s.addr = v; return true;
    case DISK_COUNT:  d->s.count = v; return true;      /* checked by the command */
    case DISK_CMD:    command(d, v); return true;
    case DISK_STATUS:
        if (v & DISK_ST_DONE) {
            d->s.done = d->s.failed = false;
            d->s.error = DISK_ERR_NONE;
            update_irq(d);
        }
        return true;
    case DISK_CTRL:
        d->s.ctrl = v & DISK_CTRL_IE;
        update_irq(d);
        return true;
    case DISK_ERROR:
    case DISK_CAPACITY:
    case DISK_HEAD:
        return true;                     /* read-only: writes are ignored */
    default:
        return false;
    }
}

static void disk_reset(void *dev)
{
    struct disk *d = dev;
    /* By arg, never by id (see timer_reset).  A transfer in flight is
     * dropped whole; the image keeps what completed WRITEs put there. */
    evq_cancel_arg(d->clock.evq, d);
    memset(&d->s, 0, sizeof d->s);
    update_irq(d);
}

static void disk_dump(void *dev, FILE *out)
{
    struct disk *d = dev;
    fprintf(out, "disk: %s%s, %u sectors; sector=%u addr=%#x count=%u status=%#x error=%u "
            "ctrl=%#x head=%u", d->path ? d->path : "(no disk)",
            d->read_only ? " (read-only)" : "", d->capacity, d->s.sector, d->s.addr, d->s.count,
            status(d), d->s.error, d->s.ctrl, d->s.head);
    if (d->s.busy)
        fprintf(out, "; in flight: %s %u sectors at %u <-> %#x", d->s.op.cmd == DISK_CMD_READ ?
                "READ" : "WRITE", d->s.op.count, d->s.op.sector, d->s.op.addr);
    fprintf(out, "; reads %llu (%llu sectors) writes %llu (%llu sectors) errors %llu%s",
            (unsigned long long)d->s.reads, (unsigned long long)d->s.sectors_read,
            (unsigned long long)d->s.writes, (unsigned long long)d->s.sectors_written,
            (unsigned long long)d->s.errors, d->dirty ? ", image modified" : "");
    if (d->journaling)
        fprintf(out, "; journal %zu/%zu writes", d->journal_pos, d->journal_n);
    fputc('\n', out);
}

static bool sync_image(struct disk *d, char *err, size_t errlen)
{
    if (!d->writeback || !d->dirty)
        return true;
    FILE *f = fopen(d->path, "r+b");   /* same size: no truncation needed */
    if (!f) {
        snprintf(err, errlen, "%s: error: cannot write the disk image back: %s",
                 d->path, strerror(errno));
        return false;
    }
    size_t n = (size_t)d->capacity * DISK_SECTOR_SIZE;
    bool ok = fwrite(d->image, 1, n, f) == n;
    int e = errno;
    if (fclose(f) != 0 && ok) {
        ok = false;
        e = errno;
    }
    if (!ok) {
        snprintf(err, errlen, "%s: error: cannot write the disk image back: %s",
                 d->path, strerror(e));
        return false;
    }
    d->dirty = false;
    return true;
}

bool disk_sync(struct device *dev, char *err, size_t errlen)
{
    assert(dev->ops == &disk_ops);
    return sync_image(dev->state, err, errlen);
}

static void disk_destroy(void *dev)
{
    struct disk *d = dev;
    char err[512];
    evq_cancel_arg(d->clock.evq, d);
    if (!sync_image(d, err, sizeof err))
        fprintf(stderr, "%s\n", err);   /* the last chance to tell anyone */
    journal_truncate(d, 0);
    free(d->journal);
    free(d->image);
    free(d->bounce);
    free(d->path);
    free(d);
}

/* A snapshot: the registers, and where the image stands in the journal
 * (the entry count and the id of the last entry applied), not the image:
 * a snapshot costs a few bytes however big the disk. */
struct disk_snap {
    struct disk_state s;
    uint64_t pos, last_id;
};

static size_t disk_save(void *dev, void *buf)
{
    struct disk *d = dev;
    d->journaling = true;                /* from now on WRITEs can be undone */
    if (buf) {
        struct disk_snap snap;
        memset(&snap, 0, sizeof snap);
        snap.s = d->s;
        snap.pos = d->journal_pos;
        snap.last_id = d->journal_pos ? d->journal[d->journal_pos - 1].id : 0;
        memcpy(buf, &snap, sizeof snap);
    }
    return sizeof(struct disk_snap);
}

static bool disk_restore(void *dev, const void *buf, size_t len)
{
    struct disk *d = dev;
    struct disk_snap snap;
    if (len != sizeof snap)
        return false;
    memcpy(&snap, buf, sizeof snap);
    /* The snapshot's image must be on our journal: refused if it was in a
     * future that a different history has since replaced. */
    if (snap.pos > d->journal_n ||
        (snap.pos && d->journal[snap.pos - 1].id != snap.last_id) ||
        (!snap.pos && snap.last_id))
        return false;
    while (d->journal_pos > snap.pos) {          /* back: undo */
        const struct journal_entry *j = &d->journal[--d->journal_pos];
        memcpy(d->image + (size_t)j->sector * DISK_SECTOR_SIZE, j->before,
               (size_t)j->count * DISK_SECTOR_SIZE);
        d->dirty = true;
    }
    while (d->journal_pos < snap.pos) {          /* forward: redo */
        const struct journal_entry *j = &d->journal[d->journal_pos++];
        memcpy(d->image + (size_t)j->sector * DISK_SECTOR_SIZE, j->after,
               (size_t)j->count * DISK_SECTOR_SIZE);
        d->dirty = true;
    }
    d->s = snap.s;
    update_irq(d);
    return true;
}

static const struct device_ops disk_ops = {
    .name = "disk", .read = disk_read, .write = disk_write, .reset = disk_reset,
    .dump = disk_dump, .destroy = disk_destroy,
    .save = disk_save, .restore = disk_restore,
};

/* Read the whole image; false with a message naming the file. */
static bool load_image(struct disk *d, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: error: cannot open the disk image: %s", path, strerror(errno));
        return false;
    }
    struct stat st;
    const char *why = NULL;
    if (fstat(fileno(f), &st) != 0)
        why = strerror(errno);
    else if (!S_ISREG(st.st_mode))
        why = "not a regular file";
    else if (st.st_size == 0)
        why = "the image is empty (it must hold at least one 512-byte sector)";
    if (why) {
        snprintf(err, errlen, "%s: error: bad disk image: %s", path, why);
        fclose(f);
        return false;
    }
    if (st.st_size % DISK_SECTOR_SIZE != 0 || st.st_size > (off_t)DISK_MAX_IMAGE) {
        snprintf(err, errlen, "%s: error: bad disk image: its size, %lld bytes, %s", path,
                 (long long)st.st_size, st.st_size > (off_t)DISK_MAX_IMAGE ?
                 "is more than the 1 GiB limit" : "is not a multiple of the 512-byte sector");
        fclose(f);
        return false;
    }
    size_t n = (size_t)st.st_size;
    d->image = malloc(n);
    if (!d->image) {
        snprintf(err, errlen, "%s: error: out of memory for the %zu-byte disk image", path, n);
        fclose(f);
        return false;
    }
    if (fread(d->image, 1, n, f) != n) {
        snprintf(err, errlen, "%s: error: cannot read the disk image: %s", path,
                 ferror(f) ? strerror(errno) : "it shrank while being read");
        fclose(f);
        return false;
    }
    fclose(f);
    d->capacity = (uint32_t)(n / DISK_SECTOR_SIZE);
    return true;
}

bool disk_create(struct device *dev, const struct disk_config *cfg,
                 struct irq_line irq, struct dev_clock clock, struct dma_port dma,
                 char *err, size_t errlen)
{
    struct disk *d = calloc(1, sizeof *d);
    if (!d || !(d->bounce = malloc(DISK_MAX_COUNT * DISK_SECTOR_SIZE))) {
        free(d);
        snprintf(err, errlen, "disk: out of memory");
        return false;
    }
    d->irq = irq;
    d->clock = clock;
    d->dma = dma;
    d->journal_next_id = 1;
    if (cfg->path) {
        size_t len = strlen(cfg->path) + 1;
        if (!(d->path = malloc(len))) {
            snprintf(err, errlen, "disk: out of memory");
            disk_destroy(d);
            return false;
        }
        memcpy(d->path, cfg->path, len);
        if (!load_image(d, cfg->path, err, errlen)) {
            disk_destroy(d);             /* not dirty: writes nothing back */
            return false;
        }
    }
    d->read_only = cfg->read_only;
    d->writeback = cfg->writeback && cfg->path && !cfg->read_only;
    d->seek_base = cfg->seek_base;
    d->seek_per_sector = cfg->seek_per_sector;
    d->per_sector = cfg->per_sector;
    dev->ops = &disk_ops;
    dev->state = d;
    dev->base = 0xF0002000u;
    return true;
}
