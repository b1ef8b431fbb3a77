/*
 * dbg_data.c - looking at and changing data: x, xp, print, set, show,
 * list, and the debugger's settings.
 *
 * Owns: the formats of values (hex and decimal together by default; x d u
 * o t c a on request), memory dumps in gdb's x/NFU layout (through the MMU,
 * side-effect free, or physical), the value history ($1, $2, ...), writes
 * to registers and memory, the settings table, source listings.  Must not
 * run the program.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/dbg.h"
#include "isa/disasm.h"

#define LIST_SIZE 10
#define STRING_MAX 256         /* x/s stops after this many bytes */

/* ---- formats --------------------------------------------------------------- */

static void bin(char *buf, uint32_t v, unsigned bits)
{
    char *p = buf;
    bool started = false;
    for (int i = (int)bits - 1; i >= 0; i--) {
        bool one = (v >> i) & 1;
        started |= one || i == 0;
        if (started)
            *p++ = one ? '1' : '0';
    }
    *p = '\0';
}

static void char_text(uint32_t c, char *buf, size_t len)
{
    switch (c) {
    case '\n': snprintf(buf, len, "'\\n'"); return;
    case '\t': snprintf(buf, len, "'\\t'"); return;
    case '\r': snprintf(buf, len, "'\\r'"); return;
    case 0:    snprintf(buf, len, "'\\0'"); return;
    case '\'': snprintf(buf, len, "'\\''"); return;
    case '\\': snprintf(buf, len, "'\\\\'"); return;
    default:
        if (c < 0x80 && isprint((int)c))
            snprintf(buf, len, "'%c'", (int)c);
        else
            snprintf(buf, len, "'\\x%02x'", c & 0xFF);
    }
}

static uint32_t sext(uint32_t v, unsigned size)
{
    return size >= 4 ? v : isa_sext(v, size * 8);
}

/* One value in a format; size in bytes (for d, t and x widths). */
static void format_value(const struct dbg *d, uint32_t v, char fmt, unsigned size, bool pad,
                         char *buf, size_t len)
{
    char sym[160], tmp[40];
    switch (fmt) {
    case 'x':
        if (pad)
            snprintf(buf, len, "0x%0*x", (int)size * 2, v);
        else
            snprintf(buf, len, "0x%x", v);
        break;
    case 'd': snprintf(buf, len, "%d", (int32_t)sext(v, size)); break;
    case 'u': snprintf(buf, len, "%u", v); break;
    case 'o': snprintf(buf, len, v ? "0%o" : "0", v); break;
    case 't': bin(tmp, v, size * 8); snprintf(buf, len, "%s", tmp); break;
    case 'c':
        char_text(v & 0xFF, tmp, sizeof tmp);
        snprintf(buf, len, "%d %s", (int)(int8_t)v, tmp);
        break;
    case 'a':
        dbg_symbolize(d, v, sym, sizeof sym);
        snprintf(buf, len, "0x%08x%s%s", v, sym[0] ? " " : "", sym);
        break;
    default:                           /* print's own: hex and decimal */
        if (v & 0x80000000u)
            snprintf(buf, len, "0x%08x (%u, %d)", v, v, (int32_t)v);
        else
            snprintf(buf, len, "0x%08x (%u)", v, v);
        dbg_symbolize(d, v, sym, sizeof sym);
        if (sym[0] && strlen(buf) + strlen(sym) + 2 < len) {
            strcat(buf, " ");
            strcat(buf, sym);
        }
        break;
    }
}

bool dbg_print_value(struct dbg *d, const char *fmt, const char *expr, bool record)
{
    char f = 0;
    if (fmt && fmt[0]) {
        if (fmt[1] || !strchr("xduotca", fmt[0]))
            return dbg_error(d, "print: format '/%s' not understood (one of x d u o t c a; "
                                "x/i and x/s show instructions and strings)", fmt);
        f = fmt[0];
    }
    if (!*expr)
        return dbg_error(d, "print: what? (print EXPR)");
    uint32_t v;
    if (!dbg_eval(d, expr, &v))
        return false;
    char text[300];
    format_value(d, v, f, 4, false, text, sizeof text);
    if (record) {
        if (d->nhistory == d->caphistory) {
            size_t cap = d->caphistory ? d->caphistory * 2 : 16;
            uint32_t *h = realloc(d->history, cap * sizeof *h);
            if (!h)
                return dbg_error(d, "out of memory");
            d->history = h;
            d->caphistory = cap;
        }
        d->history[d->nhistory++] = v;
        dbg_printf(d, "$%zu = %s\n", d->nhistory, text);
    } else {
        dbg_printf(d, "%s = %s\n", expr, text);
    }
    return true;
}

bool dbg_cmd_print(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    return dbg_print_value(d, fmt, args, true);
}

