/*
 * device.h - what every device sees of the machine, and what the machine
 * sees of a device.
 *
 * Owns: the device interface (read/write a register at an offset, reset,
 * dump state), the IRQ line handle, the DMA port and the clock handle.
 * Devices include this file and devices/evq.h and nothing from sim/: a
 * device never knows the CPU.  The machine (sim/) implements the other side.
 *
 * Three kinds of failure are kept apart (after System/161):
 *   - the user configured something wrong: the constructor returns NULL
 *     with a message, and the CLI reports it;
 *   - the guest misprogrammed the device: an error status in a register
 *     (or a bus error for a bad register access), never a host crash;
 *   - a simulator bug: an assert() that stays on in release builds.
 */
#ifndef SIMMON_DEVICE_H
#define SIMMON_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "devices/evq.h"

/* An interrupt line: the device calls irq_set(line, true/false); the
 * machine latches the level into IPEND bit `line`. */
struct irq_line {
    void (*set)(void *ctx, unsigned line, bool level);
    void *ctx;
    unsigned line;
};

static inline void irq_set(const struct irq_line *irq, bool level)
{
    if (irq->set)
        irq->set(irq->ctx, irq->line, level);
}

/* Physical memory as a DMA engine sees it.  Both return false (and touch
 * nothing) if any byte of [pa, pa+len) is outside the memory the port
 * grants: the bounds check lives on the machine's side of the port. */
struct dma_port {
    bool (*read)(void *ctx, uint32_t pa, void *buf, uint32_t len);
    bool (*write)(void *ctx, uint32_t pa, const void *buf, uint32_t len);
    void *ctx;
};

/* The machine's clock: the current cycle, and the event queue to schedule
 * future work on. */
struct dev_clock {
    uint64_t (*now)(void *ctx);
    void *ctx;
    struct evq *evq;
};

static inline uint64_t clock_now(const struct dev_clock *c) { return c->now(c->ctx); }

/* A device: registers are 32-bit, at word-aligned offsets inside the
 * device's 4 KiB page.  read/write return false for an offset that has no
 * register (the CPU turns that into a BUS_ERROR trap). */
struct device_ops {
    const char *name;
    bool (*read)(void *dev, uint32_t offset, uint32_t *value);
    bool (*write)(void *dev, uint32_t offset, uint32_t value);
    void (*reset)(void *dev);
    void (*dump)(void *dev, FILE *out);
    void (*destroy)(void *dev);
    /* Snapshots (the debugger's reverse execution): save writes the
     * device's guest-visible state into buf and returns its size (with buf
     * NULL: only the size); restore reads it back.  Host-side wiring (the
     * callbacks, irq, clock and dma handles, configuration) is not state. */
    size_t (*save)(void *dev, void *buf);
    bool (*restore)(void *dev, const void *buf, size_t len);
};

struct device {
    const struct device_ops *ops;
    void *state;
    uint32_t base;          /* physical base address (4 KiB aligned) */
};

#endif
