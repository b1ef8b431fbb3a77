/*
 * dbg_break.c - breakpoints, watchpoints, catchpoints and displays.
 *
 * Owns: the list of points (one numbering for all three kinds, as gdb
 * does), the commands that make and change them, `info breakpoints`,
 * pushing the enabled ones to the machine (machine_set_breakpoints /
 * machine_set_watchpoints; trap catchpoints live in dbg_exec.c's event
 * hook, VM exit catchpoints in dbg_vm.c's exit hook),
 * and the list of expressions displayed at every stop.  Must not run the
 * program.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "debugger/dbg.h"

#define MAX_POINTS 4096
#define MAX_DISPLAYS 256
#define MAX_WATCH_LEN (1u << 20)

void dbg_push_breakpoints(struct dbg *d, const uint32_t *pcs, size_t n)
{
    uint32_t *copy = n ? malloc(n * sizeof *copy) : NULL;
    if (n && !copy) {
        dbg_error(d, "out of memory: breakpoints not updated");
        return;
    }
    if (n)
        memcpy(copy, pcs, n * sizeof *copy);
    free(d->active_bps);
    d->active_bps = copy;
    d->nactive_bps = n;
    if (!machine_set_breakpoints(d->m, pcs, n))
        dbg_error(d, "out of memory: breakpoints not updated");
}

void dbg_sync_points(struct dbg *d)
{
    if (!d->m)
        return;
    size_t nb = 0, nw = 0;
    uint32_t *pcs = malloc((d->npoints + 2) * sizeof *pcs);
    struct machine_watch *ws = malloc((d->npoints + 1) * sizeof *ws);
    if (!pcs || !ws) {
        free(pcs);
        free(ws);
        dbg_error(d, "out of memory: breakpoints not updated");
        return;
    }
    bool catching = false;
    for (size_t i = 0; i < d->npoints; i++) {
        const struct dbg_point *p = &d->points[i];
        if (!p->enabled)
            continue;
        if (p->kind == DBG_BREAK)
            pcs[nb++] = p->addr;
        else if (p->kind == DBG_WATCH)     /* same order as the hit's index */
            ws[nw++] = (struct machine_watch){ p->addr, p->len, p->access };
        else if (p->kind == DBG_CATCH_TRAP)
            catching = true;           /* VM exits are caught by the monitor's hook */
    }
    /* A caught trap asks the machine to stop (machine_request_stop), which
     * it polls only between slices; with any breakpoint set it polls at
     * every instruction boundary.  So with a catchpoint, add one that can
     * never match (pc is always a multiple of 4): the stop then comes at
     * the handler's first instruction.  See the report: the API could
     * offer a stop-on-trap flag instead. */
    if (catching)
        pcs[nb++] = DBG_NEVER_PC;
    dbg_push_breakpoints(d, pcs, nb);
    if (!machine_set_watchpoints(d->m, ws, nw))
        dbg_error(d, "out of memory: watchpoints not updated");
    free(pcs);
    free(ws);
}

struct dbg_point *dbg_point_find(struct dbg *d, int num)
{
    for (size_t i = 0; i < d->npoints; i++)
        if (d->points[i].num == num)
            return &d->points[i];
    return NULL;
}

bool dbg_break_at(const struct dbg *d, uint32_t addr, bool *enabled)
{
    bool any = false;
    *enabled = false;
    for (size_t i = 0; i < d->npoints; i++)
        if (d->points[i].kind == DBG_BREAK && d->points[i].addr == addr) {
            any = true;
            *enabled |= d->points[i].enabled;
        }
    return any;
}

static struct dbg_point *new_point(struct dbg *d, enum dbg_point_kind kind, const char *what)
{
    if (d->npoints >= MAX_POINTS) {
        dbg_error(d, "too many breakpoints, watchpoints and catchpoints (at most %d)", MAX_POINTS);
        return NULL;
    }
    if (d->npoints == d->cappoints) {
        size_t cap = d->cappoints ? d->cappoints * 2 : 16;
        struct dbg_point *p = realloc(d->points, cap * sizeof *p);
        if (!p) {
            dbg_error(d, "out of memory");
            return NULL;
        }
        d->points = p;
        d->cappoints = cap;
    }
    struct dbg_point *p = &d->points[d->npoints];
    memset(p, 0, sizeof *p);
    p->what = strdup(what);
    if (!p->what) {
        dbg_error(d, "out of memory");
        return NULL;
    }
    d->npoints++;
    p->num = d->next_point++;
    p->kind = kind;
    p->enabled = true;
    p->cause = -1;
    return p;
}