/* ---- x --------------------------------------------------------------------- */

static bool x_string(struct dbg *d, uint32_t *addr, bool phys, char *err, size_t errlen)
{
    char sym[160];
    dbg_printf(d, "0x%08x%s%s:\t\"", *addr, !phys && dbg_symbolize(d, *addr, sym, sizeof sym)[0] ? " " : "",
               phys ? "" : sym);
    for (unsigned i = 0; i < STRING_MAX; i++) {
        uint8_t b;
        if (!dbg_read_mem(d, *addr, phys, &b, 1, err, errlen)) {
            dbg_printf(d, "\"\n");
            return false;
        }
        (*addr)++;
        if (b == 0) {
            dbg_printf(d, "\"\n");
            return true;
        }
        if (b == '"' || b == '\\')
            dbg_printf(d, "\\%c", b);
        else if (b == '\n')
            dbg_printf(d, "\\n");
        else if (b == '\t')
            dbg_printf(d, "\\t");
        else if (b >= 0x20 && b < 0x7F)
            dbg_printf(d, "%c", b);
        else
            dbg_printf(d, "\\x%02x", b);
    }
    dbg_printf(d, "\"...\n");
    return true;
}

bool dbg_cmd_x(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    bool phys = c && strcmp(c->name, "xp") == 0;
    struct dbg_xfmt f = d->xfmt;
    char err[400];
    bool size_given = strpbrk(fmt, "bhw") != NULL;
    f.count = 1;
    if (!dbg_parse_xfmt(fmt, &f, err, sizeof err))
        return dbg_error(d, "x: %s", err);
    if (!size_given && f.fmt == 'c')
        f.size = 1;
    if (f.fmt == 'a' || f.fmt == 'i')
        f.size = 4;
    /* -phys anywhere among the arguments */
    char *flag;
    while ((flag = strstr(args, "-phys")) != NULL || (flag = strstr(args, "-p ")) != NULL) {
        size_t n = strncmp(flag, "-phys", 5) == 0 ? 5 : 2;
        memmove(flag, flag + n, strlen(flag + n) + 1);
        phys = true;
    }
    while (isspace((unsigned char)*args))
        args++;
    uint32_t addr = d->x_next;
    if (*args) {
        if (!dbg_eval(d, args, &addr))
            return false;
    } else if (c && phys != d->x_phys) {
        return dbg_error(d, "x: an address is needed (the last x was %s)", d->x_phys ? "physical" : "virtual");
    }
    d->xfmt = f;
    d->x_phys = phys;
    d->x_start = addr;
    d->x_count++;

    char sym[160], text[200];
    bool ok = true;
    if (f.fmt == 'i') {
        for (uint32_t i = 0; i < f.count; i++, addr += 4) {
            uint32_t w;
            if (!dbg_read_mem(d, addr, phys, &w, 4, err, sizeof err)) {
                ok = false;
                break;
            }
            isa_disasm(w, addr, &d->img, text, sizeof text);
            dbg_symbolize(d, addr, sym, sizeof sym);
            dbg_printf(d, "%s0x%08x%s%s:\t%08x\t%s\n", !phys && addr == machine_pc(d->m) ? "=> " : "   ",
                       addr, sym[0] && !phys ? " " : "", phys ? "" : sym, w, text);
        }
    } else if (f.fmt == 's') {
        for (uint32_t i = 0; i < f.count && ok; i++)
            ok = x_string(d, &addr, phys, err, sizeof err);
    } else {
        unsigned per_line = f.size == 4 ? 4 : 8;
        for (uint32_t i = 0; i < f.count; i++) {
            uint8_t b[4] = { 0 };
            if (!dbg_read_mem(d, addr, phys, b, f.size, err, sizeof err)) {
                if (i % per_line)
                    dbg_printf(d, "\n");
                ok = false;
                break;
            }
            uint32_t v = f.size == 1 ? b[0] : f.size == 2 ? (uint32_t)(b[0] | b[1] << 8)
                       : (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
            if (i % per_line == 0)
                dbg_printf(d, "%s0x%08x%s%s:", i ? "\n" : "", addr,
                           !phys && dbg_symbolize(d, addr, sym, sizeof sym)[0] ? " " : "", phys ? "" : sym);
            format_value(d, v, f.fmt, f.size, true, text, sizeof text);
            dbg_printf(d, "\t%s", text);
            addr += f.size;
        }
        if (ok)
            dbg_printf(d, "\n");
    }
    d->x_next = addr;
    if (!ok)
        return dbg_error(d, "%s", err);
    return true;
}

/* ---- set --------------------------------------------------------------------- */

/* The '=' of an assignment (not ==, <=, >=, !=). */
static char *assign_op(char *s)
{
    for (char *p = s; *p; p++)
        if (*p == '=' && p[1] != '=' && (p == s || !strchr("=<>!", p[-1])))
            return p;
    return NULL;
}

static bool set_register(struct dbg *d, const char *name, uint32_t v)
{
    int r = isa_reg_lookup(name);
    if (r == 0)
        return dbg_error(d, "set: $%s is r0, which is always 0", name);
    if ((r > 0 || strcmp(name, "pc") == 0) && d->backend.no_set_reg)
        return dbg_error(d, "set: $%s: %s", name, d->backend.no_set_reg);
    if (r > 0) {
        machine_set_reg(d->m, (unsigned)r, v);
    } else if (strcmp(name, "pc") == 0) {
        if (v & 3)
            return dbg_error(d, "set: the pc must be a multiple of 4, not 0x%08x", v);
        machine_set_pc(d->m, v);
    } else if (isa_cr_lookup(name) >= 0) {
        return dbg_error(d, "set: control registers cannot be changed from the debugger (the "
                            "machine's API has no way to write them; use mtcr in the program)");
    } else if (!strcmp(name, "cycles") || !strcmp(name, "instret") || !strcmp(name, "_")) {
        return dbg_error(d, "set: $%s is read-only", name);
    } else {
        return dbg_error(d, "set: no register $%s (try: info registers)", name);
    }
    dbg_state_changed(d);
    return true;
}

static bool set_memory(struct dbg *d, char *lhs, uint32_t v)
{
    unsigned size = 4;
    char *addr_text = lhs + 1;
    if (*lhs == '{') {
        char *close = strchr(lhs, '}');
        size_t n = close ? (size_t)(close - lhs - 1) : 0;
        if (close && (n == 1 && lhs[1] == 'b'))
            size = 1;
        else if (close && (n == 1 && lhs[1] == 'h'))
            size = 2;
        else if (!close || !(n == 1 && lhs[1] == 'w'))
            return dbg_error(d, "set: expected {b}, {h} or {w} before the address");
        addr_text = close + 1;
    }
    uint32_t addr;
    if (!dbg_eval(d, addr_text, &addr))
        return false;
    if (size < 4 && v >> (size * 8) && (v | ((1u << (size * 8)) - 1)) != 0xFFFFFFFFu)
        return dbg_error(d, "set: 0x%x does not fit in %u byte%s", v, size, size == 1 ? "" : "s");
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    char err[400];
    if (!dbg_write_mem(d, addr, false, b, size, err, sizeof err))
        return dbg_error(d, "set: %s", err);
    return true;
}

bool dbg_cmd_set(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    if (strncmp(args, "var ", 4) == 0 || strncmp(args, "variable ", 9) == 0)
        args += strcspn(args, " ") + 1;
    while (isspace((unsigned char)*args))
        args++;
    if (*args == '$' || *args == '*' || *args == '{') {
        char *eq = assign_op(args);
        if (!eq)
            return dbg_error(d, "set: expected LHS = VALUE ($a0 = 5, *0x2000 = 7, {b}buf = 65)");
        *eq = '\0';
        char *lhs = args, *e = eq;
        while (e > lhs && isspace((unsigned char)e[-1]))
            *--e = '\0';
        uint32_t v;
        if (!dbg_eval(d, eq + 1, &v))
            return false;
        if (*lhs == '$') {
            const char *name = lhs + 1;
            for (const char *p = name; *p; p++)
                if (!isalnum((unsigned char)*p) && *p != '_')
                    return dbg_error(d, "set: '%s' is not a register name", lhs);
            return set_register(d, name, v);
        }
        return set_memory(d, lhs, v);
    }
    if (!*args)
        return dbg_error(d, "set: what? (set $REG = VALUE, set *ADDR = VALUE, set SETTING VALUE)");
    char *val = args + strcspn(args, " \t=");
    if (*val)
        *val++ = '\0';
    val += strspn(val, " \t=");
    char err[400];
    const struct dbg_subcmd *s = dbg_subcmd_lookup(dbg_settings, args, err, sizeof err);
    if (!s)
        return dbg_error(d, "set: %s", err);
    if (!*val)
        return dbg_error(d, "set %s: needs a value", s->name);
    return s->fn(d, val);
}

/* ---- settings ------------------------------------------------------------------ */

static bool parse_setting(struct dbg *d, const char *name, const char *val, uint32_t lo, uint32_t *out)
{
    uint32_t v = 0;
    if (!dbg_parse_number(val, &v) || v < lo)
        return dbg_error(d, "set %s: expected a number >= %u, not '%.40s'", name, lo, val);
    *out = v;
    return true;
}

static bool set_step_limit(struct dbg *d, char *val)
{
    uint32_t v = 0;
    if (!val) {
        dbg_printf(d, "step-limit %llu\n", (unsigned long long)d->step_limit);
        return true;
    }
    if (!parse_setting(d, "step-limit", val, 1, &v))
        return false;
    d->step_limit = v;
    return true;
}

static bool set_rev(struct dbg *d, const char *key, char *val)
{
    if (!val) {
        dbg_rev_show(d, false);
        return true;
    }
    return dbg_rev_set(d, key, val);
}

static bool set_rev_interval(struct dbg *d, char *val) { return set_rev(d, "reverse-interval", val); }
static bool set_rev_snapshots(struct dbg *d, char *val) { return set_rev(d, "reverse-snapshots", val); }

const struct dbg_subcmd dbg_settings[] = {
    { "step-limit", NULL, set_step_limit,
      "step/next give up on a line after this many instructions (10000000)" },
    { "reverse-interval", NULL, set_rev_interval,
      "cycles between snapshots for reverse execution (0: only the boot state)" },
    { "reverse-snapshots", NULL, set_rev_snapshots,
      "how many snapshots to keep (older ones are thinned out)" },
    { NULL, NULL, NULL, NULL },
};

bool dbg_cmd_show(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    if (!*args) {
        set_step_limit(d, NULL);
        dbg_rev_show(d, false);
        return true;
    }
    char err[400];
    const struct dbg_subcmd *s = dbg_subcmd_lookup(dbg_settings, args, err, sizeof err);
    if (!s)
        return dbg_error(d, "show: %s", err);
    return s->fn(d, NULL);
}

/* ---- list ---------------------------------------------------------------------- */

static bool list_target(struct dbg *d, char *args, uint32_t *file, uint32_t *line)
{
    const char *colon = strrchr(args, ':');
    uint32_t n;
    if (colon && dbg_parse_number(colon + 1, &n)) {  /* FILE:LINE, with or without code */
        size_t fl = (size_t)(colon - args);
        for (uint32_t i = 0; i < d->img.nfiles; i++) {
            const char *f = d->img.files[i], *base = strrchr(f, '/');
            if ((strlen(f) == fl && !strncmp(f, args, fl)) ||
                (base && strlen(base + 1) == fl && !strncmp(base + 1, args, fl))) {
                *file = i;
                *line = n;
                return true;
            }
        }
        return dbg_error(d, "list: no source file '%.*s' in the program", (int)fl, args);
    }
    if (dbg_parse_number(args, &n) && strncmp(args, "0x", 2) != 0 && strncmp(args, "0b", 2) != 0) {
        if (!dbg_current_file(d, file))
            return dbg_error(d, "list: the program has no line table");
        *line = n;
        return true;
    }
    uint32_t addr;
    if (!dbg_parse_location(d, args, &addr))
        return false;
    const struct image_line *l = image_line_for(&d->img, addr);
    if (!l)
        return dbg_error(d, "list: no line information for 0x%08x", addr);
    *file = l->file;
    *line = l->line;
    return true;
}

bool dbg_cmd_list(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    uint32_t file, first;
    if (*args || !d->list_valid) {
        uint32_t line = 1;
        if (*args) {
            if (!list_target(d, args, &file, &line))
                return false;
        } else {
            const struct image_line *l = image_line_for(&d->img, machine_pc(d->m));
            if (!l && !dbg_current_file(d, &file))
                return dbg_error(d, "list: the program has no line table");
            if (l) {
                file = l->file;
                line = l->line;
            } else {
                line = 1;
            }
        }
        first = line > LIST_SIZE / 2 ? line - LIST_SIZE / 2 : 1;
    } else {
        file = d->list_file;
        first = d->list_next;
    }
    if (!dbg_source_line(d, file, 1))
        return dbg_error(d, "list: cannot read %s (directory DIR says where the sources are)",
                         d->img.files[file]);
    if (!dbg_source_line(d, file, first)) {
        size_t n = d->sources[file].nlines;
        return dbg_error(d, "list: %s has only %zu line%s", d->img.files[file], n, n == 1 ? "" : "s");
    }
    uint32_t l = first;
    for (const char *text; l < first + LIST_SIZE && (text = dbg_source_line(d, file, l)); l++)
        dbg_printf(d, "%u\t%s\n", l, text);
    d->list_file = file;
    d->list_next = l;
    d->list_valid = true;
    return true;
}

bool dbg_cmd_directory(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    if (*args) {
        char *save = NULL;
        for (char *dir = strtok_r(args, " \t", &save); dir; dir = strtok_r(NULL, " \t", &save))
            if (!dbg_add_source_dir(d, dir))
                return dbg_error(d, "out of memory");
    }
    dbg_printf(d, "Source files are searched as named, then in:");
    for (size_t i = d->nsrcdirs; i-- > 0;)
        dbg_printf(d, " %s", d->srcdirs[i]);
    dbg_printf(d, "%s\n", d->nsrcdirs ? "" : " (no directories)");
    return true;
}
