/*
 * dbg_shadow.c - a guest's page tables beside its shadow table, page by
 * page: `info pt -s both` (alias `info shadow`) and the rows of the
 * screen's `layout vm`.
 *
 * Owns: merging the page-table sources "guest" (guest-virtual -> guest-
 * physical, the guest's own tables) and "shadow" (guest-virtual -> host-
 * physical, the monitor's tables the real MMU walks) in VA order, and
 * saying, for each page, whether the shadow agrees with the guest.  The
 * rules are the monitor's (monitor/README.md section 3):
 *
 *   - a shadow entry exists only while the guest's virtual TLB holds the
 *     page: most guest pages are absent ("*": not faulted in yet, or
 *     dropped by tlbi/tlbia, a PTBR write or a virtual TLB eviction);
 *   - while the guest runs in virtual user mode the shadow is the user
 *     space, which never holds a page without U ("k");
 *   - device pages (guest-physical beyond its RAM) are never mapped, so
 *     every access exits ("d");
 *   - W is withheld until the guest's PTE has D, so the first store exits
 *     and the monitor sets D as the bare walker would ("W-");
 *   - every shadow entry has U, A and D set (the guest runs in real user
 *     mode): not a difference;
 *   - a frame or permission the guest's tables do not give is right only
 *     when the virtual TLB still holds the old translation (the guest
 *     changed a PTE without tlbi: "S", stale, exactly as bare); otherwise
 *     it is a monitor bug ("!!").
 *
 * Reads only (through the sources); must not touch the TLB or A/D bits.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/dbg.h"

#define CMP_ROWS_MAX 4096      /* rows kept; the rest is cut (the VA form shows one page) */
#define SHADOW_LEAVES_MAX (1u << 20)

static const struct {
    const char *text, *doc;
} marks[DBG_CMP_MARKS] = {
    [DBG_CMP_SAME] = { "", "the shadow maps it as the guest does" },
    [DBG_CMP_ABSENT] = { "*", "not in the shadow: not faulted in yet, or dropped (tlbi, tlbia, a "
                              "PTBR write, a virtual TLB eviction)" },
    [DBG_CMP_KERNEL_ONLY] = { "k", "no U: never in the user-mode shadow space" },
    [DBG_CMP_DEVICE] = { "d", "guest-physical beyond its RAM (a device): never mapped, every access "
                              "exits" },
    [DBG_CMP_W_WITHHELD] = { "W-", "W withheld until the guest's PTE has D: the first store exits "
                                   "and sets D" },
    [DBG_CMP_STALE] = { "S", "stale: the virtual TLB still holds the old translation (the guest "
                             "changed its tables without tlbi), as the bare TLB would" },
    [DBG_CMP_BAD] = { "!!", "MISMATCH: the shadow gives a frame or permission the guest never did: "
                            "a monitor bug" },
};

const char *dbg_cmp_mark_text(enum dbg_cmp_mark m) { return m < DBG_CMP_MARKS ? marks[m].text : "?"; }
const char *dbg_cmp_mark_doc(enum dbg_cmp_mark m) { return m < DBG_CMP_MARKS ? marks[m].doc : "?"; }

/* ---- building the rows ----------------------------------------------------- */

struct leaf {
    uint32_t va, pte;
};

struct leaves {
    struct leaf *v;
    size_t n, cap, next;
    bool full;
};