/* Conditions are checked for syntax and names when set; memory is not
 * read (it may be mapped only later). */
static bool chk_var(void *ctx, const char *name, uint32_t *v)
{
    struct dbg *d = ctx;
    char expr[160];
    char err[200];
    snprintf(expr, sizeof expr, "$%s", name);
    *v = 1;
    return dbg_eval_quiet(d, expr, v, err, sizeof err) || name[0] == '\0' || name[0] == '$' ||
           isdigit((unsigned char)name[0]);
}

static bool chk_sym(void *ctx, const char *name, uint32_t *v)
{
    struct dbg *d = ctx;
    const struct image_symbol *s = image_find_symbol(&d->img, name);
    *v = s ? s->value : 0;
    return s != NULL;
}

static bool chk_mem(void *ctx, uint32_t addr, unsigned size, uint32_t *v, char *err, size_t len)
{
    (void)ctx;
    (void)addr;
    (void)size;
    (void)err;
    (void)len;
    *v = 1;
    return true;
}

static bool check_expr(struct dbg *d, const char *what, const char *expr)
{
    struct dbg_expr_env env = { d, chk_var, chk_sym, chk_mem };
    char err[400];
    uint32_t v;
    if (!dbg_expr_eval(&env, expr, &v, err, sizeof err) && !strstr(err, "division by zero"))
        return dbg_error(d, "%s: %s", what, err);
    return true;
}

/* Split "LOCATION if COND" at the word "if". */
static char *split_if(char *args)
{
    for (char *p = args; (p = strstr(p, "if")) != NULL; p += 2) {
        bool before = p == args || isspace((unsigned char)p[-1]);
        bool after = p[2] == '\0' || isspace((unsigned char)p[2]);
        if (before && after) {
            char *cond = p + 2;
            while (isspace((unsigned char)*cond))
                cond++;
            *p = '\0';
            char *e = p;
            while (e > args && isspace((unsigned char)e[-1]))
                *--e = '\0';
            return cond;
        }
    }
    return NULL;
}

bool dbg_cmd_break(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)fmt;
    char *cond = split_if(args);
    if (cond && !*cond)
        return dbg_error(d, "%s: `if` needs a condition", c->name);
    uint32_t addr = machine_pc(d->m);
    if (*args && !dbg_parse_location(d, args, &addr))
        return false;
    if (addr & 3)
        return dbg_error(d, "%s: 0x%08x is not a multiple of 4: no instruction starts there",
                         c->name, addr);
    if (cond && !check_expr(d, "bad condition", cond))
        return false;
    char what[200];
    snprintf(what, sizeof what, "%s", *args ? args : "*$pc");
    struct dbg_point *p = new_point(d, DBG_BREAK, what);
    if (!p)
        return false;
    p->addr = addr;
    p->temporary = strcmp(c->name, "tbreak") == 0;
    if (cond && !(p->cond = strdup(cond)))
        return dbg_error(d, "out of memory");
    char sym[160], line[1100];
    dbg_printf(d, "%s %d at 0x%08x%s%s", p->temporary ? "Temporary breakpoint" : "Breakpoint", p->num,
               addr, dbg_symbolize(d, addr, sym, sizeof sym)[0] ? " " : "", sym);
    if (dbg_where_line(d, addr, line, sizeof line))
        dbg_printf(d, " (%s)", line);
    const struct image_segment *seg = image_segment_for(&d->img, addr);
    if (!seg || !(seg->flags & IMAGE_X))
        dbg_printf(d, " (note: not in the program's code)");
    dbg_printf(d, "\n");
    dbg_sync_points(d);
    return true;
}

