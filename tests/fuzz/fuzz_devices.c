/*
 * fuzz_devices.c - libFuzzer target for the timer, the disk and the
 * console (devices/), driven the way a guest drives them.
 *
 * Owns nothing but the harness: a fake machine (event queue, a clock moved
 * by the input, IRQ lines, a DMA port over 16 KiB that refuses anything out
 * of bounds) and a small disk image written once to a temporary file.
 *
 * Input: a 6-byte header, then 8-byte operations.
 *   header  [0] disk flags: bit0 read-only, bit1 no disk
 *           [1] seek_base  [2] seek_per_sector  [3] per_sector (cycles)
 *           [4] console rx_delay  [5] console input length (the bytes
 *               follow the header, mod 16)
 *   op      [0] bits 0-1 device (timer, disk, console, timer)
 *               bit 2 write (else read), bit 3 raw offset (else a word
 *               offset from [1]), bit 4 advance the clock after the op
 *           [1] word offset index (x4, 0..0xFC)
 *           [2..5] value, little-endian (also the raw offset)
 *               bits 5-7: 7 reset the device, 6 take snapshot [1]&1 of
 *               everything (devices, queue, clock, memory), 5 restore it,
 *               instead of the access
 *           [6..7] cycles to advance; bit 15 multiplies by 16
 *
 * Any input is legal guest behaviour, so nothing may crash, leak or trip
 * an assert.  Checked besides: registers exist exactly at the documented
 * offsets; every IRQ line equals its documented level after every step;
 * the disk's ERROR bit agrees with its code and HEAD stays within the
 * disk; a disk transfer completes exactly at the cycle the timing formula
 * gives; the port is never asked for a range the disk should have refused
 * itself (empty, longer than 128 sectors, not whole sectors, or wrapping
 * past 2^32); a restored snapshot reads back exactly as it was saved (a
 * disk restore may only be refused when a different history replaced the
 * snapshot's future, and then changes nothing); destroying the devices
 * leaves the event queue empty; and the same input run twice gives the
 * same trace.
 * Seeds: tests/fuzz/seeds/fuzz_devices/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devices/console.h"
#include "devices/disk.h"
#include "devices/evq.h"
#include "devices/timer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MEM_SIZE (16u * 1024)
#define IMAGE_SECTORS 32u

#define CHECK(cond) do { if (!(cond)) { \
    fprintf(stderr, "fuzz_devices: check failed at line %d: %s\n", __LINE__, #cond); \
    abort(); } } while (0)

struct env {
    struct evq q;
    uint64_t now;
    bool level[3];
    uint8_t mem[MEM_SIZE];
    uint64_t hash;               /* the trace, for the determinism check */
    /* the reference timing model of the disk */
    struct disk_config dcfg;
    uint64_t disk_due;           /* when the command in flight must complete */
    bool disk_busy;
};

static void mix(struct env *e, uint64_t x)
{
    for (int i = 0; i < 8; i++) {
        e->hash ^= (x >> (8 * i)) & 0xFF;
        e->hash *= 0x100000001B3ull;
    }
}

static uint64_t env_now(void *ctx) { return ((struct env *)ctx)->now; }

static void env_irq(void *ctx, unsigned line, bool level)
{
    struct env *e = ctx;
    CHECK(line < 3);
    e->level[line] = level;
    mix(e, 0x1000 + line * 2 + level);
    mix(e, e->now);
}

/* The port refuses what is out of bounds, as the machine's does; but a
 * request the disk should never have made is a bug in the disk. */
static bool port_check(struct env *e, uint32_t pa, uint32_t len)
{
    CHECK(len > 0 && len <= DISK_MAX_COUNT * DISK_SECTOR_SIZE && len % DISK_SECTOR_SIZE == 0);
    CHECK((uint64_t)pa + len <= 0x100000000ull);
    /* Transfers happen only at completion, exactly when the formula says. */
    CHECK(e->disk_busy && e->now == e->disk_due);
    e->disk_busy = false;
    mix(e, 0x2000 + pa);
    mix(e, len);
    return (uint64_t)pa + len <= MEM_SIZE;
}

static bool port_read(void *ctx, uint32_t pa, void *buf, uint32_t len)
{
    struct env *e = ctx;
    if (!port_check(e, pa, len))
        return false;
    memcpy(buf, e->mem + pa, len);
    return true;
}

static bool port_write(void *ctx, uint32_t pa, const void *buf, uint32_t len)
{
    struct env *e = ctx;
    if (!port_check(e, pa, len))
        return false;
    memcpy(e->mem + pa, buf, len);
    return true;
}

