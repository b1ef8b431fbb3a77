/*
 * test_devices.c - the timer, the disk and the console, each alone in a
 * fake machine: an event queue, a clock the test moves by hand (firing
 * due events exactly at their cycle on the way), IRQ lines that record
 * every level and the cycle of every rise, and a DMA port over a 128 KiB
 * buffer that refuses anything out of bounds.  No CPU, nothing from sim/.
 *
 * Every cycle asserted here is worked out by hand from the timing in
 * devices/README.md.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "devices/console.h"
#include "devices/disk.h"
#include "devices/evq.h"
#include "devices/power.h"
#include "devices/timer.h"

/* ---- the fake machine ------------------------------------------------- */

#define MEM_SIZE (128u * 1024)
#define NLINES 4

struct env {
    struct evq q;
    uint64_t now;
    bool level[NLINES];
    unsigned rises[NLINES], falls[NLINES];
    uint64_t rose_at[NLINES];
    uint8_t mem[MEM_SIZE];
    bool refuse;                 /* the port refuses everything */
    unsigned dma_reads, dma_writes;
    uint32_t last_pa, last_len;
    char out[256];
    size_t nout;
    unsigned stops;              /* power: EXIT writes seen, and the last value */
    uint32_t exit_status;
};

static uint64_t env_now(void *ctx) { return ((struct env *)ctx)->now; }

static void env_irq(void *ctx, unsigned line, bool level)
{
    struct env *e = ctx;
    assert_true(line < NLINES);
    if (level && !e->level[line]) {
        e->rises[line]++;
        e->rose_at[line] = e->now;
    } else if (!level && e->level[line]) {
        e->falls[line]++;
    }
    e->level[line] = level;
}

static bool in_bounds(uint32_t pa, uint32_t len)
{
    return (uint64_t)pa + len <= MEM_SIZE;
}

static bool env_dma_read(void *ctx, uint32_t pa, void *buf, uint32_t len)
{
    struct env *e = ctx;
    e->dma_reads++;
    e->last_pa = pa;
    e->last_len = len;
    if (e->refuse || !in_bounds(pa, len))
        return false;
    memcpy(buf, e->mem + pa, len);
    return true;
}

static bool env_dma_write(void *ctx, uint32_t pa, const void *buf, uint32_t len)
{
    struct env *e = ctx;
    e->dma_writes++;
    e->last_pa = pa;
    e->last_len = len;
    if (e->refuse || !in_bounds(pa, len))
        return false;
    memcpy(e->mem + pa, buf, len);
    return true;
}

static void env_out(void *ctx, uint8_t b)
{
    struct env *e = ctx;
    if (e->nout < sizeof e->out)
        e->out[e->nout++] = (char)b;
}

static struct env *env_new(void)
{
    struct env *e = calloc(1, sizeof *e);
    assert_non_null(e);
    evq_init(&e->q);
    return e;
}

static void env_free(struct env *e)
{
    evq_free(&e->q);
    free(e);
}

static struct dev_clock env_clock(struct env *e) { return (struct dev_clock){ env_now, e, &e->q }; }
static struct irq_line env_line(struct env *e, unsigned n) { return (struct irq_line){ env_irq, e, n }; }
static struct dma_port env_port(struct env *e) { return (struct dma_port){ env_dma_read, env_dma_write, e }; }

/* Move the clock to cycle t, stopping at every event on the way so that
 * it fires with the clock at exactly its cycle. */
static void run_to(struct env *e, uint64_t t)
{
    for (uint64_t next; (next = evq_next(&e->q)) <= t;) {
        if (next > e->now)
            e->now = next;
        evq_run_due(&e->q, e->now);
    }
    e->now = t;
}

static void advance(struct env *e, uint64_t n) { run_to(e, e->now + n); }

static uint32_t rd(struct device *d, uint32_t off)
{
    uint32_t v = 0xDEADBEEFu;
    if (!d->ops->read(d->state, off, &v))
        fail_msg("%s: read of +0x%02x refused", d->ops->name, off);
    return v;
}

static void wr(struct device *d, uint32_t off, uint32_t v)
{
    if (!d->ops->write(d->state, off, v))
        fail_msg("%s: write of +0x%02x refused", d->ops->name, off);
}

static void destroy(struct device *d) { d->ops->destroy(d->state); }

/* Offsets with no register must be refused both ways (a bus error). */
static void assert_no_register(struct device *d, uint32_t off)
{
    uint32_t v = 0;
    assert_false(d->ops->read(d->state, off, &v));
    assert_false(d->ops->write(d->state, off, 0));
}

/* ---- snapshots: what the machine does (sim/snapshot.c), in small ------- */

struct snap {
    struct evq_event ev[64];
    size_t n;
    uint64_t next_seq, now;
    uint32_t next_id;
    bool level[NLINES];
    uint8_t dev[512];
    size_t len;
};

static void snap_take(struct env *e, struct device *d, struct snap *s)
{
    assert_true(e->q.n <= 64);
    if (e->q.n)
        memcpy(s->ev, e->q.heap, e->q.n * sizeof *s->ev);
    s->n = e->q.n;
    s->next_seq = e->q.next_seq;
    s->next_id = e->q.next_id;
    s->now = e->now;
    memcpy(s->level, e->level, sizeof s->level);
    s->len = d->ops->save(d->state, NULL);
    assert_true(s->len <= sizeof s->dev);
    assert_int_equal(d->ops->save(d->state, s->dev), s->len);
}

static bool snap_restore(struct env *e, struct device *d, const struct snap *s)
{
    while (e->q.cap < s->n)
        evq_schedule(&e->q, 0, NULL, NULL);  /* grow the heap */
    if (s->n)
        memcpy(e->q.heap, s->ev, s->n * sizeof *s->ev);
    e->q.n = s->n;
    e->q.next_seq = s->next_seq;
    e->q.next_id = s->next_id;
    e->now = s->now;
    memcpy(e->level, s->level, sizeof e->level);
    return d->ops->restore(d->state, s->dev, s->len);
}

/* ---- timer ------------------------------------------------------------ */

static struct device new_timer(struct env *e)
{
    struct device d;
    char err[128];
    assert_true(timer_create(&d, env_line(e, 0), env_clock(e), err, sizeof err));
    assert_int_equal(d.base, 0xF0001000u);
    assert_string_equal(d.ops->name, "timer");
    d.ops->reset(d.state);
    return d;
}

static void test_timer_registers(void **state)
{
    (void)state;
    struct env *e = env_new();
    struct device t = new_timer(e);
    for (uint32_t off = 0; off <= TIMER_PERIOD; off += 4)
        if (off != TIMER_TIME_LO && off != TIMER_TIME_HI)
            assert_int_equal(rd(&t, off), 0);
    e->now = 0x0000012345678ABCull;
    assert_int_equal(rd(&t, TIMER_TIME_LO), 0x45678ABCu);
    assert_int_equal(rd(&t, TIMER_TIME_HI), 0x123u);
    wr(&t, TIMER_TIME_LO, 7);            /* ignored */
    wr(&t, TIMER_TIME_HI, 7);
    assert_int_equal(rd(&t, TIMER_TIME_LO), 0x45678ABCu);
    assert_int_equal(rd(&t, TIMER_TIME_HI), 0x123u);
    wr(&t, TIMER_CMP_HI, 0xCAFEF00Du);
    wr(&t, TIMER_CMP_LO, 0x12345678u);
    assert_int_equal(rd(&t, TIMER_CMP_LO), 0x12345678u);
    assert_int_equal(rd(&t, TIMER_CMP_HI), 0xCAFEF00Du);
    wr(&t, TIMER_PERIOD, 0xFFFFFFFFu);
    assert_int_equal(rd(&t, TIMER_PERIOD), 0xFFFFFFFFu);
    wr(&t, TIMER_CTRL, 0xFFFFFFFEu);     /* only EN is writable */
    assert_int_equal(rd(&t, TIMER_CTRL), 0);
    wr(&t, TIMER_STATUS, 0xFFFFFFFFu);   /* nothing to acknowledge */
    assert_int_equal(rd(&t, TIMER_STATUS), 0);
    assert_int_equal(evq_next(&e->q), EVQ_NEVER);   /* disabled: nothing waits */
    assert_no_register(&t, 0x1C);
    assert_no_register(&t, 0x20);
    assert_no_register(&t, 0xFFC);
    assert_no_register(&t, 0x02);
    destroy(&t);
    env_free(e);
}

