/*
 * dbg_pt.c - page tables as the student sees them: info pt (the tree, or
 * one walk level by level), translate, info mem (mapped ranges), and the
 * Graphviz export (dot).
 *
 * Owns: the page-table source abstraction (dbg.h) and the machine's own
 * source "mmu" (root = PTBR, enabled = STATUS.PG, read = physical RAM);
 * the walker that mirrors SPEC.md section 6 (and is cross-checked against
 * machine_translate by the unit tests); runs of L2 entries coalesced for
 * compact output.  Every view takes a source, so the monitor's "guest"
 * and "shadow" trees (dbg_vm.c) show with the same code; `-s both` is the
 * side-by-side view of dbg_shadow.c.  Must not touch the TLB or A/D bits:
 * sources only read.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/dbg.h"

#define TREE_LINES_MAX 2000    /* info pt without VA stops after this */

/* ---- sources ----------------------------------------------------------------- */

static void mmu_root(void *ctx, uint32_t *root, bool *enabled)
{
    struct dbg *d = ctx;
    *root = machine_cr(d->m, ISA_CR_PTBR) & ~0xFFFu;
    *enabled = (machine_cr(d->m, ISA_CR_STATUS) & ISA_STATUS_PG) != 0;
}

static bool mmu_read(void *ctx, uint32_t pa, uint32_t *word)
{
    struct dbg *d = ctx;
    uint8_t b[4];
    if ((pa & 3) || !machine_phys_read(d->m, pa, b, 4))
        return false;
    *word = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    return true;
}

void dbg_pt_add_machine_source(struct dbg *d)
{
    struct dbg_pt_source s = { "mmu", "the machine's MMU: the tables at PTBR, in physical memory",
                               d, mmu_root, mmu_read, NULL };
    dbg_add_pt_source(d, &s);
}

bool dbg_add_pt_source(struct dbg *d, const struct dbg_pt_source *src)
{
    if (d->npt_sources >= DBG_PT_SOURCES || dbg_pt_source_find(d, src->name))
        return false;
    d->pt_sources[d->npt_sources++] = *src;
    return true;
}

const struct dbg_pt_source *dbg_pt_source_find(const struct dbg *d, const char *name)
{
    for (size_t i = 0; i < d->npt_sources; i++)
        if (strcmp(d->pt_sources[i].name, name) == 0)
            return &d->pt_sources[i];
    return NULL;
}

const struct dbg_pt_source *dbg_pt_pick(struct dbg *d, char **args)
{
    char *a = *args;
    while (isspace((unsigned char)*a))
        a++;
    if (strncmp(a, "-s", 2) != 0 || (a[2] && !isspace((unsigned char)a[2]))) {
        *args = a;
        return &d->pt_sources[0];
    }
    a += 2;
    while (isspace((unsigned char)*a))
        a++;
    char name[32];
    size_t n = strcspn(a, " \t");
    snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : sizeof name - 1), a);
    const struct dbg_pt_source *s = dbg_pt_source_find(d, name);
    if (!s) {
        if (strcmp(name, "both") == 0)
            dbg_error(d, "-s both: only info pt shows two trees (side by side); pick -s guest or "
                         "-s shadow here");
        else
            dbg_error(d, "no page-table source '%s' (info pt-sources lists them; \"guest\" and "
                         "\"shadow\" need the monitor)", name);
        return NULL;
    }
    a += n;
    while (isspace((unsigned char)*a))
        a++;
    *args = a;
    return s;
}

/* ---- the walk ------------------------------------------------------------------ */

char *dbg_pte_flags(uint32_t pte, char *buf, size_t len)
{
    snprintf(buf, len, "%c %c %c %c %c %c %c", pte & ISA_PTE_V ? 'V' : '-', pte & ISA_PTE_R ? 'R' : '-',
             pte & ISA_PTE_W ? 'W' : '-', pte & ISA_PTE_X ? 'X' : '-', pte & ISA_PTE_U ? 'U' : '-',
             pte & ISA_PTE_A ? 'A' : '-', pte & ISA_PTE_D ? 'D' : '-');
    return buf;
}