bool dbg_cmd_watch(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)fmt;
    if (!*args)
        return dbg_error(d, "%s: which address? (%s)", c->name, c->usage);
    uint32_t addr, len = 4;
    char err[400];
    char *comma = strchr(args, ',');
    char *space = strrchr(args, ' ');
    if (comma) {
        *comma = '\0';
        if (!dbg_eval(d, args, &addr) || !dbg_eval(d, comma + 1, &len))
            return false;
    } else if (!dbg_eval_quiet(d, args, &addr, err, sizeof err)) {
        if (!space)
            return dbg_error(d, "%s", err);
        *space = '\0';
        if (!dbg_eval(d, args, &addr) || !dbg_eval(d, space + 1, &len))
            return false;
    }
    if (len == 0 || len > MAX_WATCH_LEN)
        return dbg_error(d, "%s: length %u out of range (1 to %u bytes)", c->name, len, MAX_WATCH_LEN);
    if ((uint64_t)addr + len > 0x100000000ull)
        return dbg_error(d, "%s: [0x%08x, +%u) passes the end of the address space", c->name, addr, len);
    char what[100];
    snprintf(what, sizeof what, "0x%08x", addr);
    struct dbg_point *p = new_point(d, DBG_WATCH, what);
    if (!p)
        return false;
    p->addr = addr;
    p->len = len;
    p->access = c->name[0] == 'r' ? 1 : c->name[0] == 'a' ? 3 : 2;
    char sym[160];
    dbg_printf(d, "%s %d: [0x%08x, +%u)%s%s (%s)\n", "Watchpoint", p->num, addr, len,
               dbg_symbolize(d, addr, sym, sizeof sym)[0] ? " " : "", sym,
               p->access == 1 ? "read" : p->access == 2 ? "write" : "read or write");
    dbg_sync_points(d);
    return true;
}

static bool parse_cause(const char *s, int *cause)
{
    uint32_t n;
    if (dbg_parse_number(s, &n)) {
        if (n >= 32 || !isa_cause_name(n))
            return false;
        *cause = (int)n;
        return true;
    }
    for (unsigned i = 0; i < 32; i++) {
        const char *name = isa_cause_name(i);
        if (name && strcasecmp(name, s) == 0) {
            *cause = (int)i;
            return true;
        }
    }
    return false;
}

bool dbg_cmd_catch(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    char *rest = args + strcspn(args, " \t");
    if (*rest)
        *rest++ = '\0';
    while (isspace((unsigned char)*rest))
        rest++;
    const struct dbg_exit_source *xs = d->exit_source;
    if (strcmp(args, "exit") == 0) {
        if (!xs)
            return dbg_error(d, "catch exit: VM exits come from the monitor, which is not attached "
                                "(this session runs the bare machine; simmon debug --vm IMAGE)");
        int reason = -1;
        if (*rest && (reason = xs->reason(xs->ctx, rest)) < 0)
            return dbg_error(d, "catch exit: unknown reason '%.40s' (one of: %s)", rest, xs->reasons);
        struct dbg_point *p = new_point(d, DBG_CATCH_EXIT, *rest ? rest : "any");
        if (!p)
            return false;
        p->cause = reason;
        dbg_printf(d, "Catchpoint %d (VM exit %s)\n", p->num,
                   reason < 0 ? "any" : xs->reason_name(xs->ctx, reason));
        return true;
    }
    if (strcmp(args, "trap") != 0)
        return dbg_error(d, "catch: what? (catch trap [CAUSE], catch exit [REASON])");
    if (xs)
        return dbg_error(d, "catch trap: under the monitor every trap of the guest is a VM exit "
                            "(catch exit trap, syscall, page_fault, priv ...; info exits)");
    int cause = -1;
    if (*rest && !parse_cause(rest, &cause)) {
        char list[400] = "";
        for (unsigned i = 0; i < 32; i++)
            if (isa_cause_name(i)) {
                size_t l = strlen(list);
                snprintf(list + l, sizeof list - l, "%s%s", l ? " " : "", isa_cause_name(i));
            }
        return dbg_error(d, "catch trap: unknown cause '%.40s' (one of: %s, or a number)", rest, list);
    }
    struct dbg_point *p = new_point(d, DBG_CATCH_TRAP, *rest ? rest : "any");
    if (!p)
        return false;
    p->cause = cause;
    dbg_printf(d, "Catchpoint %d (trap %s)\n", p->num, cause < 0 ? "any" : isa_cause_name((unsigned)cause));
    return true;
}