static void test_timer_fires_at_compare(void **state)
{
    (void)state;
    struct env *e = env_new();
    struct device t = new_timer(e);
    wr(&t, TIMER_CMP_LO, 1000);
    wr(&t, TIMER_CTRL, TIMER_CTRL_EN);
    assert_int_equal(evq_next(&e->q), 1000);
    run_to(e, 999);
    assert_false(e->level[0]);
    assert_int_equal(rd(&t, TIMER_STATUS), 0);
    run_to(e, 1000);
    assert_true(e->level[0]);
    assert_int_equal(e->rose_at[0], 1000);
    assert_int_equal(e->rises[0], 1);
    assert_int_equal(rd(&t, TIMER_STATUS), TIMER_ST_PENDING);
    /* One-shot: nothing more is scheduled, CMP is unchanged. */
    assert_int_equal(evq_next(&e->q), EVQ_NEVER);
    assert_int_equal(rd(&t, TIMER_CMP_LO), 1000);
    run_to(e, 100000);
    assert_int_equal(e->rises[0], 1);
    /* Acknowledging lowers the line, and rewriting CTRL with EN unchanged
     * does not fire again. */
    wr(&t, TIMER_STATUS, TIMER_ST_PENDING);
    assert_false(e->level[0]);
    assert_int_equal(rd(&t, TIMER_STATUS), 0);
    wr(&t, TIMER_CTRL, TIMER_CTRL_EN);
    advance(e, 10);
    assert_false(e->level[0]);
    assert_int_equal(e->rises[0], 1);
    destroy(&t);
    env_free(e);
}

static void test_timer_periodic(void **state)
{
    (void)state;
    struct env *e = env_new();
    struct device t = new_timer(e);
    wr(&t, TIMER_PERIOD, 300);
    wr(&t, TIMER_CMP_LO, 1000);
    wr(&t, TIMER_CTRL, TIMER_CTRL_EN);
    for (unsigned k = 0; k < 5; k++) {
        uint64_t due = 1000 + 300 * (uint64_t)k;
        run_to(e, due - 1);
        assert_false(e->level[0]);
        run_to(e, due);
        assert_true(e->level[0]);
        assert_int_equal(e->rose_at[0], due);
        assert_int_equal(e->rises[0], k + 1);
        assert_int_equal(rd(&t, TIMER_CMP_LO), due + 300);     /* advanced by PERIOD */
        assert_int_equal(evq_next(&e->q), due + 300);
        advance(e, 17);                  /* the handler takes a while */
        wr(&t, TIMER_STATUS, TIMER_ST_PENDING);
        assert_false(e->level[0]);
    }
    /* Not acknowledged: the line just stays up across ticks. */
    run_to(e, 3000);
    assert_true(e->level[0]);
    assert_int_equal(e->rises[0], 6);
    /* PERIOD = 0 makes the next tick the last. */
    wr(&t, TIMER_PERIOD, 0);
    run_to(e, 10000);
    assert_int_equal(rd(&t, TIMER_CMP_LO), 3100);
    assert_int_equal(evq_next(&e->q), EVQ_NEVER);
    destroy(&t);
    env_free(e);
}

static void test_timer_disable_and_reenable(void **state)
{
    (void)state;
    struct env *e = env_new();
    struct device t = new_timer(e);
    wr(&t, TIMER_CMP_LO, 500);
    wr(&t, TIMER_CTRL, TIMER_CTRL_EN);
    run_to(e, 600);
    assert_true(e->level[0]);
    wr(&t, TIMER_STATUS, ~TIMER_ST_PENDING);     /* other bits acknowledge nothing */
    assert_true(e->level[0]);
    assert_int_equal(rd(&t, TIMER_STATUS), TIMER_ST_PENDING);
    wr(&t, TIMER_CTRL, 0);               /* disabling lowers the line ... */
    assert_false(e->level[0]);
    assert_int_equal(rd(&t, TIMER_STATUS), TIMER_ST_PENDING);   /* ... not PENDING */
    wr(&t, TIMER_STATUS, TIMER_ST_PENDING);
    assert_int_equal(rd(&t, TIMER_STATUS), 0);
    /* Disabled: a compare in the future never fires. */
    wr(&t, TIMER_CMP_LO, 1000);
    run_to(e, 5000);
    assert_int_equal(rd(&t, TIMER_STATUS), 0);
    assert_int_equal(evq_next(&e->q), EVQ_NEVER);
    assert_int_equal(e->rises[0], 1);
    /* Enabling with CMP already past fires at once (at the current cycle). */
    wr(&t, TIMER_CTRL, TIMER_CTRL_EN);
    assert_int_equal(evq_next(&e->q), 5000);
    advance(e, 0);
    assert_true(e->level[0]);
    assert_int_equal(e->rose_at[0], 5000);
    /* Disabling cancels an armed compare. */
    wr(&t, TIMER_STATUS, TIMER_ST_PENDING);
    wr(&t, TIMER_CMP_LO, 8000);
    assert_int_equal(evq_next(&e->q), 8000);
    wr(&t, TIMER_CTRL, 0);
    assert_int_equal(evq_next(&e->q), EVQ_NEVER);
    destroy(&t);
    env_free(e);
}

static void test_timer_compare_rewrite(void **state)
{
    (void)state;
    struct env *e = env_new();
    struct device t = new_timer(e);
    wr(&t, TIMER_CMP_LO, 1000);
    wr(&t, TIMER_CTRL, TIMER_CTRL_EN);
    run_to(e, 500);
    wr(&t, TIMER_CMP_LO, 2000);          /* moved: nothing at 1000 */
    assert_int_equal(e->q.n, 1);
    run_to(e, 1999);
    assert_int_equal(e->rises[0], 0);
    run_to(e, 2000);
    assert_int_equal(e->rose_at[0], 2000);
    wr(&t, TIMER_STATUS, TIMER_ST_PENDING);
    /* A 64-bit compare: the safe sequence HI = ~0, LO, HI. */
    wr(&t, TIMER_CMP_HI, 0xFFFFFFFFu);
    wr(&t, TIMER_CMP_LO, 0x10);
    assert_int_equal(evq_next(&e->q), 0xFFFFFFFF00000010ull);
    wr(&t, TIMER_CMP_HI, 1);
    assert_int_equal(evq_next(&e->q), 0x100000010ull);
    assert_int_equal(e->q.n, 1);
    run_to(e, 0x10000000Full);
    assert_int_equal(e->rises[0], 1);
    run_to(e, 0x100000010ull);
    assert_int_equal(e->rises[0], 2);
    assert_int_equal(e->rose_at[0], 0x100000010ull);
    assert_int_equal(rd(&t, TIMER_TIME_HI), 1);
    assert_int_equal(rd(&t, TIMER_TIME_LO), 0x10);
    destroy(&t);
    env_free(e);
}

