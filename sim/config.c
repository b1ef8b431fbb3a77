/*
 * config.c - machine configuration as data: one table of named keys that
 * both the command line (`--ram 4M`, `--set timing.mmio=20`) and config
 * files (`--config machine.conf`) go through, so they can never disagree.
 *
 * Owns: parsing and printing of struct machine_config.  A config file is
 * lines of `key = value`; `#` starts a comment; blank lines are ignored:
 *
 *     # a machine with a slow MMIO bus and a small TLB
 *     ram = 4M
 *     tlb = 4
 *     timing.mmio = 40
 *     disk = build/disk.img
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "devices/console.h"
#include "devices/disk.h"
#include "sim/internal.h"

enum key_kind { K_SIZE, K_U32, K_BOOL, K_ISA, K_PATH };

struct config_key {
    const char *name;
    enum key_kind kind;
    size_t offset;                 /* into struct machine_config */
    uint64_t min, max;             /* for numbers */
    const char *help;
};

#define OFF(field) offsetof(struct machine_config, field)
static const struct config_key keys[] = {
    { "ram", K_SIZE, OFF(ram_size), 4096, 0xF0000000u, "RAM size in bytes (K/M/G suffixes), a multiple of 4 KiB" },
    { "tlb", K_U32, OFF(tlb_entries), 1, 4096, "TLB entries (fully associative, FIFO)" },
    { "isa", K_ISA, OFF(variant), 0, 0, "ISA variant: strict or leaky" },
    { "timing.branch_taken", K_U32, OFF(timing.branch_taken), 0, 1000000, "extra cycles for a taken branch" },
    { "timing.mmio", K_U32, OFF(timing.mmio), 0, 1000000, "extra cycles for a device register access" },
    { "timing.walk_level", K_U32, OFF(timing.walk_level), 0, 1000000, "cycles per page-table level read on a TLB miss" },
    { "timing.trap_entry", K_U32, OFF(timing.trap_entry), 0, 1000000, "cycles to enter a trap or interrupt" },
    { "console.rx_delay", K_U32, OFF(rx_delay), 1, 100000000, "cycles between console input bytes" },
    { "timer", K_BOOL, OFF(timer), 0, 0, "attach the timer (on/off)" },
    { "disk", K_PATH, OFF(disk_path), 0, 0, "disk image file (none = no image)" },
    { "disk.attached", K_BOOL, OFF(disk), 0, 0, "attach the disk controller (on/off)" },
    { "disk.read_only", K_BOOL, OFF(disk_read_only), 0, 0, "refuse WRITE commands" },
    { "disk.writeback", K_BOOL, OFF(disk_writeback), 0, 0, "save the image back to its file at exit" },
    { "disk.seek_base", K_U32, OFF(disk_seek_base), 0, 100000000, "cycles of a seek" },
    { "disk.seek_per_sector", K_U32, OFF(disk_seek_per_sector), 0, 1000000, "extra seek cycles per sector of distance" },
    { "disk.per_sector", K_U32, OFF(disk_per_sector), 0, 100000000, "cycles to transfer one sector" },
};

void machine_config_default(struct machine_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->ram_size = 16u << 20;
    cfg->tlb_entries = 16;
    cfg->variant = ISA_VARIANT_STRICT;
    cfg->timing = isa_timing_default;
    cfg->rx_delay = CONSOLE_RX_DELAY_DEFAULT;
    cfg->timer = true;
    cfg->disk = true;
    cfg->disk_seek_base = DISK_SEEK_BASE_DEFAULT;
    cfg->disk_seek_per_sector = DISK_SEEK_PER_SECTOR_DEFAULT;
    cfg->disk_per_sector = DISK_PER_SECTOR_DEFAULT;
}

static bool parse_number(const char *s, uint64_t *out)
{
    if (!*s || *s == '-' || *s == '+')
        return false;
    errno = 0;
    char *end;
    int base = 0;
    if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
        s += 2;
        base = 2;
    }
    unsigned long long v = strtoull(s, &end, base);
    if (errno || end == s)
        return false;
    uint64_t mul = 1;
    switch (*end) {
    case 'K': case 'k': mul = 1ull << 10; end++; break;
    case 'M': case 'm': mul = 1ull << 20; end++; break;
    case 'G': case 'g': mul = 1ull << 30; end++; break;
    default: break;
    }
    if (*end || (v && mul > UINT64_MAX / v))
        return false;
    *out = v * mul;
    return true;
}