static void console_out(void *ctx, uint8_t b)
{
    struct env *e = ctx;
    mix(e, 0x3000 + b);
}

static void run_to(struct env *e, uint64_t t)
{
    for (uint64_t next; (next = evq_next(&e->q)) <= t;) {
        if (next > e->now)
            e->now = next;
        evq_run_due(&e->q, e->now);
    }
    e->now = t;
}

static char image_path[256];

static void remove_image(void) { unlink(image_path); }

static void make_image(void)
{
    if (image_path[0])
        return;
    const char *dir = getenv("TMPDIR");
    snprintf(image_path, sizeof image_path, "%s/simmon-fuzz-disk-XXXXXX",
             dir && *dir ? dir : "/tmp");
    int fd = mkstemp(image_path);
    CHECK(fd >= 0);
    uint8_t sector[DISK_SECTOR_SIZE];
    for (uint32_t s = 0; s < IMAGE_SECTORS; s++) {
        for (uint32_t j = 0; j < DISK_SECTOR_SIZE; j++)
            sector[j] = (uint8_t)(s * 13 + j);
        CHECK(write(fd, sector, sizeof sector) == (ssize_t)sizeof sector);
    }
    CHECK(close(fd) == 0);
    atexit(remove_image);
}

/* The register offsets of each device (everything else is a bus error). */
static bool has_register(unsigned dev, uint32_t off)
{
    switch (dev) {
    case 0: return off % 4 == 0 && off <= TIMER_PERIOD;
    case 1: return off % 4 == 0 && off <= DISK_HEAD;
    default: return off % 4 == 0 && off <= CONSOLE_CTRL;
    }
}

static uint32_t must_read(struct device *d, uint32_t off)
{
    uint32_t v;
    CHECK(d->ops->read(d->state, off, &v));
    return v;
}

/* Side-effect-free checks of every device's documented invariants. */
static void check_state(struct env *e, struct device *dev)
{
    uint32_t tst = must_read(&dev[0], TIMER_STATUS), tctrl = must_read(&dev[0], TIMER_CTRL);
    CHECK((tst & ~TIMER_ST_PENDING) == 0 && (tctrl & ~TIMER_CTRL_EN) == 0);
    CHECK(e->level[0] == ((tst & TIMER_ST_PENDING) && (tctrl & TIMER_CTRL_EN)));

    uint32_t dst = must_read(&dev[1], DISK_STATUS), derr = must_read(&dev[1], DISK_ERROR);
    uint32_t dctrl = must_read(&dev[1], DISK_CTRL);
    CHECK((dst & ~(DISK_ST_BUSY | DISK_ST_DONE | DISK_ST_ERROR)) == 0);
    CHECK(e->level[1] == ((dst & DISK_ST_DONE) && (dctrl & DISK_CTRL_IE)));
    CHECK(derr <= DISK_ERR_READ_ONLY);
    CHECK(!(dst & DISK_ST_ERROR) == (derr == DISK_ERR_NONE));
    CHECK(!(dst & DISK_ST_ERROR) || (dst & DISK_ST_DONE));
    CHECK(!!(dst & DISK_ST_BUSY) == e->disk_busy);
    CHECK(must_read(&dev[1], DISK_HEAD) <= must_read(&dev[1], DISK_CAPACITY));
    CHECK(must_read(&dev[1], DISK_CAPACITY) == (e->dcfg.path ? IMAGE_SECTORS : 0));
    CHECK(must_read(&dev[1], DISK_CMD) == 0);

    uint32_t cst = must_read(&dev[2], CONSOLE_STATUS), cctrl = must_read(&dev[2], CONSOLE_CTRL);
    CHECK(cst & CONSOLE_ST_TXREADY);
    CHECK(!((cst & CONSOLE_ST_RXREADY) && (cst & CONSOLE_ST_EOF)));
    CHECK(e->level[2] == ((cst & CONSOLE_ST_RXREADY) && (cctrl & CONSOLE_CTRL_RXIE)));
}

/* The disk's timing, from devices/README.md. */
static uint64_t disk_latency(const struct env *e, uint32_t sector, uint32_t head, uint32_t count)
{
    uint64_t dist = sector > head ? sector - head : head - sector;
    uint64_t seek = dist ? e->dcfg.seek_base + (uint64_t)e->dcfg.seek_per_sector * dist : 0;
    return seek + (uint64_t)e->dcfg.per_sector * count;
}