static void test_timer_periodic_catch_up(void **state)
{
    (void)state;
    struct env *e = env_new();
    struct device t = new_timer(e);
    /* Enabled late: the missed ticks are one PENDING, the phase is kept. */
    run_to(e, 1050);
    wr(&t, TIMER_PERIOD, 100);
    wr(&t, TIMER_CMP_LO, 0);
    wr(&t, TIMER_CTRL, TIMER_CTRL_EN);
    advance(e, 0);
    assert_true(e->level[0]);
    assert_int_equal(e->rose_at[0], 1050);
    assert_int_equal(rd(&t, TIMER_CMP_LO), 1100);
    assert_int_equal(evq_next(&e->q), 1100);
    char buf[512] = "";
    FILE *f = fmemopen(buf, sizeof buf - 1, "w");
    assert_non_null(f);
    t.ops->dump(t.state, f);
    fclose(f);
    assert_non_null(strstr(buf, "fired 1\n"));      /* one event, not eleven */
    wr(&t, TIMER_STATUS, TIMER_ST_PENDING);
    run_to(e, 1100);
    assert_int_equal(e->rises[0], 2);
    assert_int_equal(e->rose_at[0], 1100);
    /* Near the end of time the tick stops instead of wrapping forever. */
    wr(&t, TIMER_CTRL, 0);
    wr(&t, TIMER_PERIOD, 0xFFFFFFFFu);
    wr(&t, TIMER_CMP_HI, 0xFFFFFFFFu);
    wr(&t, TIMER_CMP_LO, 0xFFFFFFF0u);
    wr(&t, TIMER_STATUS, TIMER_ST_PENDING);
    e->now = UINT64_MAX - 1;
    wr(&t, TIMER_CTRL, TIMER_CTRL_EN);
    advance(e, 0);
    assert_int_equal(e->q.n, 0);
    assert_int_equal(rd(&t, TIMER_STATUS), TIMER_ST_PENDING);
    assert_int_equal(rd(&t, TIMER_CMP_HI), 0);           /* wrapped, like hardware */
    assert_int_equal(rd(&t, TIMER_CMP_LO), 0xFFFFFFEFu);
    destroy(&t);
    env_free(e);
}

static void nop_event(void *arg, uint64_t when)
{
    (void)arg;
    (void)when;
}

static void test_timer_reset(void **state)
{
    (void)state;
    struct env *e = env_new();
    struct device t = new_timer(e);
    wr(&t, TIMER_PERIOD, 10);
    wr(&t, TIMER_CMP_LO, 100);
    wr(&t, TIMER_CTRL, TIMER_CTRL_EN);
    run_to(e, 100);
    assert_true(e->level[0]);
    assert_int_equal(evq_next(&e->q), 110);
    t.ops->reset(t.state);
    assert_false(e->level[0]);
    assert_int_equal(evq_next(&e->q), EVQ_NEVER);
    for (uint32_t off = TIMER_CMP_LO; off <= TIMER_PERIOD; off += 4)
        assert_int_equal(rd(&t, off), 0);
    run_to(e, 1000);
    assert_int_equal(e->rises[0], 1);
    /* The machine empties its queue before resetting devices: a reset must
     * not cancel someone else's event that reused our old id. */
    wr(&t, TIMER_CMP_LO, 2000);
    wr(&t, TIMER_CTRL, TIMER_CTRL_EN);
    evq_free(&e->q);
    int other = 0;
    assert_int_not_equal(evq_schedule(&e->q, 3000, nop_event, &other), 0);
    t.ops->reset(t.state);
    assert_int_equal(e->q.n, 1);
    assert_ptr_equal(e->q.heap[0].arg, &other);
    evq_free(&e->q);
    destroy(&t);
    env_free(e);
}

static void test_timer_snapshot(void **state)
{
    (void)state;
    struct env *e = env_new();
    struct device t = new_timer(e);
    static struct snap s;
    wr(&t, TIMER_PERIOD, 100);
    wr(&t, TIMER_CMP_LO, 250);
    wr(&t, TIMER_CTRL, TIMER_CTRL_EN);
    run_to(e, 260);
    snap_take(e, &t, &s);                /* pending, next tick at 350 */
    wr(&t, TIMER_STATUS, TIMER_ST_PENDING);
    wr(&t, TIMER_PERIOD, 7);
    run_to(e, 1000);
    assert_int_not_equal(rd(&t, TIMER_CMP_LO), 350);
    assert_true(snap_restore(e, &t, &s));
    assert_int_equal(rd(&t, TIMER_STATUS), TIMER_ST_PENDING);
    assert_int_equal(rd(&t, TIMER_PERIOD), 100);
    assert_int_equal(rd(&t, TIMER_CMP_LO), 350);
    assert_true(e->level[0]);
    wr(&t, TIMER_STATUS, TIMER_ST_PENDING);
    unsigned rises = e->rises[0];
    run_to(e, 350);                      /* the restored event fires, once */
    assert_int_equal(e->rises[0], rises + 1);
    assert_int_equal(e->rose_at[0], 350);
    assert_int_equal(rd(&t, TIMER_CMP_LO), 450);
    assert_int_equal(e->q.n, 1);
    /* A snapshot of another size is refused. */
    assert_false(t.ops->restore(t.state, s.dev, s.len - 1));
    destroy(&t);
    env_free(e);
}

static void test_timer_dump(void **state)
{
    (void)state;
    struct env *e = env_new();
    struct device t = new_timer(e);
    wr(&t, TIMER_CMP_LO, 42);
    wr(&t, TIMER_PERIOD, 7);
    char buf[512] = "";
    FILE *f = fmemopen(buf, sizeof buf - 1, "w");
    assert_non_null(f);
    t.ops->dump(t.state, f);
    fclose(f);
    assert_non_null(strstr(buf, "timer:"));
    assert_non_null(strstr(buf, "cmp=42"));
    assert_non_null(strstr(buf, "period=7"));
    destroy(&t);
    env_free(e);
}

/* ---- disk --------------------------------------------------------------- */

#define NSECT 256u               /* sectors in the test image (128 KiB) */

/* Byte j of sector s in the test image. */
static uint8_t pattern(uint32_t s, uint32_t j) { return (uint8_t)(s * 31u + j * 7u + 1u); }

/* A temporary file holding `len` bytes (the pattern); its path in `path`. */
static void make_file(char *path, size_t len)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, 256, "%s/simmon-disk-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    for (size_t i = 0; i < len; i++)
        fputc(pattern((uint32_t)(i / 512), (uint32_t)(i % 512)), f);
    assert_int_equal(fclose(f), 0);
}

/* Change one byte of a file behind the disk's back. */
static void poke_file(const char *path, long at, uint8_t b)
{
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, at, SEEK_SET), 0);
    assert_int_equal(fputc(b, f), b);
    assert_int_equal(fclose(f), 0);
}

static void read_file(const char *path, uint8_t *buf, size_t len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(buf, 1, len, f), len);
    fclose(f);
}

struct disk_fixture {
    struct env *e;
    struct device d;
    char path[256];
};

static void new_disk_cfg(struct disk_fixture *fx, struct disk_config *cfg)
{
    char err[512];
    fx->e = env_new();
    if (!disk_create(&fx->d, cfg, env_line(fx->e, 2), env_clock(fx->e), env_port(fx->e),
                     err, sizeof err))
        fail_msg("disk_create: %s", err);
    assert_int_equal(fx->d.base, 0xF0002000u);
    assert_string_equal(fx->d.ops->name, "disk");
    fx->d.ops->reset(fx->d.state);
}

/* A default disk over a fresh NSECT-sector image. */
static void new_disk(struct disk_fixture *fx)
{
    struct disk_config cfg;
    disk_config_default(&cfg);
    make_file(fx->path, NSECT * 512);
    cfg.path = fx->path;
    new_disk_cfg(fx, &cfg);
}

static void free_disk(struct disk_fixture *fx)
{
    destroy(&fx->d);
    env_free(fx->e);
    if (fx->path[0])
        unlink(fx->path);
}

/* Program and start a command. */
static void cmd(struct device *d, uint32_t c, uint32_t sector, uint32_t addr, uint32_t count)
{
    wr(d, DISK_SECTOR, sector);
    wr(d, DISK_ADDR, addr);
    wr(d, DISK_COUNT, count);
    wr(d, DISK_CMD, c);
}

