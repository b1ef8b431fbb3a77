/*
 * vdev.c - a guest's devices.
 *
 * Owns: each guest's console, timer, disk and power/test device.  They are
 * the very same device modules the real machine uses (devices/), wired to
 * the guest instead of to hardware:
 *   - their clock is the guest's VIRTUAL clock, and their events go on the
 *     guest's own event queue, so a virtual timer fires at the same guest
 *     instruction as a real one would on the bare machine;
 *   - their interrupt lines set bits of the guest's virtual IPEND;
 *   - their DMA port reaches only the guest's own memory: a transfer that
 *     leaves guest-physical RAM is refused (the disk reports BAD_ADDRESS),
 *     so a guest cannot aim DMA at another guest or at the shadow tables;
 *   - the power device stops this guest only.
 * The guest reaches them through MMIO that the shadow tables never map, so
 * every access exits and comes here (shadow.c decodes it).
 */
#include <stdlib.h>
#include <string.h>

#include "devices/console.h"
#include "devices/disk.h"
#include "devices/power.h"
#include "devices/timer.h"
#include "monitor/internal.h"

static uint64_t vnow(void *ctx)
{
    const struct guest *g = ctx;
    return g->vclock;
}

static void virq(void *ctx, unsigned line, bool level)
{
    struct guest *g = ctx;
    g->ipend = level ? (g->ipend | (1u << line)) : (g->ipend & ~(1u << line));
}

/* DMA: guest-physical [pa, pa+len) must lie inside the guest's RAM. */
static bool inside(const struct guest *g, uint32_t pa, uint32_t len)
{
    return pa <= g->ram_size && g->ram_size - pa >= len;
}

static bool vdma_read(void *ctx, uint32_t pa, void *buf, uint32_t len)
{
    struct guest *g = ctx;
    return inside(g, pa, len) && machine_phys_read(g->mon->m, g->ram_base + pa, buf, len);
}

static bool vdma_write(void *ctx, uint32_t pa, const void *buf, uint32_t len)
{
    struct guest *g = ctx;
    return inside(g, pa, len) && machine_phys_write(g->mon->m, g->ram_base + pa, buf, len);
}

static void vpower(void *ctx, uint32_t status)
{
    mon_stop_guest(ctx, MON_GUEST_EXITED, status);
}

/* Default console output: stdout.  With several guests, each guest's
 * output goes out a whole line at a time behind "[name] ", so the lines
 * of different guests never mix. */
void vdev_flush_console(struct guest *g)
{
    if (g->line_len) {
        printf("[%s] %.*s", g->name, (int)g->line_len, g->line);
        if (g->line[g->line_len - 1] != '\n')
            putchar('\n');
        g->line_len = 0;
    }
}

static void vconsole_out(void *ctx, uint8_t b)
{
    struct guest *g = ctx;
    if (g->out_fn) {
        g->out_fn(g->out_ctx, b);
        return;
    }
    if (g->mon->ng == 1) {
        fputc(b, stdout);
        return;
    }
    g->line[g->line_len++] = (char)b;
    if (b == '\n' || g->line_len == sizeof g->line)
        vdev_flush_console(g);
}

bool vdev_create(struct guest *g, const struct mon_guest_config *gc, char *err, size_t errlen)
{
    const struct machine_config *mc = &g->mon->cfg.machine;
    struct dev_clock clock = { vnow, g, &g->evq };
    char msg[512];
    g->out_fn = gc->out_fn;
    g->out_ctx = gc->out_ctx;
    if (gc->input_len) {
        g->input = malloc(gc->input_len);
        if (!g->input) {
            snprintf(err, errlen, "%s: out of memory", g->name);
            return false;
        }
        memcpy(g->input, gc->input, gc->input_len);
    }
    struct console_config cc = {
        .out = vconsole_out, .out_ctx = g, .input = g->input, .input_len = gc->input_len,
        .rx_delay = mc->rx_delay ? mc->rx_delay : CONSOLE_RX_DELAY_DEFAULT,
    };
    struct power_config pc = { vpower, g };
    struct disk_config dc = {
        .path = gc->disk_path[0] ? gc->disk_path : NULL,
        .read_only = mc->disk_read_only, .writeback = mc->disk_writeback,
        .seek_base = mc->disk_seek_base, .seek_per_sector = mc->disk_seek_per_sector,
        .per_sector = mc->disk_per_sector,
    };
    struct dma_port dma = { vdma_read, vdma_write, g };
    bool ok = console_create(&g->dev[0], &cc, (struct irq_line){ virq, g, 1 }, clock, msg, sizeof msg) &&
              timer_create(&g->dev[1], (struct irq_line){ virq, g, 0 }, clock, msg, sizeof msg) &&
              disk_create(&g->dev[2], &dc, (struct irq_line){ virq, g, 2 }, clock, dma, msg, sizeof msg) &&
              power_create(&g->dev[3], &pc, msg, sizeof msg);
    if (!ok) {
        snprintf(err, errlen, "%s: %s", g->name, msg);
        return false;
    }
    for (int i = 0; i < 4; i++)
        g->dev[i].ops->reset(g->dev[i].state);
    return true;
}

void vdev_destroy(struct guest *g)
{
    vdev_flush_console(g);
    for (int i = 0; i < 4; i++)
        if (g->dev[i].ops) {
            g->dev[i].ops->destroy(g->dev[i].state);
            g->dev[i].ops = NULL;
        }
    free(g->input);
    g->input = NULL;
}

bool vdev_present(const struct guest *g, uint32_t gpa)
{
    uint32_t slot = (gpa - ISA_MMIO_BASE) >> ISA_PAGE_SHIFT;
    return gpa >= ISA_MMIO_BASE && slot < 4 && g->dev[slot].ops;
}

bool vdev_access(struct guest *g, uint32_t gpa, bool write, uint32_t *value)
{
    uint32_t slot = (gpa - ISA_MMIO_BASE) >> ISA_PAGE_SHIFT;
    if (gpa < ISA_MMIO_BASE || slot >= 4 || !g->dev[slot].ops)
        return false;
    struct device *d = &g->dev[slot];
    return write ? d->ops->write(d->state, gpa & 0xFFFu, *value)
                 : d->ops->read(d->state, gpa & 0xFFFu, value);
}