/* Everything a snapshot restores, as the machine's snapshots do. */
struct snap {
    bool taken;
    struct evq_event *ev;
    size_t n;
    uint64_t next_seq, now, disk_due;
    uint32_t next_id;
    bool level[3], disk_busy;
    uint8_t mem[MEM_SIZE];
    uint8_t *dev[3];
    size_t len[3];
    uint32_t regs[3][16];        /* what the registers read, for the check */
};

/* The registers of every device that can be read without side effects. */
static void fingerprint(struct device *dev, uint32_t regs[3][16])
{
    memset(regs, 0, 3 * sizeof regs[0]);
    for (uint32_t off = TIMER_CMP_LO; off <= TIMER_PERIOD; off += 4)
        regs[0][off / 4] = must_read(&dev[0], off);
    for (uint32_t off = 0; off <= DISK_HEAD; off += 4)
        regs[1][off / 4] = must_read(&dev[1], off);
    regs[2][0] = must_read(&dev[2], CONSOLE_STATUS);
    regs[2][1] = must_read(&dev[2], CONSOLE_CTRL);
}

static void snap_take(struct env *e, struct device *dev, struct snap *s)
{
    free(s->ev);
    s->ev = malloc((e->q.n ? e->q.n : 1) * sizeof *s->ev);
    CHECK(s->ev);
    if (e->q.n)
        memcpy(s->ev, e->q.heap, e->q.n * sizeof *s->ev);
    s->n = e->q.n;
    s->next_seq = e->q.next_seq;
    s->next_id = e->q.next_id;
    s->now = e->now;
    s->disk_due = e->disk_due;
    s->disk_busy = e->disk_busy;
    memcpy(s->level, e->level, sizeof s->level);
    memcpy(s->mem, e->mem, MEM_SIZE);
    for (unsigned i = 0; i < 3; i++) {
        free(s->dev[i]);
        s->len[i] = dev[i].ops->save(dev[i].state, NULL);
        s->dev[i] = malloc(s->len[i] ? s->len[i] : 1);
        CHECK(s->dev[i]);
        CHECK(dev[i].ops->save(dev[i].state, s->dev[i]) == s->len[i]);
    }
    fingerprint(dev, s->regs);
    s->taken = true;
}

static void snap_restore(struct env *e, struct device *dev, const struct snap *s)
{
    uint32_t before[3][16], after[3][16];
    fingerprint(dev, before);
    /* The disk first: it may refuse, and must then have changed nothing. */
    if (!dev[1].ops->restore(dev[1].state, s->dev[1], s->len[1])) {
        fingerprint(dev, after);
        CHECK(memcmp(before, after, sizeof before) == 0);
        mix(e, 0x5000);
        return;
    }
    for (unsigned i = 0; i < 3; i += 2)
        CHECK(dev[i].ops->restore(dev[i].state, s->dev[i], s->len[i]));
    while (e->q.cap < s->n)
        CHECK(evq_schedule(&e->q, 0, NULL, NULL));   /* grow the heap */
    if (s->n)
        memcpy(e->q.heap, s->ev, s->n * sizeof *s->ev);
    e->q.n = s->n;
    e->q.next_seq = s->next_seq;
    e->q.next_id = s->next_id;
    e->now = s->now;
    e->disk_due = s->disk_due;
    e->disk_busy = s->disk_busy;
    memcpy(e->level, s->level, sizeof e->level);
    memcpy(e->mem, s->mem, MEM_SIZE);
    fingerprint(dev, after);
    CHECK(memcmp(s->regs, after, sizeof after) == 0);
    mix(e, 0x6000);
}

static void snap_free(struct snap *s)
{
    free(s->ev);
    for (unsigned i = 0; i < 3; i++)
        free(s->dev[i]);
    memset(s, 0, sizeof *s);
}