static void assert_sector_in_mem(struct env *e, uint32_t addr, uint32_t s)
{
    for (uint32_t j = 0; j < 512; j++)
        if (e->mem[addr + j] != pattern(s, j))
            fail_msg("mem[%#x + %u] = %#x, want sector %u's %#x", addr, j, e->mem[addr + j],
                     s, pattern(s, j));
}

static void test_disk_config_default(void **state)
{
    (void)state;
    struct disk_config cfg;
    memset(&cfg, 0xAB, sizeof cfg);
    disk_config_default(&cfg);
    assert_null(cfg.path);
    assert_false(cfg.read_only);
    assert_false(cfg.writeback);
    assert_int_equal(cfg.seek_base, 1000);
    assert_int_equal(cfg.seek_per_sector, 2);
    assert_int_equal(cfg.per_sector, 256);
}

static void test_disk_registers(void **state)
{
    (void)state;
    struct disk_fixture fx = { 0 };
    new_disk(&fx);
    struct device *d = &fx.d;
    assert_int_equal(rd(d, DISK_CAPACITY), NSECT);
    for (uint32_t off = DISK_SECTOR; off <= DISK_HEAD; off += 4)
        if (off != DISK_CAPACITY)
            assert_int_equal(rd(d, off), 0);
    wr(d, DISK_SECTOR, 0xFFFFFFFFu);
    wr(d, DISK_ADDR, 0x12345678u);
    wr(d, DISK_COUNT, 1000);             /* stored as written, checked by CMD */
    assert_int_equal(rd(d, DISK_SECTOR), 0xFFFFFFFFu);
    assert_int_equal(rd(d, DISK_ADDR), 0x12345678u);
    assert_int_equal(rd(d, DISK_COUNT), 1000);
    wr(d, DISK_CTRL, 0xFFFFFFFFu);
    assert_int_equal(rd(d, DISK_CTRL), DISK_CTRL_IE);
    wr(d, DISK_ERROR, 5);                /* read-only registers ignore writes */
    wr(d, DISK_CAPACITY, 5);
    wr(d, DISK_HEAD, 5);
    wr(d, DISK_STATUS, DISK_ST_BUSY | DISK_ST_ERROR);
    assert_int_equal(rd(d, DISK_ERROR), 0);
    assert_int_equal(rd(d, DISK_CAPACITY), NSECT);
    assert_int_equal(rd(d, DISK_HEAD), 0);
    assert_int_equal(rd(d, DISK_STATUS), 0);
    assert_int_equal(rd(d, DISK_CMD), 0);
    assert_int_equal(fx.e->dma_reads + fx.e->dma_writes, 0);
    assert_int_equal(evq_next(&fx.e->q), EVQ_NEVER);
    assert_no_register(d, 0x24);
    assert_no_register(d, 0x100);
    assert_no_register(d, 0xFFC);
    assert_no_register(d, 0x01);
    free_disk(&fx);
}

static void test_disk_read_timing(void **state)
{
    (void)state;
    struct disk_fixture fx = { 0 };
    new_disk(&fx);
    struct env *e = fx.e;
    struct device *d = &fx.d;
    wr(d, DISK_CTRL, DISK_CTRL_IE);
    run_to(e, 100);
    /* The README's example: 1000 + 2*10 + 256 = 1276 cycles. */
    cmd(d, DISK_CMD_READ, 10, 0x1000, 1);
    assert_int_equal(rd(d, DISK_STATUS), DISK_ST_BUSY);
    assert_int_equal(evq_next(&e->q), 100 + 1276);
    run_to(e, 100 + 1275);
    assert_int_equal(rd(d, DISK_STATUS), DISK_ST_BUSY);
    assert_false(e->level[2]);
    assert_int_equal(e->dma_writes, 0);
    run_to(e, 100 + 1276);
    assert_int_equal(rd(d, DISK_STATUS), DISK_ST_DONE);
    assert_true(e->level[2]);
    assert_int_equal(e->rose_at[2], 1376);
    assert_int_equal(rd(d, DISK_ERROR), 0);
    assert_int_equal(rd(d, DISK_HEAD), 11);
    assert_int_equal(e->dma_writes, 1);
    assert_int_equal(e->last_len, 512);
    assert_sector_in_mem(e, 0x1000, 10);
    assert_int_equal(e->mem[0xFFF], 0);
    assert_int_equal(e->mem[0x1200], 0);
    wr(d, DISK_STATUS, DISK_ST_DONE);
    assert_false(e->level[2]);
    assert_int_equal(rd(d, DISK_STATUS), 0);
    /* Head already there: no seek, 2 * 256 cycles. */
    cmd(d, DISK_CMD_READ, 11, 0x2000, 2);
    assert_int_equal(evq_next(&e->q), 1376 + 512);
    run_to(e, 1376 + 512);
    assert_int_equal(e->rose_at[2], 1376 + 512);
    assert_sector_in_mem(e, 0x2000, 11);
    assert_sector_in_mem(e, 0x2200, 12);
    assert_int_equal(rd(d, DISK_HEAD), 13);
    wr(d, DISK_STATUS, DISK_ST_DONE);
    /* Seeking backwards: 1000 + 2*|5 - 13| + 128*256. */
    cmd(d, DISK_CMD_READ, 5, 0x4000, 128);
    assert_int_equal(evq_next(&e->q) - e->now, 1000 + 16 + 128 * 256);
    free_disk(&fx);
}

static void test_disk_custom_timing(void **state)
{
    (void)state;
    struct disk_fixture fx = { 0 };
    struct disk_config cfg = { 0 };
    make_file(fx.path, NSECT * 512);
    cfg.path = fx.path;
    cfg.seek_base = 7;
    cfg.seek_per_sector = 3;
    cfg.per_sector = 11;
    new_disk_cfg(&fx, &cfg);
    cmd(&fx.d, DISK_CMD_READ, 20, 0, 4);
    assert_int_equal(evq_next(&fx.e->q), 7 + 3 * 20 + 11 * 4);
    free_disk(&fx);
}

static void test_disk_write_round_trip(void **state)
{
    (void)state;
    struct disk_fixture fx = { 0 };
    new_disk(&fx);
    struct env *e = fx.e;
    struct device *d = &fx.d;
    for (uint32_t i = 0; i < 1024; i++)
        e->mem[0x3000 + i] = (uint8_t)(i ^ 0x5A);
    cmd(d, DISK_CMD_WRITE, 3, 0x3000, 2);
    assert_int_equal(evq_next(&e->q), 1000 + 2 * 3 + 2 * 256);
    run_to(e, 10000);
    assert_int_equal(rd(d, DISK_STATUS), DISK_ST_DONE);
    assert_false(e->level[2]);           /* IE off: no interrupt */
    assert_int_equal(e->dma_reads, 1);
    assert_int_equal(e->last_pa, 0x3000);
    assert_int_equal(e->last_len, 1024);
    wr(d, DISK_STATUS, DISK_ST_DONE);
    cmd(d, DISK_CMD_READ, 2, 0x8000, 4);
    run_to(e, 20000);
    assert_int_equal(rd(d, DISK_STATUS), DISK_ST_DONE);
    assert_sector_in_mem(e, 0x8000, 2);
    assert_memory_equal(e->mem + 0x8200, e->mem + 0x3000, 1024);
    assert_sector_in_mem(e, 0x8600, 5);
    /* No writeback: the file is as it was. */
    char path[256];
    strcpy(path, fx.path);
    fx.path[0] = 0;
    free_disk(&fx);
    static uint8_t file[NSECT * 512];
    read_file(path, file, sizeof file);
    for (uint32_t j = 0; j < 512; j++)
        assert_int_equal(file[3 * 512 + j], pattern(3, j));
    unlink(path);
}