void dbg_pt_walk(const struct dbg_pt_source *src, uint32_t va, struct dbg_walk *w)
{
    memset(w, 0, sizeof *w);
    src->root(src->ctx, &w->root, &w->enabled);
    uint32_t i1 = va >> 22, i2 = (va >> 12) & 0x3FF;
    w->l1_pa = w->root + i1 * 4;
    if (!src->read(src->ctx, w->l1_pa, &w->l1_pte)) {
        snprintf(w->why, sizeof w->why, "the L1 table at 0x%08x is not in RAM", w->root);
        return;
    }
    w->levels = 1;
    if (!(w->l1_pte & ISA_PTE_V)) {
        snprintf(w->why, sizeof w->why, "L1 entry %u is not valid: V=0", i1);
        return;
    }
    if (isa_pte_is_leaf(w->l1_pte)) {
        snprintf(w->why, sizeof w->why, "L1 entry %u has R, W or X set: malformed (no large pages)", i1);
        return;
    }
    w->l2_pa = (w->l1_pte & ~0xFFFu) + i2 * 4;
    if (!src->read(src->ctx, w->l2_pa, &w->l2_pte)) {
        snprintf(w->why, sizeof w->why, "the L2 table at 0x%08x is not in RAM", w->l1_pte & ~0xFFFu);
        return;
    }
    w->levels = 2;
    if (!(w->l2_pte & ISA_PTE_V)) {
        snprintf(w->why, sizeof w->why, "L2 entry %u is not valid: V=0", i2);
        return;
    }
    if (!isa_pte_is_leaf(w->l2_pte)) {
        snprintf(w->why, sizeof w->why, "L2 entry %u has none of R, W, X: malformed leaf", i2);
        return;
    }
    w->ok = true;
    w->pa = (w->l2_pte & ~0xFFFu) | (va & 0xFFFu);
}

void dbg_pt_leaves(const struct dbg_pt_source *src, uint32_t lo, uint32_t hi,
                   dbg_leaf_fn *fn, void *ctx)
{
    uint32_t root;
    bool enabled;
    src->root(src->ctx, &root, &enabled);
    for (uint32_t i1 = lo >> 22; i1 <= hi >> 22; i1++) {
        uint32_t p1;
        if (!src->read(src->ctx, root + i1 * 4, &p1) || !(p1 & ISA_PTE_V))
            continue;
        if (isa_pte_is_leaf(p1)) {
            if (!fn(ctx, i1 << 22, p1, i1, 1))
                return;
            continue;
        }
        uint32_t first = i1 == lo >> 22 ? (lo >> 12) & 0x3FF : 0;
        uint32_t last = i1 == hi >> 22 ? (hi >> 12) & 0x3FF : 1023;
        for (uint32_t i2 = first; i2 <= last; i2++) {
            uint32_t p2;
            if (!src->read(src->ctx, (p1 & ~0xFFFu) + i2 * 4, &p2))
                break;                 /* the L2 table is not in RAM */
            if ((p2 & ISA_PTE_V) && !fn(ctx, i1 << 22 | i2 << 12, p2, i1, isa_pte_is_leaf(p2) ? 0 : 2))
                return;
        }
    }
}

/* ---- runs: consecutive leaves with the same bits and consecutive frames ------ */

struct run {
    bool open;
    uint32_t va, pa, bits, pages, l1i;
    int bad;
};

static bool run_extends(const struct run *r, uint32_t va, uint32_t pte, uint32_t mask, int bad)
{
    return r->open && !bad && !r->bad && va == r->va + r->pages * ISA_PAGE_SIZE &&
           (pte & ~0xFFFu) == r->pa + r->pages * ISA_PAGE_SIZE && (pte & mask) == (r->bits & mask);
}

struct tree_ctx {
    struct dbg *d;
    struct run run;
    int64_t cur_l1;
    unsigned lines;
    bool truncated;
    bool mem_view;             /* info mem: coalesce across L1 entries, perms only */
    const struct dbg_pt_source *src;
};

static void flush_run(struct tree_ctx *t)
{
    struct run *r = &t->run;
    if (!r->open)
        return;
    r->open = false;
    if (++t->lines > TREE_LINES_MAX) {
        t->truncated = true;
        return;
    }
    char flags[32];
    uint32_t end = r->va + (r->pages * ISA_PAGE_SIZE - 1);
    if (r->bad) {
        dbg_printf(t->d, "    0x%08x: entry 0x%08x is malformed (%s)\n", r->va, r->bits,
                   r->bad == 2 ? "a pointer at the last level" : "R/W/X set in an L1 entry");
        return;
    }
    if (t->mem_view) {
        dbg_printf(t->d, "0x%08x-0x%08x  -> 0x%08x-0x%08x  %c%c%c %s  %u page%s\n", r->va, end, r->pa,
                   r->pa + (r->pages * ISA_PAGE_SIZE - 1), r->bits & ISA_PTE_R ? 'r' : '-',
                   r->bits & ISA_PTE_W ? 'w' : '-', r->bits & ISA_PTE_X ? 'x' : '-',
                   r->bits & ISA_PTE_U ? "user  " : "kernel", r->pages, r->pages == 1 ? "" : "s");
        return;
    }
    uint32_t i2 = (r->va >> 12) & 0x3FF;
    char idx[24];
    if (r->pages > 1)
        snprintf(idx, sizeof idx, "%u-%u", i2, i2 + r->pages - 1);
    else
        snprintf(idx, sizeof idx, "%u", i2);
    dbg_printf(t->d, "    L2[%9s] 0x%08x-0x%08x -> 0x%08x-0x%08x  %s\n", idx, r->va, end, r->pa,
               r->pa + (r->pages * ISA_PAGE_SIZE - 1), dbg_pte_flags(r->bits, flags, sizeof flags));
}