/* Apply fn to each point named in args ("1 3 5-7"), or to all without. */
static bool each_point(struct dbg *d, const char *cmd, char *args,
                       bool (*fn)(struct dbg *d, size_t i, void *ctx), void *ctx)
{
    if (!*args) {
        for (size_t i = d->npoints; i-- > 0;)
            fn(d, i, ctx);
        return true;
    }
    bool ok = true;
    char *save = NULL;
    for (char *tok = strtok_r(args, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
        uint32_t lo, hi;
        char *dash = strchr(tok, '-');
        if (dash) {
            *dash = '\0';
            if (!dbg_parse_number(tok, &lo) || !dbg_parse_number(dash + 1, &hi) || hi < lo)
                return dbg_error(d, "%s: bad range '%s-%s'", cmd, tok, dash + 1);
        } else if (!dbg_parse_number(tok, &lo)) {
            return dbg_error(d, "%s: expected breakpoint numbers, not '%.40s'", cmd, tok);
        } else {
            hi = lo;
        }
        for (uint64_t n = lo; n <= hi; n++) {
            bool found = false;
            for (size_t i = 0; i < d->npoints; i++)
                if ((uint64_t)d->points[i].num == n) {
                    fn(d, i, ctx);
                    found = true;
                    break;
                }
            if (!found && lo == hi)
                ok = dbg_error(d, "%s: no breakpoint number %llu", cmd, (unsigned long long)n);
        }
    }
    return ok;
}

static bool del_one(struct dbg *d, size_t i, void *ctx)
{
    (void)ctx;
    free(d->points[i].cond);
    free(d->points[i].what);
    memmove(&d->points[i], &d->points[i + 1], (d->npoints - i - 1) * sizeof *d->points);
    d->npoints--;
    return true;
}

bool dbg_cmd_delete(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    if (strncmp(args, "display", 7) == 0)
        return dbg_cmd_undisplay(d, NULL, "", args + 7 + strspn(args + 7, " \t"));
    bool ok = each_point(d, "delete", args, del_one, NULL);
    dbg_sync_points(d);
    return ok;
}

static bool en_one(struct dbg *d, size_t i, void *ctx)
{
    d->points[i].enabled = *(bool *)ctx;
    return true;
}

bool dbg_cmd_enable(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)fmt;
    bool on = strcmp(c->name, "enable") == 0;
    bool ok = each_point(d, c->name, args, en_one, &on);
    dbg_sync_points(d);
    return ok;
}

bool dbg_cmd_condition(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    char *rest = args + strcspn(args, " \t");
    if (*rest)
        *rest++ = '\0';
    while (isspace((unsigned char)*rest))
        rest++;
    uint32_t n;
    if (!dbg_parse_number(args, &n))
        return dbg_error(d, "condition: expected a breakpoint number, not '%.40s'", args);
    struct dbg_point *p = dbg_point_find(d, (int)n);
    if (!p || p->kind != DBG_BREAK)
        return dbg_error(d, "condition: no breakpoint number %u", n);
    if (*rest && !check_expr(d, "bad condition", rest))
        return false;
    free(p->cond);
    p->cond = NULL;
    if (*rest && !(p->cond = strdup(rest)))
        return dbg_error(d, "out of memory");
    if (p->cond)
        dbg_printf(d, "Breakpoint %d stops only if %s\n", p->num, p->cond);
    else
        dbg_printf(d, "Breakpoint %d now unconditional.\n", p->num);
    return true;
}

void dbg_info_breakpoints(struct dbg *d)
{
    if (d->npoints == 0) {
        dbg_printf(d, "No breakpoints, watchpoints or catchpoints.\n");
        return;
    }
    dbg_printf(d, "Num  Type        Disp Enb Address     What\n");
    for (size_t i = 0; i < d->npoints; i++) {
        const struct dbg_point *p = &d->points[i];
        char sym[160], line[1100];
        const char *disp = p->temporary ? "del " : "keep";
        const char *en = p->enabled ? "y" : "n";
        switch (p->kind) {
        case DBG_BREAK:
            dbg_printf(d, "%-4d breakpoint  %s %s   0x%08x  %s", p->num, disp, en, p->addr,
                       dbg_symbolize(d, p->addr, sym, sizeof sym));
            if (dbg_where_line(d, p->addr, line, sizeof line))
                dbg_printf(d, " at %s", line);
            dbg_printf(d, "\n");
            break;
        case DBG_WATCH:
            dbg_symbolize(d, p->addr, sym, sizeof sym);
            dbg_printf(d, "%-4d watchpoint  %s %s   0x%08x  %s [0x%08x, +%u)%s%s\n", p->num, disp, en,
                       p->addr, p->access == 1 ? "read" : p->access == 2 ? "write" : "access",
                       p->addr, p->len, sym[0] ? " " : "", sym);
            break;
        case DBG_CATCH_TRAP:
            dbg_printf(d, "%-4d catchpoint  %s %s               trap %s\n", p->num, disp, en,
                       p->cause < 0 ? "any" : isa_cause_name((unsigned)p->cause));
            break;
        case DBG_CATCH_EXIT:
            dbg_printf(d, "%-4d catchpoint  %s %s               VM exit %s\n", p->num, disp, en,
                       p->cause < 0 || !d->exit_source ? "any"
                       : d->exit_source->reason_name(d->exit_source->ctx, p->cause));
            break;
        }
        if (p->cond)
            dbg_printf(d, "\tstop only if %s\n", p->cond);
        if (p->hits)
            dbg_printf(d, "\t%s already hit %llu time%s\n",
                       p->kind == DBG_CATCH_TRAP || p->kind == DBG_CATCH_EXIT ? "catchpoint"
                       : p->kind == DBG_WATCH ? "watchpoint" : "breakpoint",
                       (unsigned long long)p->hits, p->hits == 1 ? "" : "s");
    }
}