static void test_disk_writeback(void **state)
{
    (void)state;
    struct disk_fixture fx = { 0 };
    struct disk_config cfg;
    disk_config_default(&cfg);
    make_file(fx.path, NSECT * 512);
    cfg.path = fx.path;
    cfg.writeback = true;
    new_disk_cfg(&fx, &cfg);
    char err[512];
    /* Nothing written yet: sync must leave the file alone (someone else's
     * change to it survives). */
    poke_file(fx.path, 100, 0x77);
    assert_true(disk_sync(&fx.d, err, sizeof err));
    static uint8_t file[NSECT * 512];
    read_file(fx.path, file, sizeof file);
    assert_int_equal(file[100], 0x77);
    memset(fx.e->mem, 0xC3, 512);
    cmd(&fx.d, DISK_CMD_WRITE, NSECT - 1, 0, 1);
    run_to(fx.e, 100000);
    assert_int_equal(rd(&fx.d, DISK_STATUS), DISK_ST_DONE);
    /* Not written until sync or destroy. */
    read_file(fx.path, file, sizeof file);
    assert_int_equal(file[(NSECT - 1) * 512], pattern(NSECT - 1, 0));
    assert_true(disk_sync(&fx.d, err, sizeof err));
    read_file(fx.path, file, sizeof file);
    assert_int_equal(file[(NSECT - 1) * 512], 0xC3);
    assert_int_equal(file[NSECT * 512 - 1], 0xC3);
    assert_int_equal(file[(NSECT - 1) * 512 - 1], pattern(NSECT - 2, 511));
    assert_int_equal(file[100], pattern(0, 100));   /* the whole image went back */
    /* Synced: a second sync writes nothing. */
    poke_file(fx.path, 100, 0x66);
    assert_true(disk_sync(&fx.d, err, sizeof err));
    read_file(fx.path, file, sizeof file);
    assert_int_equal(file[100], 0x66);
    /* A second write lands at destroy. */
    memset(fx.e->mem, 0x3C, 512);
    wr(&fx.d, DISK_STATUS, DISK_ST_DONE);
    cmd(&fx.d, DISK_CMD_WRITE, 0, 0, 1);
    run_to(fx.e, 200000);
    char path[256];
    strcpy(path, fx.path);
    fx.path[0] = 0;
    free_disk(&fx);
    read_file(path, file, sizeof file);
    assert_int_equal(file[0], 0x3C);
    assert_int_equal(file[511], 0x3C);
    assert_int_equal(file[512], pattern(1, 0));
    assert_int_equal(file[(NSECT - 1) * 512], 0xC3);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, NSECT * 512);
    /* The file became a directory: sync reports it, naming the file. */
    fx = (struct disk_fixture){ 0 };
    strcpy(fx.path, path);
    new_disk_cfg(&fx, &cfg);
    cmd(&fx.d, DISK_CMD_WRITE, 0, 0, 1);
    run_to(fx.e, 100000);
    unlink(path);
    assert_int_equal(mkdir(path, 0700), 0);          /* now not writable as a file */
    assert_false(disk_sync(&fx.d, err, sizeof err));
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "cannot write the disk image back"));
    /* destroy can only say so on stderr: catch it there. */
    char logpath[256];
    make_file(logpath, 0);
    fflush(stderr);
    int saved = dup(2), fd = open(logpath, O_WRONLY);
    assert_true(saved >= 0 && fd >= 0);
    assert_int_equal(dup2(fd, 2), 2);
    close(fd);
    fx.path[0] = 0;
    free_disk(&fx);
    fflush(stderr);
    assert_int_equal(dup2(saved, 2), 2);
    close(saved);
    char log[1024] = "";
    FILE *f = fopen(logpath, "r");
    assert_non_null(f);
    size_t n = fread(log, 1, sizeof log - 1, f);
    fclose(f);
    log[n] = 0;
    assert_non_null(strstr(log, path));
    assert_non_null(strstr(log, "cannot write the disk image back"));
    unlink(logpath);
    rmdir(path);
}

static void expect_error(struct disk_fixture *fx, enum disk_error code)
{
    uint32_t st = rd(&fx->d, DISK_STATUS);
    if (!(st & DISK_ST_DONE) || !(st & DISK_ST_ERROR))
        fail_msg("STATUS %#x: want DONE|ERROR", st);
    assert_int_equal(rd(&fx->d, DISK_ERROR), code);
}

/* An immediate error: done at once, line up (IE is on), nothing moved,
 * nothing scheduled; acknowledging clears it all and lowers the line. */
static void immediate(struct disk_fixture *fx, uint32_t c, uint32_t sector, uint32_t addr,
                      uint32_t count, enum disk_error code)
{
    struct env *e = fx->e;
    uint32_t head = rd(&fx->d, DISK_HEAD);
    unsigned rises = e->rises[2];
    cmd(&fx->d, c, sector, addr, count);
    expect_error(fx, code);
    assert_int_equal(rd(&fx->d, DISK_STATUS) & DISK_ST_BUSY, 0);
    assert_true(e->level[2]);
    assert_int_equal(e->rises[2], rises + 1);
    assert_int_equal(e->rose_at[2], e->now);
    assert_int_equal(evq_next(&e->q), EVQ_NEVER);
    assert_int_equal(e->dma_reads + e->dma_writes, 0);
    assert_int_equal(rd(&fx->d, DISK_HEAD), head);
    wr(&fx->d, DISK_STATUS, DISK_ST_DONE);
    assert_false(e->level[2]);
    assert_int_equal(rd(&fx->d, DISK_STATUS), 0);
    assert_int_equal(rd(&fx->d, DISK_ERROR), 0);
    advance(e, 1);
}

static void test_disk_immediate_errors(void **state)
{
    (void)state;
    struct disk_fixture fx = { 0 };
    new_disk(&fx);
    wr(&fx.d, DISK_CTRL, DISK_CTRL_IE);
    immediate(&fx, 0, 0, 0, 1, DISK_ERR_BAD_COMMAND);
    immediate(&fx, 3, 0, 0, 1, DISK_ERR_BAD_COMMAND);
    immediate(&fx, 0xFFFFFFFFu, 0, 0, 1, DISK_ERR_BAD_COMMAND);
    immediate(&fx, DISK_CMD_READ, 0, 0, 0, DISK_ERR_BAD_COUNT);
    immediate(&fx, DISK_CMD_READ, 0, 0, 129, DISK_ERR_BAD_COUNT);
    immediate(&fx, DISK_CMD_WRITE, 0, 0, 0xFFFFFFFFu, DISK_ERR_BAD_COUNT);
    immediate(&fx, DISK_CMD_READ, NSECT, 0, 1, DISK_ERR_BAD_SECTOR);
    immediate(&fx, DISK_CMD_READ, NSECT - 1, 0, 2, DISK_ERR_BAD_SECTOR);
    immediate(&fx, DISK_CMD_WRITE, 0xFFFFFFFFu, 0, 128, DISK_ERR_BAD_SECTOR);  /* no wrap */
    immediate(&fx, DISK_CMD_READ, 0, 0xFFFFFF00u, 1, DISK_ERR_BAD_ADDRESS);   /* wraps 2^32 */
    immediate(&fx, DISK_CMD_READ, 0, 0xFFFF0001u, 128, DISK_ERR_BAD_ADDRESS);
    /* Order: BAD_COMMAND before BAD_COUNT before BAD_SECTOR before BAD_ADDRESS. */
    immediate(&fx, 9, NSECT, 0xFFFFFFFFu, 0, DISK_ERR_BAD_COMMAND);
    immediate(&fx, DISK_CMD_READ, NSECT, 0xFFFFFFFFu, 0, DISK_ERR_BAD_COUNT);
    immediate(&fx, DISK_CMD_READ, NSECT, 0xFFFFFFFFu, 1, DISK_ERR_BAD_SECTOR);
    /* The last sector, ending exactly at 2^32, is fine: the port decides. */
    cmd(&fx.d, DISK_CMD_READ, NSECT - 1, 0xFFFFFE00u, 1);
    assert_int_equal(rd(&fx.d, DISK_STATUS), DISK_ST_BUSY);
    /* Without IE the error shows in STATUS but the line stays low. */
    run_to(fx.e, 100000);
    wr(&fx.d, DISK_STATUS, DISK_ST_DONE);
    wr(&fx.d, DISK_CTRL, 0);
    cmd(&fx.d, 0, 0, 0, 1);
    expect_error(&fx, DISK_ERR_BAD_COMMAND);
    assert_false(fx.e->level[2]);
    wr(&fx.d, DISK_CTRL, DISK_CTRL_IE);          /* level-triggered: enabling raises */
    assert_true(fx.e->level[2]);
    wr(&fx.d, DISK_CTRL, 0);
    assert_false(fx.e->level[2]);
    free_disk(&fx);
}