static bool tree_leaf(void *ctx, uint32_t va, uint32_t pte, uint32_t l1i, int bad)
{
    struct tree_ctx *t = ctx;
    uint32_t mask = t->mem_view ? (ISA_PTE_R | ISA_PTE_W | ISA_PTE_X | ISA_PTE_U) : 0xFFFu;
    if (!t->mem_view && (int64_t)l1i != t->cur_l1) {
        flush_run(t);
        t->cur_l1 = l1i;
        uint32_t root, p1 = 0;
        bool en;
        t->src->root(t->src->ctx, &root, &en);
        t->src->read(t->src->ctx, root + l1i * 4, &p1);
        if (++t->lines <= TREE_LINES_MAX)
            dbg_printf(t->d, "L1[%4u] 0x%08x-0x%08x  pte 0x%08x -> %s 0x%08x\n", l1i, l1i << 22,
                       (l1i << 22) | 0x3FFFFFu, p1, bad == 1 ? "malformed, bits" : "L2 table at",
                       p1 & ~0xFFFu);
    }
    if (run_extends(&t->run, va, pte, mask, bad)) {
        t->run.pages++;
    } else {
        flush_run(t);
        t->run = (struct run){ true, va, pte & ~0xFFFu, bad ? pte : pte & 0xFFFu, 1, l1i, bad };
    }
    return !t->truncated;
}

static const char *paging_state(bool enabled, uint32_t root)
{
    (void)root;
    return enabled ? "paging on" : "paging OFF: virtual = physical; these tables are not in use";
}

void dbg_pt_print_walk(struct dbg *d, const struct dbg_pt_source *src, uint32_t va, bool perms)
{
    struct dbg_walk w;
    char flags[32];
    dbg_pt_walk(src, va, &w);
    dbg_printf(d, "VA 0x%08x: L1 index %u, L2 index %u, offset 0x%03x  (%s, root 0x%08x, %s)\n", va,
               va >> 22, (va >> 12) & 0x3FF, va & 0xFFF, src->name, w.root, paging_state(w.enabled, w.root));
    if (w.levels >= 1) {
        dbg_printf(d, "  L1 entry at 0x%08x = 0x%08x  %s", w.l1_pa, w.l1_pte,
                   dbg_pte_flags(w.l1_pte, flags, sizeof flags));
        if ((w.l1_pte & ISA_PTE_V) && !isa_pte_is_leaf(w.l1_pte))
            dbg_printf(d, "  -> L2 table at 0x%08x", w.l1_pte & ~0xFFFu);
        dbg_printf(d, "\n");
    }
    if (w.levels >= 2) {
        dbg_printf(d, "  L2 entry at 0x%08x = 0x%08x  %s", w.l2_pa, w.l2_pte,
                   dbg_pte_flags(w.l2_pte, flags, sizeof flags));
        if (w.ok)
            dbg_printf(d, "  -> page 0x%08x", w.l2_pte & ~0xFFFu);
        dbg_printf(d, "\n");
    }
    if (!w.ok) {
        dbg_printf(d, "  => page fault: %s\n", w.why);
        return;
    }
    uint32_t host;
    if (src->to_host && src->to_host(src->ctx, w.pa, &host))
        dbg_printf(d, "  => PA 0x%08x (%s-physical; host-physical 0x%08x)\n", w.pa, src->name, host);
    else if (src->to_host)
        dbg_printf(d, "  => PA 0x%08x (%s-physical; not in its RAM: a device, or a bus error)\n",
                   w.pa, src->name);
    else
        dbg_printf(d, "  => PA 0x%08x\n", w.pa);
    if (perms) {
        uint32_t p = w.l2_pte;
        char rwx[4] = { p & ISA_PTE_R ? 'r' : '-', p & ISA_PTE_W ? 'w' : '-', p & ISA_PTE_X ? 'x' : '-', 0 };
        dbg_printf(d, "  access: kernel %s, user %s\n", rwx, p & ISA_PTE_U ? rwx : "--- (U=0)");
    }
}

