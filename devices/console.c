/*
 * console.c - the console: a byte-wide transmitter and a receiver.
 *
 * Owns: the console's registers and its input queue.  Must not touch the
 * CPU: output goes through a callback, interrupts through an irq_line,
 * time through the dev_clock.
 *
 * Register map (base 0xF0000000, 32-bit registers, lw/sw only):
 *
 *   +0x00 TX      W   write: the low byte is transmitted (printed) at once
 *   +0x04 STATUS  R   bit0 TXREADY (always 1)
 *                     bit1 RXREADY (a received byte waits in RX)
 *                     bit2 EOF     (no byte waits and the input is exhausted)
 *   +0x08 RX      R   read: the waiting byte (clears RXREADY), or
 *                     0xFFFFFFFF if none waits
 *   +0x0C CTRL    RW  bit0 RXIE: raise interrupt line 1 while RXREADY
 *
 * Input arrives deterministically: byte k+1 becomes ready rx_delay cycles
 * after byte k was read from RX (the first one rx_delay cycles after
 * reset), like a patient typist who types the next key once the last one
 * has been taken.  Same input, same program: same cycles, every run.
 * (A live terminal instead is polled every rx_delay cycles while no byte
 * waits: interactive, and so not reproducible.)
 */
#include "devices/console.h"

#include <stdlib.h>
#include <string.h>

struct console {
    struct console_config cfg;
    uint8_t *input;          /* our copy */
    size_t next;             /* index of the next byte to arrive */
    bool rx_ready;
    uint8_t rx_byte;
    uint32_t ctrl;
    uint32_t arrive_event;   /* pending evq id, 0 if none */
    struct irq_line irq;
    struct dev_clock clock;
    uint64_t tx_count, rx_count;
    bool live_eof;           /* live input: the terminal said end of input */
};

static bool input_exhausted(const struct console *c)
{
    return c->cfg.live ? c->live_eof : c->next >= c->cfg.input_len;
}

static void update_irq(struct console *c)
{
    irq_set(&c->irq, c->rx_ready && (c->ctrl & CONSOLE_CTRL_RXIE));
}

static void schedule_next(struct console *c);

static void arrive(void *arg, uint64_t when)
{
    (void)when;
    struct console *c = arg;
    c->arrive_event = 0;
    if (c->cfg.live) {
        int b = c->rx_ready ? -1 : c->cfg.live(c->cfg.live_ctx);
        if (b >= 0) {
            c->rx_byte = (uint8_t)b;
            c->rx_ready = true;
            update_irq(c);
        } else if (b == -2) {
            c->live_eof = true;
        } else {
            schedule_next(c);          /* nothing typed yet: look again later */
        }
        return;
    }
    if (c->next < c->cfg.input_len) {
        c->rx_byte = c->input[c->next++];
        c->rx_ready = true;
        update_irq(c);
    }
}

static void schedule_next(struct console *c)
{
    if (!input_exhausted(c) && !c->arrive_event)
        c->arrive_event = evq_schedule(c->clock.evq, clock_now(&c->clock) + c->cfg.rx_delay,
                                       arrive, c);
}

static bool console_read(void *dev, uint32_t off, uint32_t *v)
{
    struct console *c = dev;
    switch (off) {
    case CONSOLE_TX:
        *v = 0;
        return true;
    case CONSOLE_STATUS:
        *v = CONSOLE_ST_TXREADY | (c->rx_ready ? CONSOLE_ST_RXREADY : 0) |
             (!c->rx_ready && input_exhausted(c) ? CONSOLE_ST_EOF : 0);
        return true;
    case CONSOLE_RX:
        if (!c->rx_ready) {
            *v = 0xFFFFFFFFu;
            return true;
        }
        *v = c->rx_byte;
        c->rx_ready = false;
        c->rx_count++;
        update_irq(c);
        schedule_next(c);
        return true;
    case CONSOLE_CTRL:
        *v = c->ctrl;
        return true;
    default:
        return false;
    }
}

static bool console_write(void *dev, uint32_t off, uint32_t v)
{
    struct console *c = dev;
    switch (off) {
    case CONSOLE_TX:
        c->tx_count++;
        if (c->cfg.out)
            c->cfg.out(c->cfg.out_ctx, (uint8_t)v);
        return true;
    case CONSOLE_CTRL:
        c->ctrl = v & CONSOLE_CTRL_RXIE;
        update_irq(c);
        return true;
    case CONSOLE_STATUS:
    case CONSOLE_RX:
        return true;             /* read-only: writes are ignored */
    default:
        return false;
    }
}

static void console_reset(void *dev)
{
    struct console *c = dev;
    evq_cancel_arg(c->clock.evq, c);
    c->arrive_event = 0;
    c->next = 0;
    c->rx_ready = false;
    c->ctrl = 0;
    c->tx_count = c->rx_count = 0;
    c->live_eof = false;
    update_irq(c);
    schedule_next(c);
}

static void console_dump(void *dev, FILE *out)
{
    struct console *c = dev;
    fprintf(out, "console: ctrl=%#x rx_ready=%d rx_byte=%#x input %zu/%zu bytes, "
            "tx %llu rx %llu\n", c->ctrl, c->rx_ready, c->rx_byte, c->next,
            c->cfg.input_len, (unsigned long long)c->tx_count,
            (unsigned long long)c->rx_count);
}

static void console_destroy(void *dev)
{
    struct console *c = dev;
    evq_cancel_arg(c->clock.evq, c);
    free(c->input);
    free(c);
}

/* Snapshot: the whole struct, then the host-side fields put back. */
static size_t console_save(void *dev, void *buf)
{
    if (buf)
        memcpy(buf, dev, sizeof(struct console));
    return sizeof(struct console);
}

static bool console_restore(void *dev, const void *buf, size_t len)
{
    struct console *c = dev, saved = *c;
    if (len != sizeof *c)
        return false;
    memcpy(c, buf, sizeof *c);
    c->cfg = saved.cfg;
    c->input = saved.input;
    c->irq = saved.irq;
    c->clock = saved.clock;
    return true;
}

static const struct device_ops console_ops = {
    .name = "console", .read = console_read, .write = console_write, .reset = console_reset,
    .dump = console_dump, .destroy = console_destroy,
    .save = console_save, .restore = console_restore,
};

bool console_create(struct device *dev, const struct console_config *cfg,
                    struct irq_line irq, struct dev_clock clock, char *err, size_t errlen)
{
    struct console *c = calloc(1, sizeof *c);
    if (!c || (cfg->input_len && !(c->input = malloc(cfg->input_len)))) {
        free(c);
        snprintf(err, errlen, "console: out of memory");
        return false;
    }
    c->cfg = *cfg;
    if (cfg->input_len)
        memcpy(c->input, cfg->input, cfg->input_len);
    c->cfg.input = c->input;
    c->irq = irq;
    c->clock = clock;
    dev->ops = &console_ops;
    dev->state = c;
    dev->base = 0xF0000000u;
    return true;
}