static void test_disk_bad_address_at_completion(void **state)
{
    (void)state;
    struct disk_fixture fx = { 0 };
    new_disk(&fx);
    struct env *e = fx.e;
    wr(&fx.d, DISK_CTRL, DISK_CTRL_IE);
    /* The port refuses a READ into memory it does not have: the error comes
     * at completion, memory is untouched, the head moved. */
    cmd(&fx.d, DISK_CMD_READ, 4, MEM_SIZE - 512, 2);
    assert_int_equal(rd(&fx.d, DISK_STATUS), DISK_ST_BUSY);
    run_to(e, 1000 + 8 + 512 - 1);
    assert_false(e->level[2]);
    run_to(e, 1000 + 8 + 512);
    assert_true(e->level[2]);
    expect_error(&fx, DISK_ERR_BAD_ADDRESS);
    assert_int_equal(rd(&fx.d, DISK_STATUS) & DISK_ST_BUSY, 0);
    assert_int_equal(rd(&fx.d, DISK_HEAD), 6);
    assert_int_equal(e->dma_writes, 1);
    for (uint32_t i = 0; i < MEM_SIZE; i++)
        if (e->mem[i])
            fail_msg("mem[%#x] written", i);
    wr(&fx.d, DISK_STATUS, DISK_ST_DONE);
    /* A refused WRITE leaves the disk as it was. */
    memset(e->mem, 0xEE, 512);
    e->refuse = true;
    cmd(&fx.d, DISK_CMD_WRITE, 0, 0, 1);
    run_to(e, 100000);
    expect_error(&fx, DISK_ERR_BAD_ADDRESS);
    wr(&fx.d, DISK_STATUS, DISK_ST_DONE);
    e->refuse = false;
    cmd(&fx.d, DISK_CMD_READ, 0, 0x1000, 1);
    run_to(e, 200000);
    assert_int_equal(rd(&fx.d, DISK_STATUS), DISK_ST_DONE);
    assert_sector_in_mem(e, 0x1000, 0);
    free_disk(&fx);
}

static void test_disk_busy(void **state)
{
    (void)state;
    struct disk_fixture fx = { 0 };
    new_disk(&fx);
    struct env *e = fx.e;
    wr(&fx.d, DISK_CTRL, DISK_CTRL_IE);
    cmd(&fx.d, DISK_CMD_READ, 0, 0x1000, 1);      /* head at 0: 256 cycles */
    assert_int_equal(evq_next(&e->q), 256);
    run_to(e, 100);
    /* Reprogramming while busy changes nothing in flight ... */
    wr(&fx.d, DISK_SECTOR, 7);
    wr(&fx.d, DISK_ADDR, 0x5000);
    wr(&fx.d, DISK_COUNT, 3);
    /* ... and a second command is refused at once with BUSY. */
    wr(&fx.d, DISK_CMD, DISK_CMD_READ);
    assert_int_equal(rd(&fx.d, DISK_STATUS), DISK_ST_BUSY | DISK_ST_DONE | DISK_ST_ERROR);
    assert_int_equal(rd(&fx.d, DISK_ERROR), DISK_ERR_BUSY);
    assert_true(e->level[2]);
    assert_int_equal(e->rose_at[2], 100);
    assert_int_equal(e->q.n, 1);
    wr(&fx.d, DISK_STATUS, DISK_ST_DONE);
    assert_false(e->level[2]);
    assert_int_equal(rd(&fx.d, DISK_STATUS), DISK_ST_BUSY);
    run_to(e, 256);
    assert_int_equal(rd(&fx.d, DISK_STATUS), DISK_ST_DONE);
    assert_int_equal(e->rose_at[2], 256);
    assert_sector_in_mem(e, 0x1000, 0);
    assert_int_equal(e->mem[0x5000], 0);
    assert_int_equal(rd(&fx.d, DISK_HEAD), 1);
    /* A new command clears an unacknowledged DONE (and lowers the line). */
    wr(&fx.d, DISK_SECTOR, 1);
    wr(&fx.d, DISK_COUNT, 1);
    wr(&fx.d, DISK_CMD, DISK_CMD_READ);
    assert_int_equal(rd(&fx.d, DISK_STATUS), DISK_ST_BUSY);
    assert_false(e->level[2]);
    /* Unacknowledged BUSY errors stay visible after the transfer ends. */
    wr(&fx.d, DISK_CMD, DISK_CMD_WRITE);
    run_to(e, 10000);
    assert_int_equal(rd(&fx.d, DISK_STATUS), DISK_ST_DONE | DISK_ST_ERROR);
    assert_int_equal(rd(&fx.d, DISK_ERROR), DISK_ERR_BUSY);
    assert_sector_in_mem(e, 0x5000, 1);
    free_disk(&fx);
}

static void test_disk_read_only(void **state)
{
    (void)state;
    struct disk_fixture fx = { 0 };
    struct disk_config cfg;
    disk_config_default(&cfg);
    make_file(fx.path, NSECT * 512);
    cfg.path = fx.path;
    cfg.read_only = true;
    cfg.writeback = true;                /* ignored for a read-only disk */
    new_disk_cfg(&fx, &cfg);
    wr(&fx.d, DISK_CTRL, DISK_CTRL_IE);
    immediate(&fx, DISK_CMD_WRITE, 0, 0, 1, DISK_ERR_READ_ONLY);
    immediate(&fx, DISK_CMD_WRITE, 0, 0, 0, DISK_ERR_READ_ONLY);   /* before BAD_COUNT */
    immediate(&fx, 6, 0, 0, 1, DISK_ERR_BAD_COMMAND);              /* after BAD_COMMAND */
    cmd(&fx.d, DISK_CMD_READ, 1, 0, 1);
    run_to(fx.e, 100000);
    assert_int_equal(rd(&fx.d, DISK_STATUS), DISK_ST_DONE);
    assert_sector_in_mem(fx.e, 0, 1);
    free_disk(&fx);
}

static void test_disk_no_disk(void **state)
{
    (void)state;
    struct disk_fixture fx = { 0 };
    struct disk_config cfg;
    disk_config_default(&cfg);
    new_disk_cfg(&fx, &cfg);
    assert_int_equal(rd(&fx.d, DISK_CAPACITY), 0);
    wr(&fx.d, DISK_CTRL, DISK_CTRL_IE);
    immediate(&fx, DISK_CMD_READ, 0, 0, 1, DISK_ERR_NO_DISK);
    immediate(&fx, DISK_CMD_WRITE, 0, 0, 1, DISK_ERR_NO_DISK);
    immediate(&fx, 77, 0, 0, 0, DISK_ERR_NO_DISK);
    char err[64];
    assert_true(disk_sync(&fx.d, err, sizeof err));
    free_disk(&fx);
}