bool machine_config_set(struct machine_config *cfg, const char *key, const char *value,
                        char *err, size_t errlen)
{
    const struct config_key *k = NULL;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(keys[i].name, key) == 0)
            k = &keys[i];
    if (!k) {
        snprintf(err, errlen, "unknown configuration key '%s' (simmon run --show-config lists them)", key);
        return false;
    }
    void *field = (char *)cfg + k->offset;
    uint64_t v;
    switch (k->kind) {
    case K_SIZE:
    case K_U32:
        if (!parse_number(value, &v) || v < k->min || v > k->max) {
            snprintf(err, errlen, "%s: '%s' is not a number from %llu to %llu", key, value,
                     (unsigned long long)k->min, (unsigned long long)k->max);
            return false;
        }
        if (k->kind == K_SIZE && (v % 4096)) {
            snprintf(err, errlen, "%s: %llu is not a multiple of 4 KiB", key, (unsigned long long)v);
            return false;
        }
        if (k->offset == OFF(tlb_entries))
            *(unsigned *)field = (unsigned)v;
        else
            *(uint32_t *)field = (uint32_t)v;
        return true;
    case K_BOOL:
        if (!strcmp(value, "on") || !strcmp(value, "true") || !strcmp(value, "yes") || !strcmp(value, "1"))
            *(bool *)field = true;
        else if (!strcmp(value, "off") || !strcmp(value, "false") || !strcmp(value, "no") || !strcmp(value, "0"))
            *(bool *)field = false;
        else {
            snprintf(err, errlen, "%s: '%s' is not on or off", key, value);
            return false;
        }
        return true;
    case K_ISA:
        if (!strcmp(value, "strict"))
            cfg->variant = ISA_VARIANT_STRICT;
        else if (!strcmp(value, "leaky"))
            cfg->variant = ISA_VARIANT_LEAKY;
        else {
            snprintf(err, errlen, "isa: '%s' is not strict or leaky", value);
            return false;
        }
        return true;
    case K_PATH:
        if (strlen(value) >= sizeof cfg->disk_path) {
            snprintf(err, errlen, "%s: path too long", key);
            return false;
        }
        snprintf(cfg->disk_path, sizeof cfg->disk_path, "%s", strcmp(value, "none") ? value : "");
        return true;
    }
    return false;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

bool machine_config_load(struct machine_config *cfg, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: error: cannot open: %s", path, strerror(errno));
        return false;
    }
    char line[2048], msg[512];
    unsigned lineno = 0;
    bool ok = true;
    while (ok && fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *s = trim(line);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, errlen, "%s:%u:%d: error: expected 'key = value'", path, lineno,
                     (int)(s - line) + 1);
            ok = false;
            break;
        }
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        if (!machine_config_set(cfg, key, value, msg, sizeof msg)) {
            snprintf(err, errlen, "%s:%u:%d: error: %s", path, lineno, (int)(key - line) + 1, msg);
            ok = false;
        }
    }
    fclose(f);
    return ok;
}

void machine_config_print(const struct machine_config *cfg, FILE *out)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const struct config_key *k = &keys[i];
        const void *field = (const char *)cfg + k->offset;
        char val[1100];
        switch (k->kind) {
        case K_SIZE: case K_U32:
            snprintf(val, sizeof val, "%u", k->offset == OFF(tlb_entries) ? *(const unsigned *)field
                                                                         : *(const uint32_t *)field);
            break;
        case K_BOOL: snprintf(val, sizeof val, "%s", *(const bool *)field ? "on" : "off"); break;
        case K_ISA: snprintf(val, sizeof val, "%s", cfg->variant == ISA_VARIANT_LEAKY ? "leaky" : "strict"); break;
        case K_PATH: snprintf(val, sizeof val, "%s", cfg->disk_path[0] ? cfg->disk_path : "none"); break;
        }
        fprintf(out, "%-22s = %-12s # %s\n", k->name, val, k->help);
    }
}