static bool collect(void *ctx, uint32_t va, uint32_t pte, uint32_t l1i, int bad)
{
    struct leaves *l = ctx;
    (void)l1i;
    if (bad)
        return true;                   /* the shadow has none; info pt -s shadow shows it */
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        struct leaf *v = cap <= SHADOW_LEAVES_MAX ? realloc(l->v, cap * sizeof *v) : NULL;
        if (!v) {
            l->full = true;
            return false;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = (struct leaf){ va, pte };
    return true;
}

struct merge {
    struct dbg_cmp *c;
    struct leaves sh;
    const struct dbg_pt_source *g;
    const struct dbg_exit_source *xs;
    bool user_space;
    uint32_t ram;
};

/* The shadow entry agrees with the virtual TLB's copy of the guest PTE. */
static bool vtlb_explains(const struct merge *m, uint32_t va, uint32_t spte)
{
    uint32_t vpte, host;
    if (!m->xs->vtlb(m->xs->ctx, va >> ISA_PAGE_SHIFT, &vpte))
        return false;
    uint32_t keep = ISA_PTE_R | ISA_PTE_X;
    bool w_ok = !(spte & ISA_PTE_W) || ((vpte & ISA_PTE_W) && (vpte & ISA_PTE_D));
    return m->g->to_host(m->g->ctx, vpte & ~0xFFFu, &host) && host == (spte & ~0xFFFu) &&
           (vpte & keep) == (spte & keep) && w_ok;
}

static enum dbg_cmp_mark classify(const struct merge *m, uint32_t va, const uint32_t *gpte,
                                  const uint32_t *spte)
{
    if (gpte && !spte) {
        if ((*gpte & ~0xFFFu) >= m->ram)
            return DBG_CMP_DEVICE;
        if (m->user_space && !(*gpte & ISA_PTE_U))
            return DBG_CMP_KERNEL_ONLY;
        return DBG_CMP_ABSENT;
    }
    if (!gpte)
        return vtlb_explains(m, va, *spte) ? DBG_CMP_STALE : DBG_CMP_BAD;
    uint32_t host, g = *gpte, s = *spte, keep = ISA_PTE_R | ISA_PTE_X;
    bool frame_ok = m->g->to_host(m->g->ctx, g & ~0xFFFu, &host) && host == (s & ~0xFFFu);
    bool perm_ok = (g & keep) == (s & keep) &&
                   (!(s & ISA_PTE_W) || ((g & ISA_PTE_W) && (g & ISA_PTE_D)));
    if (!frame_ok || !perm_ok)
        return vtlb_explains(m, va, s) ? DBG_CMP_STALE : DBG_CMP_BAD;
    if ((g & ISA_PTE_W) && !(s & ISA_PTE_W))
        return DBG_CMP_W_WITHHELD;
    return DBG_CMP_SAME;
}

static void add_row(struct merge *m, uint32_t va, const uint32_t *gpte, const uint32_t *spte)
{
    struct dbg_cmp *c = m->c;
    enum dbg_cmp_mark mark = classify(m, va, gpte, spte);
    c->used |= 1u << mark;
    if (c->n) {                        /* extend the last row? */
        struct dbg_cmp_row *r = &c->rows[c->n - 1];
        uint32_t off = r->pages * ISA_PAGE_SIZE;
        if (r->mark == mark && r->in_guest == (gpte != NULL) && r->in_shadow == (spte != NULL) &&
            va == r->va + off && (!gpte || ((*gpte & 0xFFFu) == r->gbits &&
                                            (*gpte & ~0xFFFu) == r->gpa + off)) &&
            (!spte || ((*spte & 0xFFFu) == r->sbits && (*spte & ~0xFFFu) == r->spa + off))) {
            r->pages++;
            return;
        }
    }
    if (c->n == CMP_ROWS_MAX) {
        c->truncated = true;
        return;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        struct dbg_cmp_row *rows = realloc(c->rows, cap * sizeof *rows);
        if (!rows) {
            c->truncated = true;
            return;
        }
        c->rows = rows;
        c->cap = cap;
    }
    c->rows[c->n++] = (struct dbg_cmp_row){
        va, 1, gpte != NULL, spte != NULL, gpte ? *gpte & ~0xFFFu : 0, gpte ? *gpte & 0xFFFu : 0,
        spte ? *spte & ~0xFFFu : 0, spte ? *spte & 0xFFFu : 0, mark,
    };
}

/* One guest leaf: first the shadow-only pages below it, then the page. */
static bool merge_leaf(void *ctx, uint32_t va, uint32_t pte, uint32_t l1i, int bad)
{
    struct merge *m = ctx;
    (void)l1i;
    if (bad)
        return true;                   /* malformed: the guest's walk faults (info pt -s guest) */
    while (m->sh.next < m->sh.n && m->sh.v[m->sh.next].va < va) {
        add_row(m, m->sh.v[m->sh.next].va, NULL, &m->sh.v[m->sh.next].pte);
        m->sh.next++;
    }
    const uint32_t *spte = NULL;
    if (m->sh.next < m->sh.n && m->sh.v[m->sh.next].va == va)
        spte = &m->sh.v[m->sh.next++].pte;
    add_row(m, va, &pte, spte);
    return !m->c->truncated;
}

bool dbg_cmp_build(struct dbg *d, uint32_t lo, uint32_t hi, struct dbg_cmp *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    const struct dbg_pt_source *g = dbg_pt_source_find(d, "guest"), *s = dbg_pt_source_find(d, "shadow");
    const struct dbg_exit_source *xs = d->exit_source;
    if (!g || !s || !xs) {
        snprintf(err, errlen, "no monitor is attached: a shadow table exists only for a guest under "
                              "the monitor (simmon debug --vm IMAGE)");
        return false;
    }
    bool en;
    g->root(g->ctx, &c->groot, &c->guest_paging);
    s->root(s->ctx, &c->sroot, &en);
    uint32_t st = xs->vcr(xs->ctx, ISA_CR_STATUS);
    c->space = !(st & ISA_STATUS_PG) ? "paging-off" : (st & ISA_STATUS_UM) ? "user" : "kernel";
    struct merge m = { c, { NULL, 0, 0, 0, false }, g, xs, (st & ISA_STATUS_PG) && (st & ISA_STATUS_UM),
                       xs->guest_ram(xs->ctx) };
    lo &= ~0xFFFu;
    dbg_pt_leaves(s, lo, hi, collect, &m.sh);
    if (c->guest_paging) {
        dbg_pt_leaves(g, lo, hi, merge_leaf, &m);
    } else {                           /* paging off: guest-virtual = guest-physical */
        uint32_t all = ISA_PTE_V | ISA_PTE_R | ISA_PTE_W | ISA_PTE_X | ISA_PTE_A | ISA_PTE_D;
        for (uint64_t va = lo; va <= hi && va < m.ram && !c->truncated; va += ISA_PAGE_SIZE)
            merge_leaf(&m, (uint32_t)va, (uint32_t)va | all, 0, 0);
    }
    while (!c->truncated && m.sh.next < m.sh.n) {
        add_row(&m, m.sh.v[m.sh.next].va, NULL, &m.sh.v[m.sh.next].pte);
        m.sh.next++;
    }
    c->truncated |= m.sh.full;
    free(m.sh.v);
    return true;
}

void dbg_cmp_free(struct dbg_cmp *c)
{
    free(c->rows);
    memset(c, 0, sizeof *c);
}

/* ---- info pt -s both, info shadow ---------------------------------------------- */

/* "RWXUAD" with dashes. */
static char *bits6(uint32_t pte, char *buf)
{
    static const char letters[] = "RWXUAD";
    for (int i = 0; i < 6; i++)
        buf[i] = (pte >> (i + 1)) & 1 ? letters[i] : '-';
    buf[6] = '\0';
    return buf;
}

static void print_row(struct dbg *d, const struct dbg_cmp *c, const struct dbg_cmp_row *r)
{
    char va[32], gside[48], sside[48], b[8];
    uint32_t end = r->va + (r->pages * ISA_PAGE_SIZE - 1);
    snprintf(va, sizeof va, "0x%08x-0x%08x", r->va, end);
    if (!r->in_guest)
        snprintf(gside, sizeof gside, "%-10s  %-6s", "-", "");
    else if (!c->guest_paging)
        snprintf(gside, sizeof gside, "0x%08x  %-6s", r->gpa, "ident");
    else
        snprintf(gside, sizeof gside, "0x%08x  %s", r->gpa, bits6(r->gbits, b));
    if (!r->in_shadow)
        snprintf(sside, sizeof sside, "-");
    else
        snprintf(sside, sizeof sside, "0x%08x  %s", r->spa, bits6(r->sbits, b));
    dbg_printf(d, "%-3s %s %6u  %s  %s\n", dbg_cmp_mark_text(r->mark), va, r->pages, gside, sside);
}

static void print_header(struct dbg *d, const struct dbg_cmp *c)
{
    const struct dbg_exit_source *xs = d->exit_source;
    const struct dbg_pt_source *g = dbg_pt_source_find(d, "guest");
    uint32_t base = 0;
    g->to_host(g->ctx, 0, &base);
    dbg_printf(d, "Guest %s: its page tables beside the shadow table of its %s space\n",
               xs->guest_name(xs->ctx), c->space);
    if (c->guest_paging)
        dbg_printf(d, "  guest:  root 0x%08x (guest-physical), paging on\n", c->groot);
    else
        dbg_printf(d, "  guest:  paging off: guest-virtual = guest-physical (PTBR 0x%08x not in use)\n",
                   c->groot);
    dbg_printf(d, "  shadow: root 0x%08x (host-physical); guest-physical 0 is host-physical 0x%08x\n",
               c->sroot, base);
}

static void print_legend(struct dbg *d, unsigned used)
{
    bool any = false;
    for (int k = 1; k < DBG_CMP_MARKS; k++)
        if (used & (1u << k)) {
            if (!any)
                dbg_printf(d, "marks:\n");
            any = true;
            dbg_printf(d, "  %-3s %s\n", marks[k].text, marks[k].doc);
        }
    if (!any)
        dbg_printf(d, "(the shadow maps every page as the guest does)\n");
}

bool dbg_info_shadow(struct dbg *d, char *args)
{
    char err[300];
    struct dbg_cmp c;
    uint32_t va = 0;
    bool one = *args != '\0';
    if (!d->exit_source)
        return dbg_error(d, "info shadow: no monitor is attached: a shadow table exists only for a "
                            "guest under the monitor (simmon debug --vm IMAGE)");
    if (one && !dbg_eval(d, args, &va))
        return false;
    if (!dbg_cmp_build(d, one ? va : 0, one ? va : 0xFFFFFFFFu, &c, err, sizeof err))
        return dbg_error(d, "info shadow: %s", err);
    print_header(d, &c);
    if (one) {                         /* one page: both walks, then the verdict */
        const struct dbg_pt_source *g = dbg_pt_source_find(d, "guest");
        uint32_t host;
        if (c.guest_paging)
            dbg_pt_print_walk(d, g, va, false);
        else if (g->to_host(g->ctx, va, &host))
            dbg_printf(d, "VA 0x%08x: the guest's paging is off: guest-physical 0x%08x (host-physical "
                          "0x%08x)\n", va, va, host);
        else
            dbg_printf(d, "VA 0x%08x: the guest's paging is off: guest-physical 0x%08x, beyond its RAM\n",
                       va, va);
        dbg_pt_print_walk(d, dbg_pt_source_find(d, "shadow"), va, false);
        if (c.n == 0)
            dbg_printf(d, "=> neither maps VA 0x%08x\n", va);
        else
            dbg_printf(d, "=> %s: %s\n", c.rows[0].mark ? dbg_cmp_mark_text(c.rows[0].mark) : "same",
                       dbg_cmp_mark_doc(c.rows[0].mark));
        dbg_cmp_free(&c);
        return true;
    }
    dbg_printf(d, "%-3s %-21s %6s  %-10s  %-6s  %-10s  %s\n", "", "guest-virtual", "pages",
               "guest-phys", "bits", "host-phys", "bits");
    for (size_t i = 0; i < c.n; i++)
        print_row(d, &c, &c.rows[i]);
    if (c.n == 0)
        dbg_printf(d, "(neither maps anything)\n");
    if (c.truncated)
        dbg_printf(d, "(more than %d rows: stopped; info shadow VA shows one page)\n", CMP_ROWS_MAX);
    print_legend(d, c.used);
    dbg_cmp_free(&c);
    return true;
}
