/*
 * dbg_engine.c - a debugging session: the machine's lifecycle, output,
 * source files, symbols, reading and writing guest memory, locations.
 *
 * Owns: struct dbg's creation and destruction; rebuilding the machine for
 * `run`; where output goes (one FILE *, with the guest's console kept on
 * lines of its own, or routed to a front end's pane); the source-file
 * cache; the expression environment (registers, symbols, memory through
 * the MMU); the text that says where the program is.  Must not run the
 * program (dbg_exec.c) nor know readline or curses.
 *
 * Reads never change the machine: memory goes through machine_translate
 * (no TLB fill, no A/D bits) and machine_phys_read, and device registers
 * are never read (a read of the console's RX would consume input).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/dbg.h"
#include "isa/disasm.h"

/* ---- the backend: the bare machine ----------------------------------- */

static enum machine_stop bare_run(void *ctx, uint64_t until)
{
    struct dbg *d = ctx;
    return machine_run(d->m, until);
}

static enum machine_stop bare_step(void *ctx)
{
    struct dbg *d = ctx;
    return machine_step(d->m);
}

/* ---- output ------------------------------------------------------------ */

void dbg_fresh_line(struct dbg *d)
{
    if (d->console_midline) {
        fputc('\n', d->out);
        d->console_midline = false;
    }
}

void dbg_printf(struct dbg *d, const char *fmt, ...)
{
    dbg_fresh_line(d);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(d->out, fmt, ap);
    va_end(ap);
}

bool dbg_error(struct dbg *d, const char *fmt, ...)
{
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    for (char *p = msg; *p; p++)       /* hostile input echoed back stays printable */
        if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7F)
            *p = '?';
    dbg_fresh_line(d);
    fprintf(d->out, "error: %s\n", msg);
    return false;
}

void dbg_console_byte(void *ctx, uint8_t b)
{
    struct dbg *d = ctx;
    if (d->replaying)
        return;                        /* re-execution for reverse: already shown */
    if (d->console_fn) {
        d->console_fn(d->console_ctx, b);
        return;
    }
    fputc(b, d->out);
    d->console_midline = b != '\n';
}

/* ---- lifecycle ----------------------------------------------------------- */

bool dbg_restart(struct dbg *d)
{
    char err[600];
    if (d->backend.restart) {          /* a target the backend builds (the monitor) */
        if (!d->backend.restart(d->backend.ctx, err, sizeof err))
            return dbg_error(d, "cannot restart %s: %s", d->prog, err);
    } else {
        struct machine *m = machine_new(&d->cfg, err, sizeof err);
        if (!m || !machine_load(m, &d->img, err, sizeof err)) {
            machine_free(m);           /* the old machine stays */
            return dbg_error(d, "cannot restart %s: %s", d->prog, err);
        }
        machine_free(d->m);
        d->m = m;
        machine_set_console_out(d->m, dbg_console_byte, d);
    }
    dbg_install_hooks(d);
    dbg_sync_points(d);
    d->ntraps = 0;
    d->tlb_fills = 0;
    d->exited = false;
    d->last_stop = DBG_STOP_NONE;
    dbg_rev_reset(d);
    return true;
}

struct dbg *dbg_new_session(const struct machine_config *cfg, const uint8_t *input, size_t input_len,
                            struct image *img, const char *prog, FILE *out, char *err, size_t errlen)
{
    struct dbg *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    d->cfg = *cfg;
    d->out = out;
    d->img = *img;
    d->own_img = true;
    image_init(img);                   /* the session owns it now */
    d->prog = strdup(prog ? prog : "program");
    d->sources = calloc(d->img.nfiles ? d->img.nfiles : 1, sizeof *d->sources);
    d->rev = dbg_rev_new();
    if (input_len) {
        d->input = malloc(input_len);
        if (d->input)
            memcpy(d->input, input, input_len);
        d->input_len = input_len;
    }
    if (!d->prog || !d->sources || !d->rev || (input_len && !d->input)) {
        snprintf(err, errlen, "out of memory");
        dbg_free(d);
        return NULL;
    }
    d->cfg.input = d->input;
    d->cfg.input_len = d->input_len;
    d->cfg.console_out = NULL;
    memset(&d->backend, 0, sizeof d->backend);
    d->backend.ctx = d;
    d->backend.run = bare_run;
    d->backend.step = bare_step;
    d->xfmt = (struct dbg_xfmt){ 1, 'x', 4 };
    d->next_point = 1;
    d->next_display = 1;
    d->step_limit = 10000000;
    dbg_pt_add_machine_source(d);
    const char *slash = strrchr(d->prog, '/');
    if (slash) {                       /* sources next to the program */
        char dir[1024];
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - d->prog), d->prog);
        dbg_add_source_dir(d, dir[0] ? dir : "/");
    }
    return d;
}