static void test_disk_reset_cancels(void **state)
{
    (void)state;
    struct disk_fixture fx = { 0 };
    new_disk(&fx);
    struct env *e = fx.e;
    wr(&fx.d, DISK_CTRL, DISK_CTRL_IE);
    cmd(&fx.d, DISK_CMD_READ, 9, 0x1000, 1);
    assert_int_equal(e->q.n, 1);
    run_to(e, 500);
    fx.d.ops->reset(fx.d.state);
    assert_int_equal(evq_next(&e->q), EVQ_NEVER);
    for (uint32_t off = DISK_SECTOR; off <= DISK_HEAD; off += 4)
        if (off != DISK_CAPACITY)
            assert_int_equal(rd(&fx.d, off), 0);
    assert_int_equal(rd(&fx.d, DISK_CAPACITY), NSECT);
    run_to(e, 100000);
    assert_int_equal(e->dma_writes, 0);
    assert_int_equal(e->rises[2], 0);
    /* A reset with the line up lowers it. */
    wr(&fx.d, DISK_CTRL, DISK_CTRL_IE);
    cmd(&fx.d, 5, 0, 0, 1);
    assert_true(e->level[2]);
    fx.d.ops->reset(fx.d.state);
    assert_false(e->level[2]);
    free_disk(&fx);
}

/* Read sector `sector` into mem[addr] and wait for it. */
static void read_sector(struct disk_fixture *fx, uint32_t sector, uint32_t addr)
{
    wr(&fx->d, DISK_STATUS, DISK_ST_DONE);
    cmd(&fx->d, DISK_CMD_READ, sector, addr, 1);
    run_to(fx->e, fx->e->now + 100000);
    assert_int_equal(rd(&fx->d, DISK_STATUS), DISK_ST_DONE);
}

static void write_sector(struct disk_fixture *fx, uint32_t sector, uint8_t fill)
{
    memset(fx->e->mem, fill, 512);
    wr(&fx->d, DISK_STATUS, DISK_ST_DONE);
    cmd(&fx->d, DISK_CMD_WRITE, sector, 0, 1);
    run_to(fx->e, fx->e->now + 100000);
    assert_int_equal(rd(&fx->d, DISK_STATUS), DISK_ST_DONE);
}

static void test_disk_snapshot(void **state)
{
    (void)state;
    struct disk_fixture fx = { 0 };
    new_disk(&fx);
    struct env *e = fx.e;
    static struct snap s0, s1, s2;
    write_sector(&fx, 5, 0x11);          /* before any snapshot: not undoable */
    snap_take(e, &fx.d, &s0);
    write_sector(&fx, 5, 0x22);
    write_sector(&fx, 6, 0x33);
    snap_take(e, &fx.d, &s1);
    write_sector(&fx, 5, 0x44);
    /* Back to s0: sector 5 as the first write left it, 6 as the file. */
    assert_true(snap_restore(e, &fx.d, &s0));
    read_sector(&fx, 5, 0x1000);
    assert_int_equal(e->mem[0x1000], 0x11);
    assert_int_equal(e->mem[0x11FF], 0x11);
    read_sector(&fx, 6, 0x1000);
    assert_sector_in_mem(e, 0x1000, 6);
    /* Forward to s1 (redo), registers included. */
    assert_true(snap_restore(e, &fx.d, &s1));
    assert_int_equal(rd(&fx.d, DISK_HEAD), 7);
    assert_int_equal(rd(&fx.d, DISK_SECTOR), 6);
    read_sector(&fx, 5, 0x1000);
    assert_int_equal(e->mem[0x1000], 0x22);
    read_sector(&fx, 6, 0x1000);
    assert_int_equal(e->mem[0x1000], 0x33);
    /* Back to s0 and the same writes again: the future is kept. */
    assert_true(snap_restore(e, &fx.d, &s0));
    write_sector(&fx, 5, 0x22);
    assert_true(snap_restore(e, &fx.d, &s1));
    read_sector(&fx, 6, 0x1000);
    assert_int_equal(e->mem[0x1000], 0x33);
    /* Back to s0 and a different write: s1's future is gone. */
    assert_true(snap_restore(e, &fx.d, &s0));
    write_sector(&fx, 5, 0x99);
    snap_take(e, &fx.d, &s2);
    assert_false(snap_restore(e, &fx.d, &s1));
    assert_true(snap_restore(e, &fx.d, &s0));
    read_sector(&fx, 5, 0x1000);
    assert_int_equal(e->mem[0x1000], 0x11);
    assert_true(snap_restore(e, &fx.d, &s2));
    read_sector(&fx, 5, 0x1000);
    assert_int_equal(e->mem[0x1000], 0x99);
    /* A snapshot in the middle of a transfer completes it again, at the
     * same cycle, with the same data. */
    wr(&fx.d, DISK_STATUS, DISK_ST_DONE);
    wr(&fx.d, DISK_CTRL, DISK_CTRL_IE);
    cmd(&fx.d, DISK_CMD_READ, 20, 0x2000, 1);
    uint64_t due = evq_next(&e->q);
    advance(e, 10);
    snap_take(e, &fx.d, &s2);
    run_to(e, due);
    assert_int_equal(e->rose_at[2], due);
    memset(e->mem + 0x2000, 0, 512);
    assert_true(snap_restore(e, &fx.d, &s2));
    assert_int_equal(rd(&fx.d, DISK_STATUS), DISK_ST_BUSY);
    assert_false(e->level[2]);
    run_to(e, due - 1);
    assert_int_equal(e->mem[0x2000], 0);
    run_to(e, due);
    assert_true(e->level[2]);
    assert_sector_in_mem(e, 0x2000, 20);
    assert_false(fx.d.ops->restore(fx.d.state, s2.dev, s2.len + 1));
    free_disk(&fx);
}

static void test_disk_dump(void **state)
{
    (void)state;
    struct disk_fixture fx = { 0 };
    new_disk(&fx);
    cmd(&fx.d, DISK_CMD_READ, 2, 0, 3);
    run_to(fx.e, 100000);
    cmd(&fx.d, DISK_CMD_READ, 2, 0x10000, 1);
    char buf[1024] = "";
    FILE *f = fmemopen(buf, sizeof buf - 1, "w");
    assert_non_null(f);
    fx.d.ops->dump(fx.d.state, f);
    fclose(f);
    assert_non_null(strstr(buf, fx.path));
    assert_non_null(strstr(buf, "256 sectors"));
    assert_non_null(strstr(buf, "reads 1 (3 sectors)"));
    assert_non_null(strstr(buf, "in flight: READ 1 sectors at 2"));
    free_disk(&fx);
}

static void expect_create_error(const char *path, const char *what)
{
    struct env *e = env_new();
    struct disk_config cfg;
    disk_config_default(&cfg);
    cfg.path = path;
    struct device d = { 0 };
    char err[512] = "";
    assert_false(disk_create(&d, &cfg, env_line(e, 2), env_clock(e), env_port(e),
                             err, sizeof err));
    assert_null(d.ops);
    if (strncmp(err, path, strlen(path)) != 0 || !strstr(err, ": error: ") || !strstr(err, what))
        fail_msg("error \"%s\": want \"%s: error: ...%s...\"", err, path, what);
    assert_null(strchr(err, '\n'));
    env_free(e);
}

static void test_disk_bad_images(void **state)
{
    (void)state;
    char path[256];
    make_file(path, 1000);
    expect_create_error(path, "1000 bytes, is not a multiple of the 512-byte sector");
    unlink(path);
    make_file(path, 0);
    expect_create_error(path, "empty");
    /* One sector past 1 GiB (a sparse file: no disk space used). */
    assert_int_equal(truncate(path, (off_t)(1u << 30) + 512), 0);
    expect_create_error(path, "more than the 1 GiB limit");
    unlink(path);
    expect_create_error(path, "cannot open the disk image: No such file or directory");
    expect_create_error("/tmp", "not a regular file");
    /* Exactly 1 GiB would be fine; one sector is the smallest disk. */
    struct disk_fixture fx = { 0 };
    struct disk_config cfg;
    disk_config_default(&cfg);
    make_file(fx.path, 512);
    cfg.path = fx.path;
    new_disk_cfg(&fx, &cfg);
    assert_int_equal(rd(&fx.d, DISK_CAPACITY), 1);
    free_disk(&fx);
}

/* ---- console ------------------------------------------------------------ */