/* "-s both": the side-by-side view (dbg_shadow.c); NULL if not that. */
static char *both_args(char *a)
{
    while (isspace((unsigned char)*a))
        a++;
    if (strncmp(a, "-s", 2) != 0 || !isspace((unsigned char)a[2]))
        return NULL;
    a += 2;
    while (isspace((unsigned char)*a))
        a++;
    if (strncmp(a, "both", 4) != 0 || (a[4] && !isspace((unsigned char)a[4])))
        return NULL;
    a += 4;
    while (isspace((unsigned char)*a))
        a++;
    return a;
}

bool dbg_info_pt(struct dbg *d, char *args)
{
    char *both = both_args(args);
    if (both)
        return dbg_info_shadow(d, both);
    const struct dbg_pt_source *src = dbg_pt_pick(d, &args);
    if (!src)
        return false;
    if (*args) {
        uint32_t va;
        if (!dbg_eval(d, args, &va))
            return false;
        dbg_pt_print_walk(d, src, va, false);
        return true;
    }
    uint32_t root;
    bool en;
    src->root(src->ctx, &root, &en);
    if (!en && root == 0) {
        dbg_printf(d, "No page tables: paging is off (STATUS.PG = 0) and PTBR is 0.\n");
        return true;
    }
    dbg_printf(d, "Page tables (%s): root 0x%08x, %s\n", src->name, root, paging_state(en, root));
    struct tree_ctx t = { d, { 0 }, -1, 0, false, false, src };
    dbg_pt_leaves(src, 0, 0xFFFFFFFFu, tree_leaf, &t);
    flush_run(&t);
    if (t.cur_l1 < 0)
        dbg_printf(d, "(no valid entries)\n");
    if (t.truncated)
        dbg_printf(d, "(more than %d lines: stopped; use info pt VA or dot)\n", TREE_LINES_MAX);
    return true;
}

bool dbg_info_mem(struct dbg *d, char *args)
{
    const struct dbg_pt_source *src = dbg_pt_pick(d, &args);
    if (!src)
        return false;
    if (*args)
        return dbg_error(d, "info mem: no argument expected (info pt VA shows one walk)");
    uint32_t root;
    bool en;
    src->root(src->ctx, &root, &en);
    if (!en) {
        uint32_t ram = machine_ram_size(d->m);
        if (src->to_host && d->exit_source)
            ram = d->exit_source->guest_ram(d->exit_source->ctx);   /* the guest's RAM */
        dbg_printf(d, "Paging is off: every address is its physical address (RAM 0x00000000-0x%08x, "
                      "devices from 0x%08x).\n", ram - 1, ISA_MMIO_BASE);
        if (root == 0)
            return true;
        dbg_printf(d, "The tables at PTBR 0x%08x (not in use) map:\n", root);
    } else {
        dbg_printf(d, "Mapped virtual memory (%s, root 0x%08x):\n", src->name, root);
    }
    struct tree_ctx t = { d, { 0 }, -1, 0, false, true, src };
    dbg_pt_leaves(src, 0, 0xFFFFFFFFu, tree_leaf, &t);
    flush_run(&t);
    if (t.lines == 0)
        dbg_printf(d, "(nothing mapped)\n");
    if (t.truncated)
        dbg_printf(d, "(more than %d ranges: stopped)\n", TREE_LINES_MAX);
    return true;
}

bool dbg_cmd_translate(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    const struct dbg_pt_source *src = dbg_pt_pick(d, &args);
    if (!src)
        return false;
    if (!*args)
        return dbg_error(d, "translate: which virtual address?");
    uint32_t va;
    if (!dbg_eval(d, args, &va))
        return false;
    uint32_t root;
    bool en;
    src->root(src->ctx, &root, &en);
    if (!en) {
        dbg_printf(d, "VA 0x%08x -> PA 0x%08x (paging is off: no translation)\n", va, va);
        return true;
    }
    dbg_pt_print_walk(d, src, va, true);
    return true;
}

/* ---- Graphviz ---------------------------------------------------------------------- */

struct dot_ctx {
    FILE *f;
    const struct dbg_pt_source *src;
    uint32_t root;
    int64_t cur_l1;
    struct run run;
    unsigned tables, rows;
};