/* ---- displays ------------------------------------------------------------- */

static bool x_style(const char *fmt)
{
    return fmt[0] && (strpbrk(fmt, "is") || isdigit((unsigned char)fmt[0]) || strpbrk(fmt, "bhw"));
}

static void show_display(struct dbg *d, const struct dbg_display *disp)
{
    if (x_style(disp->fmt)) {
        dbg_printf(d, "%d: x/%s %s\n", disp->num, disp->fmt, disp->expr);
        char *copy = strdup(disp->expr);
        if (copy) {
            dbg_cmd_x(d, NULL, disp->fmt, copy);
            free(copy);
        }
    } else {
        dbg_printf(d, "%d: ", disp->num);
        dbg_print_value(d, disp->fmt, disp->expr, false);
    }
}

bool dbg_cmd_display(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    if (!*args) {
        dbg_do_displays(d);
        return true;
    }
    if (d->ndisplays >= MAX_DISPLAYS)
        return dbg_error(d, "display: too many displays (at most %d)", MAX_DISPLAYS);
    struct dbg_xfmt f = d->xfmt;
    char err[300];
    if (!dbg_parse_xfmt(fmt, &f, err, sizeof err))
        return dbg_error(d, "display: %s", err);
    if (!check_expr(d, "display", args))
        return false;
    if (d->ndisplays == d->capdisplays) {
        size_t cap = d->capdisplays ? d->capdisplays * 2 : 8;
        struct dbg_display *n = realloc(d->displays, cap * sizeof *n);
        if (!n)
            return dbg_error(d, "out of memory");
        d->displays = n;
        d->capdisplays = cap;
    }
    struct dbg_display *disp = &d->displays[d->ndisplays];
    if (!(disp->expr = strdup(args)))
        return dbg_error(d, "out of memory");
    snprintf(disp->fmt, sizeof disp->fmt, "%s", fmt);
    disp->num = d->next_display++;
    d->ndisplays++;
    show_display(d, disp);
    return true;
}

bool dbg_cmd_undisplay(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    if (!*args) {
        for (size_t i = 0; i < d->ndisplays; i++)
            free(d->displays[i].expr);
        d->ndisplays = 0;
        return true;
    }
    bool ok = true;
    char *save = NULL;
    for (char *tok = strtok_r(args, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
        uint32_t n;
        size_t i = 0;
        if (dbg_parse_number(tok, &n))
            for (; i < d->ndisplays && (uint32_t)d->displays[i].num != n; i++)
                ;
        if (!dbg_parse_number(tok, &n) || i == d->ndisplays) {
            ok = dbg_error(d, "undisplay: no display number %.40s", tok);
            continue;
        }
        free(d->displays[i].expr);
        memmove(&d->displays[i], &d->displays[i + 1], (d->ndisplays - i - 1) * sizeof *d->displays);
        d->ndisplays--;
    }
    return ok;
}

void dbg_info_display(struct dbg *d)
{
    if (!d->ndisplays) {
        dbg_printf(d, "No displays.\n");
        return;
    }
    dbg_printf(d, "Expressions to display at each stop:\n");
    for (size_t i = 0; i < d->ndisplays; i++)
        dbg_printf(d, "%d:   %s%s%s%s\n", d->displays[i].num, d->displays[i].fmt[0] ? "/" : "",
                   d->displays[i].fmt, d->displays[i].fmt[0] ? " " : "", d->displays[i].expr);
}

void dbg_do_displays(struct dbg *d)
{
    for (size_t i = 0; i < d->ndisplays; i++)
        show_display(d, &d->displays[i]);
}
