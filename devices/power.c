/*
 * power.c - the power/test device: how a program stops the machine and
 * reports pass or fail to the host.
 *
 * Owns: one register.  Must not touch the CPU: stopping goes through the
 * callback the machine gave us.
 *
 * Register map (base 0xF0003000, 32-bit, lw/sw only):
 *
 *   +0x00 EXIT   W   stop the machine; the value is the exit status
 *                    (tests write 0 for pass, a failing check's number
 *                    otherwise; `simmon run` exits with it).  Reads 0.
 */
#include "devices/power.h"

#include <stdlib.h>

struct power {
    struct power_config cfg;
};

static bool power_read(void *dev, uint32_t off, uint32_t *v)
{
    (void)dev;
    if (off != POWER_EXIT)
        return false;
    *v = 0;
    return true;
}

static bool power_write(void *dev, uint32_t off, uint32_t v)
{
    struct power *p = dev;
    if (off != POWER_EXIT)
        return false;
    if (p->cfg.stop)
        p->cfg.stop(p->cfg.ctx, v);
    return true;
}

static void power_reset(void *dev) { (void)dev; }

static void power_dump(void *dev, FILE *out)
{
    (void)dev;
    fprintf(out, "power: (no state)\n");
}

static void power_destroy(void *dev) { free(dev); }

static size_t power_save(void *dev, void *buf)
{
    (void)dev;
    (void)buf;
    return 0;                          /* no state */
}

static bool power_restore(void *dev, const void *buf, size_t len)
{
    (void)dev;
    (void)buf;
    return len == 0;
}

static const struct device_ops power_ops = {
    .name = "power", .read = power_read, .write = power_write, .reset = power_reset,
    .dump = power_dump, .destroy = power_destroy,
    .save = power_save, .restore = power_restore,
};

bool power_create(struct device *dev, const struct power_config *cfg, char *err, size_t errlen)
{
    struct power *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, errlen, "power: out of memory");
        return false;
    }
    p->cfg = *cfg;
    dev->ops = &power_ops;
    dev->state = p;
    dev->base = 0xF0003000u;
    return true;
}
