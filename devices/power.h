/* power.h - the power/test device (register map in power.c). */
#ifndef SIMMON_POWER_H
#define SIMMON_POWER_H

#include "devices/device.h"

#include <stddef.h>

struct power_config {
    /* Called when the guest asks the machine to stop. */
    void (*stop)(void *ctx, uint32_t status);
    void *ctx;
};

enum { POWER_EXIT = 0x00 };

bool power_create(struct device *dev, const struct power_config *cfg, char *err, size_t errlen);

#endif
