/* console.h - the console device (register map in console.c and devices/README.md). */
#ifndef SIMMON_CONSOLE_H
#define SIMMON_CONSOLE_H

#include "devices/device.h"

#include <stddef.h>

struct console_config {
    /* Where transmitted bytes go (host stdout, a debugger pane, a buffer). */
    void (*out)(void *ctx, uint8_t byte);
    void *out_ctx;
    /* Input, copied at creation: delivered one byte at a time, the next
     * byte arriving rx_delay cycles after the previous one was read (the
     * first rx_delay cycles after reset), so delivery is deterministic. */
    const uint8_t *input;
    size_t input_len;
    uint32_t rx_delay;
    /* Live input instead (an interactive terminal): called every rx_delay
     * cycles while no byte waits; returns the next byte, -1 if none has
     * been typed yet, -2 at end of input.  Not deterministic, by nature:
     * scripted runs use `input`. */
    int (*live)(void *ctx);
    void *live_ctx;
};

#define CONSOLE_RX_DELAY_DEFAULT 1000u

/* Fills *dev; false (with err) on failure. */
bool console_create(struct device *dev, const struct console_config *cfg,
                    struct irq_line irq, struct dev_clock clock,
                    char *err, size_t errlen);

/* Register offsets and bits, shared with tests and the docs. */
enum {
    CONSOLE_TX = 0x00, CONSOLE_STATUS = 0x04, CONSOLE_RX = 0x08, CONSOLE_CTRL = 0x0C,
    CONSOLE_ST_TXREADY = 1u << 0, CONSOLE_ST_RXREADY = 1u << 1, CONSOLE_ST_EOF = 1u << 2,
    CONSOLE_CTRL_RXIE = 1u << 0,
};

#endif