struct dbg *dbg_new(const struct machine_config *cfg, const uint8_t *input, size_t input_len,
                    struct image *img, const char *prog, FILE *out, char *err, size_t errlen)
{
    struct dbg *d = dbg_new_session(cfg, input, input_len, img, prog, out, err, errlen);
    if (!d)
        return NULL;
    d->m = machine_new(&d->cfg, err, errlen);
    if (!d->m || !machine_load(d->m, &d->img, err, errlen)) {
        dbg_free(d);
        return NULL;
    }
    machine_set_console_out(d->m, dbg_console_byte, d);
    dbg_install_hooks(d);
    dbg_rev_reset(d);
    return d;
}

void dbg_free(struct dbg *d)
{
    if (!d)
        return;
    if (d->backend.destroy)
        d->backend.destroy(d->backend.ctx);   /* it owns d->m */
    else
        machine_free(d->m);
    dbg_rev_free(d->rev);
    if (d->sources)
        for (size_t i = 0; i < d->img.nfiles; i++) {
            free(d->sources[i].text);
            free(d->sources[i].lines);
        }
    free(d->sources);
    for (size_t i = 0; i < d->nsrcdirs; i++)
        free(d->srcdirs[i]);
    free(d->srcdirs);
    if (d->own_img)
        image_free(&d->img);
    for (size_t i = 0; i < d->npoints; i++) {
        free(d->points[i].cond);
        free(d->points[i].what);
    }
    free(d->points);
    free(d->active_bps);
    for (size_t i = 0; i < d->ndisplays; i++)
        free(d->displays[i].expr);
    free(d->displays);
    free(d->history);
    free(d->last_line);
    free(d->input);
    free(d->prog);
    free(d);
}

void dbg_set_exit_source(struct dbg *d, const struct dbg_exit_source *src)
{
    d->exit_source = src;
}

void dbg_state_changed(struct dbg *d)
{
    dbg_rev_reset(d);                  /* re-execution could not reproduce this state */
}

/* ---- symbols and source lines ------------------------------------------ */

const char *dbg_symbolize(const struct dbg *d, uint32_t addr, char *buf, size_t len)
{
    buf[0] = '\0';
    uint32_t off;
    const struct image_symbol *s = image_symbol_for(&d->img, addr, &off);
    const struct image_segment *seg = image_segment_for(&d->img, addr);
    if (!s || !seg || s->kind == IMAGE_SYM_ABS || s->value < seg->vaddr)
        return buf;
    if (off)
        snprintf(buf, len, "<%s+0x%x>", s->name, off);
    else
        snprintf(buf, len, "<%s>", s->name);
    return buf;
}

const char *dbg_where_line(const struct dbg *d, uint32_t addr, char *buf, size_t len)
{
    const struct image_line *l = image_line_for(&d->img, addr);
    if (!l || l->file >= d->img.nfiles)
        return NULL;
    snprintf(buf, len, "%s:%u", d->img.files[l->file], l->line);
    return buf;
}

bool dbg_add_source_dir(struct dbg *d, const char *dir)
{
    char **n = realloc(d->srcdirs, (d->nsrcdirs + 1) * sizeof *n);
    if (!n)
        return false;
    d->srcdirs = n;
    if (!(d->srcdirs[d->nsrcdirs] = strdup(dir)))
        return false;
    d->nsrcdirs++;
    for (size_t i = 0; i < d->img.nfiles; i++)   /* look again for the missing ones */
        if (!d->sources[i].text)
            d->sources[i].tried = false;
    return true;
}

/* The file as the line table names it, else DIR/name and DIR/basename
 * for each source directory (newest first). */