static struct device new_console(struct env *e, const char *input, uint32_t delay)
{
    struct console_config cfg = {
        .out = env_out, .out_ctx = e,
        .input = (const uint8_t *)input, .input_len = input ? strlen(input) : 0,
        .rx_delay = delay,
    };
    struct device d;
    char err[128];
    assert_true(console_create(&d, &cfg, env_line(e, 1), env_clock(e), err, sizeof err));
    assert_int_equal(d.base, 0xF0000000u);
    d.ops->reset(d.state);
    return d;
}

static void test_console_rx_delivery(void **state)
{
    (void)state;
    struct env *e = env_new();
    char input[] = "hi";
    struct device c = new_console(e, input, 100);
    input[0] = 'X';                      /* the console keeps its own copy */
    assert_int_equal(rd(&c, CONSOLE_STATUS), CONSOLE_ST_TXREADY);
    assert_int_equal(rd(&c, CONSOLE_RX), 0xFFFFFFFFu);
    run_to(e, 99);
    assert_int_equal(rd(&c, CONSOLE_STATUS), CONSOLE_ST_TXREADY);
    run_to(e, 100);
    assert_int_equal(rd(&c, CONSOLE_STATUS), CONSOLE_ST_TXREADY | CONSOLE_ST_RXREADY);
    run_to(e, 150);
    assert_int_equal(rd(&c, CONSOLE_RX), 'h');   /* taken at 150: next at 250 */
    assert_int_equal(rd(&c, CONSOLE_STATUS), CONSOLE_ST_TXREADY);
    assert_int_equal(rd(&c, CONSOLE_RX), 0xFFFFFFFFu);
    assert_int_equal(evq_next(&e->q), 250);
    run_to(e, 249);
    assert_int_equal(rd(&c, CONSOLE_STATUS), CONSOLE_ST_TXREADY);
    run_to(e, 250);
    assert_int_equal(rd(&c, CONSOLE_STATUS), CONSOLE_ST_TXREADY | CONSOLE_ST_RXREADY);
    /* The last byte waiting is not yet EOF; once taken, EOF. */
    assert_int_equal(rd(&c, CONSOLE_RX), 'i');
    assert_int_equal(rd(&c, CONSOLE_STATUS), CONSOLE_ST_TXREADY | CONSOLE_ST_EOF);
    assert_int_equal(rd(&c, CONSOLE_RX), 0xFFFFFFFFu);
    assert_int_equal(evq_next(&e->q), EVQ_NEVER);
    /* Reset replays the input from the start. */
    c.ops->reset(c.state);
    assert_int_equal(evq_next(&e->q), 350);
    run_to(e, 350);
    assert_int_equal(rd(&c, CONSOLE_RX), 'h');
    destroy(&c);
    env_free(e);
}

static void test_console_rx_interrupt(void **state)
{
    (void)state;
    struct env *e = env_new();
    struct device c = new_console(e, "ab", 40);
    wr(&c, CONSOLE_CTRL, 0xFFFFFFFFu);
    assert_int_equal(rd(&c, CONSOLE_CTRL), CONSOLE_CTRL_RXIE);
    run_to(e, 40);
    assert_true(e->level[1]);
    assert_int_equal(e->rose_at[1], 40);
    wr(&c, CONSOLE_CTRL, 0);             /* masking lowers it */
    assert_false(e->level[1]);
    wr(&c, CONSOLE_CTRL, CONSOLE_CTRL_RXIE);
    assert_true(e->level[1]);
    run_to(e, 45);
    assert_int_equal(rd(&c, CONSOLE_RX), 'a');   /* reading lowers it */
    assert_false(e->level[1]);
    run_to(e, 85);
    assert_true(e->level[1]);
    assert_int_equal(e->rose_at[1], 85);
    assert_int_equal(rd(&c, CONSOLE_RX), 'b');
    assert_false(e->level[1]);
    run_to(e, 10000);
    assert_false(e->level[1]);
    assert_int_equal(e->rises[1], 3);
    destroy(&c);
    env_free(e);
}

static void test_console_tx_and_registers(void **state)
{
    (void)state;
    struct env *e = env_new();
    struct device c = new_console(e, NULL, 10);
    /* No input at all: EOF from the start, nothing ever scheduled. */
    assert_int_equal(rd(&c, CONSOLE_STATUS), CONSOLE_ST_TXREADY | CONSOLE_ST_EOF);
    assert_int_equal(evq_next(&e->q), EVQ_NEVER);
    wr(&c, CONSOLE_TX, 'O');
    wr(&c, CONSOLE_TX, 0x14B);           /* only the low byte */
    wr(&c, CONSOLE_TX, '\n');
    assert_int_equal(e->nout, 3);
    assert_memory_equal(e->out, "OK\n", 3);
    assert_int_equal(rd(&c, CONSOLE_TX), 0);
    wr(&c, CONSOLE_STATUS, 0);           /* read-only: ignored */
    wr(&c, CONSOLE_RX, 0);
    assert_int_equal(rd(&c, CONSOLE_STATUS), CONSOLE_ST_TXREADY | CONSOLE_ST_EOF);
    assert_no_register(&c, 0x10);
    assert_no_register(&c, 0xFFC);
    char buf[512] = "";
    FILE *f = fmemopen(buf, sizeof buf - 1, "w");
    assert_non_null(f);
    c.ops->dump(c.state, f);
    fclose(f);
    assert_non_null(strstr(buf, "tx 3 rx 0"));
    destroy(&c);
    env_free(e);
}

/* ---- power ------------------------------------------------------------- */

static void power_stop(void *ctx, uint32_t status)
{
    struct env *e = ctx;
    e->exit_status = status;
    e->stops++;
}

static void test_power_exit(void **state)
{
    (void)state;
    struct env *e = env_new();
    struct power_config cfg = { power_stop, e };
    struct device p;
    char err[128];
    assert_true(power_create(&p, &cfg, err, sizeof err));
    assert_int_equal(p.base, 0xF0003000u);
    p.ops->reset(p.state);
    assert_int_equal(rd(&p, POWER_EXIT), 0);
    assert_int_equal(e->stops, 0);
    wr(&p, POWER_EXIT, 0xC0FFEEu);
    assert_int_equal(e->stops, 1);
    assert_int_equal(e->exit_status, 0xC0FFEEu);
    assert_no_register(&p, 4);
    assert_no_register(&p, 0xFFC);
    assert_int_equal(e->stops, 1);
    destroy(&p);
    env_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timer_registers),
        cmocka_unit_test(test_timer_fires_at_compare),
        cmocka_unit_test(test_timer_periodic),
        cmocka_unit_test(test_timer_disable_and_reenable),
        cmocka_unit_test(test_timer_compare_rewrite),
        cmocka_unit_test(test_timer_periodic_catch_up),
        cmocka_unit_test(test_timer_reset),
        cmocka_unit_test(test_timer_snapshot),
        cmocka_unit_test(test_timer_dump),
        cmocka_unit_test(test_disk_config_default),
        cmocka_unit_test(test_disk_registers),
        cmocka_unit_test(test_disk_read_timing),
        cmocka_unit_test(test_disk_custom_timing),
        cmocka_unit_test(test_disk_write_round_trip),
        cmocka_unit_test(test_disk_writeback),
        cmocka_unit_test(test_disk_immediate_errors),
        cmocka_unit_test(test_disk_bad_address_at_completion),
        cmocka_unit_test(test_disk_busy),
        cmocka_unit_test(test_disk_read_only),
        cmocka_unit_test(test_disk_no_disk),
        cmocka_unit_test(test_disk_reset_cancels),
        cmocka_unit_test(test_disk_snapshot),
        cmocka_unit_test(test_disk_dump),
        cmocka_unit_test(test_disk_bad_images),
        cmocka_unit_test(test_console_rx_delivery),
        cmocka_unit_test(test_console_rx_interrupt),
        cmocka_unit_test(test_console_tx_and_registers),
        cmocka_unit_test(test_power_exit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