static uint64_t run_once(const uint8_t *data, size_t size)
{
    static struct env env;       /* 16 KiB: keep it off the stack */
    static struct snap snaps[2];
    struct env *e = &env;
    memset(e, 0, sizeof *e);
    evq_init(&e->q);
    e->hash = 0xCBF29CE484222325ull;

    const uint8_t *h = data;
    disk_config_default(&e->dcfg);
    e->dcfg.path = (h[0] & 2) ? NULL : image_path;
    e->dcfg.read_only = h[0] & 1;
    e->dcfg.seek_base = h[1];
    e->dcfg.seek_per_sector = h[2];
    e->dcfg.per_sector = h[3];
    size_t in_len = h[5] % 16;
    if (in_len > size - 6)
        in_len = size - 6;
    struct console_config ccfg = {
        .out = console_out, .out_ctx = e, .input = data + 6, .input_len = in_len,
        .rx_delay = h[4],
    };
    data += 6 + in_len;
    size -= 6 + in_len;

    struct { struct irq_line t, d, c; } ln = {
        { env_irq, e, 0 }, { env_irq, e, 1 }, { env_irq, e, 2 },
    };
    struct dev_clock clock = { env_now, e, &e->q };
    struct dma_port port = { port_read, port_write, e };
    struct device dev[3];
    char err[512];
    CHECK(timer_create(&dev[0], ln.t, clock, err, sizeof err));
    if (!disk_create(&dev[1], &e->dcfg, ln.d, clock, port, err, sizeof err)) {
        fprintf(stderr, "fuzz_devices: %s\n", err);
        abort();
    }
    CHECK(console_create(&dev[2], &ccfg, ln.c, clock, err, sizeof err));
    for (unsigned i = 0; i < 3; i++)
        dev[i].ops->reset(dev[i].state);
    check_state(e, dev);

    for (; size >= 8; data += 8, size -= 8) {
        unsigned which = data[0] & 3;
        if (which == 3)
            which = 0;
        struct device *d = &dev[which];
        bool write = data[0] & 4;
        uint32_t value = (uint32_t)data[2] | (uint32_t)data[3] << 8 |
                         (uint32_t)data[4] << 16 | (uint32_t)data[5] << 24;
        uint32_t off = (data[0] & 8) ? value : (uint32_t)(data[1] & 0x3F) * 4;
        bool ok;
        if ((data[0] >> 5) == 7) {
            d->ops->reset(d->state);
            if (which == 1)
                e->disk_busy = false;
            mix(e, 0x4000 + which);
            check_state(e, dev);
            continue;
        }
        if ((data[0] >> 5) == 6 || (data[0] >> 5) == 5) {
            struct snap *sn = &snaps[data[1] & 1];
            if ((data[0] >> 5) == 6)
                snap_take(e, dev, sn);
            else if (sn->taken)
                snap_restore(e, dev, sn);
            check_state(e, dev);
            continue;
        }
        if (write) {
            /* The reference model of the disk: will this command start? */
            uint32_t before = 0, sector = 0, head = 0, count = 0;
            if (which == 1 && off == DISK_CMD) {
                before = must_read(d, DISK_STATUS);
                sector = must_read(d, DISK_SECTOR);
                head = must_read(d, DISK_HEAD);
                count = must_read(d, DISK_COUNT);
            }
            ok = d->ops->write(d->state, off, value);
            if (which == 1 && off == DISK_CMD && !(before & DISK_ST_BUSY) &&
                (must_read(d, DISK_STATUS) & DISK_ST_BUSY)) {
                CHECK(value == DISK_CMD_READ || value == DISK_CMD_WRITE);
                CHECK(count >= 1 && count <= DISK_MAX_COUNT);
                CHECK((uint64_t)sector + count <= IMAGE_SECTORS && e->dcfg.path);
                e->disk_busy = true;
                e->disk_due = e->now + disk_latency(e, sector, head, count);
                CHECK(evq_next(&e->q) <= e->disk_due);
            }
        } else {
            uint32_t v = 0;
            ok = d->ops->read(d->state, off, &v);
            mix(e, v);
        }
        CHECK(ok == has_register(which, off));
        mix(e, (uint64_t)which << 40 | (uint64_t)write << 36 | off);
        if (data[0] & 16) {
            uint32_t adv = (uint32_t)data[6] | (uint32_t)data[7] << 8;
            if (adv & 0x8000)
                adv = (adv & 0x7FFF) << 4;
            run_to(e, e->now + adv);
        }
        check_state(e, dev);
    }
    /* Stop the timer (a small PERIOD would tick forever), let everything
     * else in flight finish: the slowest disk command takes
     * 255 + 255*32 + 255*128 cycles. */
    CHECK(dev[0].ops->write(dev[0].state, TIMER_CTRL, 0));
    run_to(e, e->now + (1u << 20));
    check_state(e, dev);
    CHECK(!e->disk_busy);
    for (unsigned i = 0; i < 3; i++) {
        char buf[1024];
        FILE *f = fmemopen(buf, sizeof buf, "w");
        CHECK(f);
        dev[i].ops->dump(dev[i].state, f);
        fclose(f);
        dev[i].ops->destroy(dev[i].state);
    }
    CHECK(e->q.n == 0);
    snap_free(&snaps[0]);
    snap_free(&snaps[1]);
    mix(e, e->now);
    evq_free(&e->q);
    return e->hash;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 6)
        return 0;
    make_image();
    uint64_t a = run_once(data, size), b = run_once(data, size);
    CHECK(a == b);
    return 0;
}
