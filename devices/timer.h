/* timer.h - the timer device (register map in timer.c and devices/README.md). */
#ifndef SIMMON_TIMER_H
#define SIMMON_TIMER_H

#include "devices/device.h"

#include <stddef.h>

/* Fills *dev (base 0xF0001000); false (with err) on failure.  The machine
 * gives it interrupt line 0.  Nothing is scheduled until the guest enables
 * it; call ops->reset before the first run, as for every device. */
bool timer_create(struct device *dev, struct irq_line irq, struct dev_clock clock,
                  char *err, size_t errlen);

/* Register offsets and bits, shared with tests and the docs. */
enum {
    TIMER_TIME_LO = 0x00, TIMER_TIME_HI = 0x04, TIMER_CMP_LO = 0x08, TIMER_CMP_HI = 0x0C,
    TIMER_CTRL = 0x10, TIMER_STATUS = 0x14, TIMER_PERIOD = 0x18,
    TIMER_CTRL_EN = 1u << 0,
    TIMER_ST_PENDING = 1u << 0,
};

#endif