static FILE *open_source(const struct dbg *d, const char *name)
{
    FILE *f = fopen(name, "rb");
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    for (size_t i = d->nsrcdirs; !f && i-- > 0;) {
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", d->srcdirs[i], name);
        if (!(f = fopen(path, "rb"))) {
            snprintf(path, sizeof path, "%s/%s", d->srcdirs[i], base);
            f = fopen(path, "rb");
        }
    }
    return f;
}

static void load_source(struct dbg *d, uint32_t file)
{
    struct dbg_source *s = &d->sources[file];
    s->tried = true;
    FILE *f = open_source(d, d->img.files[file]);
    if (!f)
        return;
    size_t cap = 4096, n = 0;
    char *t = malloc(cap);
    size_t got;
    while (t && (got = fread(t + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *nt = cap < (64u << 20) ? realloc(t, cap * 2) : NULL;
            if (!nt) {
                free(t);
                t = NULL;
                break;
            }
            t = nt;
            cap *= 2;
        }
    }
    fclose(f);
    if (!t)
        return;
    t[n] = '\0';
    size_t lines = 1;
    for (size_t i = 0; i < n; i++)
        lines += t[i] == '\n';
    s->lines = malloc(lines * sizeof *s->lines);
    if (!s->lines) {
        free(t);
        return;
    }
    s->text = t;
    char *p = t;
    while (*p || (p == t && n == 0)) {
        s->lines[s->nlines++] = p;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        if (nl > p && nl[-1] == '\r')
            nl[-1] = '\0';
        p = nl + 1;
    }
}

const char *dbg_source_line(struct dbg *d, uint32_t file, uint32_t line)
{
    if (file >= d->img.nfiles || line == 0)
        return NULL;
    if (!d->sources[file].tried)
        load_source(d, file);
    const struct dbg_source *s = &d->sources[file];
    return line <= s->nlines ? s->lines[line - 1] : NULL;
}

void dbg_print_location(struct dbg *d, uint32_t pc)
{
    char sym[160], text[160], why[200];
    const struct image_line *l = image_line_for(&d->img, pc);
    if (l && l->file < d->img.nfiles) {
        const char *src = dbg_source_line(d, l->file, l->line);
        dbg_printf(d, "%s:%u\t%s\n", d->img.files[l->file], l->line, src ? src : "(source not available)");
    }
    dbg_symbolize(d, pc, sym, sizeof sym);
    uint32_t word;
    if (dbg_read_mem(d, pc, false, &word, 4, why, sizeof why)) {
        isa_disasm(word, pc, &d->img, text, sizeof text);
        dbg_printf(d, "=> 0x%08x%s%s:\t%s\n", pc, sym[0] ? " " : "", sym, text);
    } else {
        dbg_printf(d, "=> 0x%08x%s%s:\t(%s)\n", pc, sym[0] ? " " : "", sym, why);
    }
}

/* ---- memory -------------------------------------------------------------- */

static const char *device_name(uint32_t pa)
{
    switch (pa & ~0xFFFu) {
    case ISA_DEV_CONSOLE: return "console";
    case ISA_DEV_TIMER:   return "timer";
    case ISA_DEV_DISK:    return "disk";
    case ISA_DEV_POWER:   return "power/test";
    default:              return NULL;
    }
}

/* Translate one address for an access of len bytes that stays in a page. */
static bool access_pa(const struct dbg *d, uint32_t addr, bool phys, uint32_t *pa,
                      char *err, size_t errlen)
{
    if (d->backend.mem_pa) {           /* the monitor: the guest's view */
        if (!d->backend.mem_pa(d->backend.ctx, addr, phys, pa, err, errlen))
            return false;
    } else if (phys) {
        *pa = addr;
    } else if (!machine_translate(d->m, addr, pa, NULL)) {
        struct dbg_walk w;
        dbg_pt_walk(&d->pt_sources[0], addr, &w);
        snprintf(err, errlen, "cannot access 0x%08x: not mapped (%s)", addr,
                 w.why);
        return false;
    }
    if (*pa >= ISA_MMIO_BASE) {
        const char *dev = device_name(*pa);
        if (dev)
            snprintf(err, errlen, "cannot access 0x%08x: those are the %s's registers (physical "
                     "0x%08x); the debugger never touches device registers, a read could change "
                     "the device (see info devices)", addr, dev, *pa);
        else
            snprintf(err, errlen, "cannot access 0x%08x: nothing at physical address 0x%08x "
                     "(a bus error for the CPU)", addr, *pa);
        return false;
    }
    if (*pa >= machine_ram_size(d->m)) {
        snprintf(err, errlen, "cannot access 0x%08x: no RAM at physical address 0x%08x (RAM is "
                 "0x00000000-0x%08x)", addr, *pa, machine_ram_size(d->m) - 1);
        return false;
    }
    return true;
}

static bool mem_access(struct dbg *d, const struct dbg *cd, uint32_t addr, bool phys, void *buf,
                       const void *wbuf, uint32_t len, char *err, size_t errlen)
{
    if ((uint64_t)addr + len > 0x100000000ull) {
        snprintf(err, errlen, "cannot access 0x%08x: %u bytes would pass the end of the address space",
                 addr, len);
        return false;
    }
    while (len) {
        uint32_t in_page = ISA_PAGE_SIZE - (addr & (ISA_PAGE_SIZE - 1));
        uint32_t n = len < in_page ? len : in_page, pa;
        if (!access_pa(cd, addr, phys, &pa, err, errlen))
            return false;
        if (pa + n > machine_ram_size(cd->m))
            n = machine_ram_size(cd->m) - pa;      /* then the next round reports it */
        bool ok = wbuf ? machine_phys_write(d->m, pa, wbuf, n) : machine_phys_read(cd->m, pa, buf, n);
        if (!ok) {
            snprintf(err, errlen, "cannot access physical 0x%08x", pa);
            return false;
        }
        if (wbuf)
            wbuf = (const uint8_t *)wbuf + n;
        else
            buf = (uint8_t *)buf + n;
        addr += n;
        len -= n;
    }
    return true;
}

bool dbg_read_mem(const struct dbg *d, uint32_t addr, bool phys, void *buf, uint32_t len,
                  char *err, size_t errlen)
{
    return mem_access(NULL, d, addr, phys, buf, NULL, len, err, errlen);
}

bool dbg_write_mem(struct dbg *d, uint32_t addr, bool phys, const void *buf, uint32_t len,
                   char *err, size_t errlen)
{
    if (!mem_access(d, d, addr, phys, NULL, buf, len, err, errlen))
        return false;
    dbg_state_changed(d);
    return true;
}

uint64_t dbg_ram_hash(const struct dbg *d)
{
    uint64_t h = 0xcbf29ce484222325ull;
    enum { CHUNK = 65536 };
    uint8_t *chunk = malloc(CHUNK);
    if (!chunk)
        return 0;
    uint32_t size = machine_ram_size(d->m);
    for (uint32_t pa = 0; pa < size; pa += CHUNK) {
        uint32_t n = size - pa < CHUNK ? size - pa : CHUNK;
        machine_phys_read(d->m, pa, chunk, n);
        for (uint32_t i = 0; i < n; i++)
            h = (h ^ chunk[i]) * 0x100000001b3ull;
    }
    free(chunk);
    return h;
}

/* ---- expressions in the session ---------------------------------------- */

static bool env_var(void *ctx, const char *name, uint32_t *v)
{
    struct dbg *d = ctx;
    int r = isa_reg_lookup(name);
    if (r >= 0) {
        *v = machine_reg(d->m, (unsigned)r);
        return true;
    }
    if (strcmp(name, "pc") == 0) {
        *v = machine_pc(d->m);
        return true;
    }
    int cr = isa_cr_lookup(name);
    if (cr >= 0) {
        *v = machine_cr(d->m, (unsigned)cr);
        return true;
    }
    if (strcmp(name, "cycles") == 0) {
        *v = (uint32_t)machine_cycles(d->m);
        return true;
    }
    if (strcmp(name, "instret") == 0) {
        *v = (uint32_t)machine_instret(d->m);
        return true;
    }
    if (strcmp(name, "_") == 0) {
        *v = d->x_next;
        return true;
    }
    size_t back = 0;
    if (name[0] == '\0' || strcmp(name, "$") == 0) {
        back = name[0] ? 2 : 1;
        if (d->nhistory < back)
            return false;
        *v = d->history[d->nhistory - back];
        return true;
    }
    uint32_t n;
    if (dbg_parse_number(name, &n) && n >= 1 && n <= d->nhistory) {
        *v = d->history[n - 1];
        return true;
    }
    return d->backend.var && d->backend.var(d->backend.ctx, name, v);
}

static bool env_sym(void *ctx, const char *name, uint32_t *v)
{
    struct dbg *d = ctx;
    const struct image_symbol *s = image_find_symbol(&d->img, name);
    if (!s)
        return false;
    *v = s->value;
    return true;
}

static bool env_mem(void *ctx, uint32_t addr, unsigned size, uint32_t *v, char *err, size_t errlen)
{
    struct dbg *d = ctx;
    uint8_t b[4] = { 0 };
    if (!dbg_read_mem(d, addr, false, b, size, err, errlen))
        return false;
    *v = size == 1 ? b[0] : size == 2 ? (uint32_t)(b[0] | b[1] << 8)
                          : (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    return true;
}

bool dbg_eval_quiet(struct dbg *d, const char *text, uint32_t *v, char *err, size_t errlen)
{
    struct dbg_expr_env env = { d, env_var, env_sym, env_mem };
    return dbg_expr_eval(&env, text, v, err, errlen);
}

bool dbg_eval(struct dbg *d, const char *text, uint32_t *v)
{
    char err[400];
    if (!dbg_eval_quiet(d, text, v, err, sizeof err))
        return dbg_error(d, "%s", err);
    return true;
}

/* ---- locations ----------------------------------------------------------- */

bool dbg_current_file(const struct dbg *d, uint32_t *file)
{
    const struct image_line *l = image_line_for(&d->img, machine_pc(d->m));
    if (!l)
        l = image_line_for(&d->img, d->img.entry);
    if (l && l->file < d->img.nfiles) {
        *file = l->file;
        return true;
    }
    if (d->img.nfiles) {
        *file = 0;
        return true;
    }
    return false;
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

static bool find_file(const struct dbg *d, const char *name, uint32_t *file)
{
    size_t n = strlen(name);
    for (uint32_t i = 0; i < d->img.nfiles; i++) {
        const char *f = d->img.files[i];
        size_t fl = strlen(f);
        const char *base = strrchr(f, '/');
        if (strcmp(f, name) == 0 || (fl > n && f[fl - n - 1] == '/' && strcmp(f + fl - n, name) == 0) ||
            (base && strcmp(base + 1, name) == 0)) {
            *file = i;
            return true;
        }
    }
    return false;
}

static bool line_addr(struct dbg *d, uint32_t file, uint32_t line, uint32_t *addr)
{
    uint32_t max = 0;
    for (size_t i = 0; i < d->img.nlines; i++)
        if (d->img.lines[i].file == file && d->img.lines[i].line > max)
            max = d->img.lines[i].line;
    for (uint32_t l = line; l <= max; l++)   /* a line without code: the next one with code */
        if (image_addr_for_line(&d->img, file, l, addr))
            return true;
    return dbg_error(d, "%s:%u: no code at or after that line", d->img.files[file], line);
}

bool dbg_parse_location(struct dbg *d, const char *text, uint32_t *addr)
{
    while (isspace((unsigned char)*text))
        text++;
    if (!*text)
        return dbg_error(d, "expected a location (*ADDR, SYMBOL, FILE:LINE or LINE)");
    if (*text == '*')
        return dbg_eval(d, text + 1, addr);
    const char *colon = strrchr(text, ':');
    if (colon && all_digits(colon + 1)) {
        char name[1024];
        size_t n = (size_t)(colon - text);
        if (n == 0 || n >= sizeof name)
            return dbg_error(d, "bad FILE:LINE location '%.60s'", text);
        memcpy(name, text, n);
        name[n] = '\0';
        uint32_t file, line;
        if (!find_file(d, name, &file))
            return dbg_error(d, "no source file '%s' in the program's line table", name);
        if (!dbg_parse_number(colon + 1, &line) || line == 0)
            return dbg_error(d, "bad line number '%s'", colon + 1);
        return line_addr(d, file, line, addr);
    }
    if (all_digits(text)) {
        uint32_t file, line;
        if (!dbg_current_file(d, &file))
            return dbg_error(d, "the program has no line table: use *ADDR or a symbol");
        if (!dbg_parse_number(text, &line) || line == 0)
            return dbg_error(d, "bad line number '%s'", text);
        return line_addr(d, file, line, addr);
    }
    return dbg_eval(d, text, addr);
}