static void dot_flush(struct dot_ctx *t)
{
    struct run *r = &t->run;
    if (!r->open)
        return;
    r->open = false;
    char flags[32];
    uint32_t i2 = (r->va >> 12) & 0x3FF;
    dbg_pte_flags(r->bits, flags, sizeof flags);
    if (r->bad)
        fprintf(t->f, "|[%u] malformed 0x%08x", i2, r->bits);
    else if (r->pages > 1)
        fprintf(t->f, "|[%u-%u] VA 0x%08x-0x%08x\\l→ PA 0x%08x  %s\\l", i2, i2 + r->pages - 1, r->va,
                r->va + (r->pages * ISA_PAGE_SIZE - 1), r->pa, flags);
    else
        fprintf(t->f, "|[%u] VA 0x%08x → PA 0x%08x  %s\\l", i2, r->va, r->pa, flags);
    t->rows++;
}

static bool dot_leaf(void *ctx, uint32_t va, uint32_t pte, uint32_t l1i, int bad)
{
    struct dot_ctx *t = ctx;
    if ((int64_t)l1i != t->cur_l1) {
        dot_flush(t);
        if (t->cur_l1 >= 0)
            fprintf(t->f, "\"];\n");
        t->cur_l1 = l1i;
        uint32_t p1 = 0;
        t->src->read(t->src->ctx, t->root + l1i * 4, &p1);
        fprintf(t->f, "  l1:e%u -> l2_%u;\n", l1i, l1i);
        fprintf(t->f, "  l2_%u [label=\"L2 table @ 0x%08x\\n(VA 0x%08x-0x%08x)", l1i, p1 & ~0xFFFu,
                l1i << 22, (l1i << 22) | 0x3FFFFFu);
        t->tables++;
    }
    if (run_extends(&t->run, va, pte, 0xFFFu, bad)) {
        t->run.pages++;
    } else {
        dot_flush(t);
        t->run = (struct run){ true, va, pte & ~0xFFFu, bad ? pte : pte & 0xFFFu, 1, l1i, bad };
    }
    return true;
}

bool dbg_cmd_dot(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    const struct dbg_pt_source *src = dbg_pt_pick(d, &args);
    if (!src)
        return false;
    char *file = args, *rest = args + strcspn(args, " \t");
    if (!*file)
        return dbg_error(d, "dot: which file? (dot FILE [VA [VA-END]])");
    if (*rest)
        *rest++ = '\0';
    uint32_t lo = 0, hi = 0xFFFFFFFFu;
    while (isspace((unsigned char)*rest))
        rest++;
    if (*rest) {
        char *second = strrchr(rest, ' ');
        char err[300];
        if (dbg_eval_quiet(d, rest, &lo, err, sizeof err)) {
            hi = lo;
        } else if (second) {
            *second = '\0';
            if (!dbg_eval(d, rest, &lo) || !dbg_eval(d, second + 1, &hi))
                return false;
        } else {
            return dbg_error(d, "dot: %s", err);
        }
        if (hi < lo)
            return dbg_error(d, "dot: the range 0x%08x-0x%08x is empty", lo, hi);
    }
    FILE *f = fopen(file, "w");
    if (!f)
        return dbg_error(d, "dot: cannot write '%s'", file);
    uint32_t root;
    bool en;
    src->root(src->ctx, &root, &en);
    fprintf(f, "// page tables (%s) written by simmon debug; render: dot -Tsvg %s -o pt.svg\n", src->name, file);
    fprintf(f, "digraph pagetables {\n  rankdir=LR;\n  node [shape=record, fontname=\"monospace\", fontsize=10];\n");
    fprintf(f, "  ptbr [shape=box, label=\"PTBR 0x%08x\\n%s\"];\n", root, en ? "paging on" : "paging off");
    fprintf(f, "  l1 [label=\"L1 table @ 0x%08x", root);
    for (uint32_t i1 = lo >> 22; i1 <= hi >> 22; i1++) {
        uint32_t p1;
        if (src->read(src->ctx, root + i1 * 4, &p1) && (p1 & ISA_PTE_V))
            fprintf(f, "|<e%u> [%u] 0x%08x", i1, i1, p1);
        if (i1 == 1023)
            break;
    }
    fprintf(f, "\"];\n  ptbr -> l1;\n");
    struct dot_ctx t = { f, src, root, -1, { 0 }, 0, 0 };
    dbg_pt_leaves(src, lo, hi, dot_leaf, &t);
    dot_flush(&t);
    if (t.cur_l1 >= 0)
        fprintf(f, "\"];\n");
    fprintf(f, "}\n");
    bool ok = !ferror(f);
    if (fclose(f) != 0 || !ok)
        return dbg_error(d, "dot: error writing '%s'", file);
    dbg_printf(d, "Wrote %s: %u L2 table%s, %u row%s (dot -Tsvg %s -o pt.svg)\n", file, t.tables,
               t.tables == 1 ? "" : "s", t.rows, t.rows == 1 ? "" : "s", file);
    return true;
}
