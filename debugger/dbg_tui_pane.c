/*
 * dbg_tui_pane.c - drawing the screen's panes: code (source and
 * disassembly, breakpoints, the pc), registers and control registers
 * (changes since the previous stop highlighted), memory, the page-table
 * tree (expandable), the TLB, the trap log, the guest console and the
 * command output; under the monitor, the guest's page tables and its
 * shadow table row for row (dbg_shadow.c's comparison) and the VM exits.
 *
 * Owns: what each pane shows and how it fits its rectangle, from 80x24 up;
 * colour when the terminal has it, reverse/bold/dim otherwise.  Reads the
 * machine only through the side-effect-free API (like every view); must
 * not run commands or handle keys (dbg_tui.c).
 */
#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/dbg_tui.h"
#include "isa/disasm.h"

/* ---- text buffers -------------------------------------------------------------- */

void tui_text_init(struct tui_text *t, size_t max)
{
    memset(t, 0, sizeof *t);
    t->max = max;
}

void tui_text_free(struct tui_text *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->lines[i]);
    free(t->lines);
    free(t->partial);
    memset(t, 0, sizeof *t);
}

static void push_line(struct tui_text *t)
{
    char *s = malloc(t->plen + 1);
    if (!s)
        return;
    memcpy(s, t->partial ? t->partial : "", t->plen);
    s[t->plen] = '\0';
    t->plen = 0;
    if (t->n == t->max) {
        free(t->lines[0]);
        memmove(t->lines, t->lines + 1, (t->n - 1) * sizeof *t->lines);
        t->n--;
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        char **l = realloc(t->lines, cap * sizeof *l);
        if (!l) {
            free(s);
            return;
        }
        t->lines = l;
        t->cap = cap;
    }
    t->lines[t->n++] = s;
}

void tui_text_add(struct tui_text *t, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '\n' || t->plen >= 400) {
            push_line(t);
            if (c == '\n')
                continue;
        }
        if (c == '\r')
            continue;
        if (t->plen + 1 >= t->pcap) {
            size_t cap = t->pcap ? t->pcap * 2 : 128;
            char *p = realloc(t->partial, cap);
            if (!p)
                return;
            t->partial = p;
            t->pcap = cap;
        }
        t->partial[t->plen++] = (c == '\t') ? ' ' : ((unsigned char)c < 0x20 ? '.' : c);
    }
}

/* ---- drawing helpers ----------------------------------------------------------- */

static attr_t attr_of(const struct tui *t, int pair)
{
    if (t->colour)
        return COLOR_PAIR(pair) | (pair == TC_CHANGED || pair == TC_BREAK ? A_BOLD : 0);
    switch (pair) {
    case TC_TITLE:   return A_REVERSE;
    case TC_FOCUS:   return A_REVERSE | A_BOLD;
    case TC_CHANGED: return A_BOLD;
    case TC_PC:      return A_STANDOUT;
    case TC_BREAK:   return A_BOLD;
    case TC_SOURCE:  return A_DIM;
    default:         return A_BOLD;
    }
}

/* Print at (y, x), at most w columns, padded with spaces to w. */
static void put(int y, int x, int w, attr_t a, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (w <= 0)
        return;
    attron(a);
    mvaddnstr(y, x, buf, w);
    int n = (int)strlen(buf);
    for (int i = n; i < w; i++)
        mvaddch(y, x + i, ' ');
    attroff(a);
}

const char *tui_pane_name(enum tui_pane p)
{
    static const char *const names[PANE_COUNT] = { "code", "registers", "memory", "page tables",
                                                   "TLB", "traps", "guest tables", "shadow table",
                                                   "VM exits", "console", "output" };
    return p < PANE_COUNT ? names[p] : "command";
}

void tui_draw_title(struct tui *t, enum tui_pane p, const char *title)
{
    struct tui_rect r = t->rect[p];
    put(r.y, r.x, r.w, attr_of(t, t->focus == (int)p ? TC_FOCUS : TC_TITLE), " %s%s", title,
        t->focus == (int)p ? "  [focus]" : "");
}

/* ---- code --------------------------------------------------------------------------- */

/* Render (or only measure) the code pane from address top; returns true if
 * the pc was among the instructions shown. */
static bool code_render(struct tui *t, uint32_t top, int y0, int rows, int x, int w, bool draw)
{
    struct dbg *d = t->d;
    uint32_t pc = machine_pc(d->m);
    bool saw_pc = false;
    uint64_t prev_line = UINT64_MAX;
    int y = 0;
    for (uint32_t a = top; y < rows; a += 4) {
        const struct image_line *l = image_line_for(&d->img, a);
        uint32_t off;
        const struct image_symbol *s = image_symbol_for(&d->img, a, &off);
        if (s && off == 0 && s->kind != IMAGE_SYM_ABS && y < rows) {
            if (draw)
                put(y0 + y, x, w, A_BOLD, "%s:", s->name);
            y++;
        }
        uint64_t key = l ? ((uint64_t)l->file << 32 | l->line) : UINT64_MAX - 1;
        if (l && key != prev_line && y < rows) {
            const char *src = dbg_source_line(d, l->file, l->line);
            if (draw)
                put(y0 + y, x, w, attr_of(t, TC_SOURCE), "%5u  %s", l->line, src ? src : "");
            y++;
        }
        prev_line = key;
        if (y >= rows)
            break;
        uint32_t word;
        char text[160], err[200];
        bool en, bp = dbg_break_at(d, a, &en);
        if (a == pc)
            saw_pc = true;
        if (draw) {
            attr_t at = a == pc ? attr_of(t, TC_PC) : 0;
            if (bp) {
                attron(attr_of(t, TC_BREAK));
                mvaddch(y0 + y, x, en ? 'B' : 'b');
                attroff(attr_of(t, TC_BREAK));
            } else {
                mvaddch(y0 + y, x, ' ');
            }
            if (dbg_read_mem(d, a, false, &word, 4, err, sizeof err)) {
                isa_disasm(word, a, &d->img, text, sizeof text);
                put(y0 + y, x + 1, w - 1, at, "%s %08x  %s", a == pc ? "=>" : "  ", a, text);
            } else {
                put(y0 + y, x + 1, w - 1, at, "%s %08x  (not mapped)", a == pc ? "=>" : "  ", a);
            }
        }
        y++;
        if (a >= 0xFFFFFFFCu)
            break;
    }
    for (; draw && y < rows; y++)
        put(y0 + y, x, w, 0, "");
    return saw_pc;
}

static void draw_code(struct tui *t, struct tui_rect r)
{
    struct dbg *d = t->d;
    uint32_t pc = machine_pc(d->m);
    int rows = r.h - 1;
    if (t->code_follow && !code_render(t, t->code_top, 0, rows - rows / 4, 0, 0, false)) {
        uint32_t back = 4u * (uint32_t)(rows / 4);
        t->code_top = pc >= back ? pc - back : 0;
        const struct image_segment *seg = image_segment_for(&d->img, pc);
        if (seg && t->code_top < seg->vaddr)
            t->code_top = seg->vaddr;  /* nothing to see before the segment */
    }
    char title[200], where[1100];
    snprintf(title, sizeof title, "code  %.180s", dbg_where_line(d, pc, where, sizeof where) ? where : "");
    tui_draw_title(t, PANE_CODE, title);
    code_render(t, t->code_top, r.y + 1, rows, r.x, r.w, true);
}

/* ---- registers ------------------------------------------------------------------------ */

uint32_t tui_cr(const struct tui *t, unsigned cr)
{
    const struct dbg_exit_source *xs = t->d->exit_source;
    return xs ? xs->vcr(xs->ctx, cr) : machine_cr(t->d->m, cr);
}

void tui_take_regs(struct tui *t, bool as_previous)
{
    struct machine *m = t->d->m;
    uint32_t *r = as_previous ? t->prev_r : t->cur_r, *cr = as_previous ? t->prev_cr : t->cur_cr;
    for (unsigned i = 0; i < ISA_NREGS; i++)
        r[i] = machine_reg(m, i);
    for (unsigned i = 0; i < ISA_CR_COUNT; i++)
        cr[i] = tui_cr(t, i);
    *(as_previous ? &t->prev_pc : &t->cur_pc) = machine_pc(m);
}

static void reg_cell(struct tui *t, int y, int x, int w, const char *name, uint32_t v, bool changed)
{
    put(y, x, 5, 0, "%-4s", name);
    put(y, x + 5, w - 5, changed ? attr_of(t, TC_CHANGED) : 0, "%08x", v);
}

static void draw_regs(struct tui *t, struct tui_rect r)
{
    struct dbg *d = t->d;
    const struct dbg_exit_source *xs = d->exit_source;
    char rtitle[80];
    tui_take_regs(t, false);
    if (xs)                            /* the real CPU shows the guest's registers */
        snprintf(rtitle, sizeof rtitle, "registers  %s, virtual CRs", xs->guest_name(xs->ctx));
    tui_draw_title(t, PANE_REGS, xs ? rtitle : "registers");
    int cols = r.w >= 60 ? 4 : 2, per = 16 / cols, cw = r.w / cols, y = r.y + 1 - t->scroll[PANE_REGS];
    int bottom = r.y + r.h;
    for (int row = 0; row < per; row++, y++)
        for (int c = 0; c < cols; c++) {
            int i = c * per + row;
            if (y > r.y && y < bottom)
                reg_cell(t, y, r.x + c * cw, cw - 1, isa_reg_abi[i], t->cur_r[i], t->cur_r[i] != t->prev_r[i]);
        }
    char sym[160], text[200];
    if (y > r.y && y < bottom) {
        dbg_symbolize(d, t->cur_pc, sym, sizeof sym);
        put(y, r.x, 5, 0, "pc");
        put(y, r.x + 5, r.w - 5, t->cur_pc != t->prev_pc ? attr_of(t, TC_CHANGED) : 0, "%08x %s", t->cur_pc, sym);
    }
    y++;
    static const unsigned order[] = { ISA_CR_STATUS, ISA_CR_EPC, ISA_CR_CAUSE, ISA_CR_BADVADDR, ISA_CR_TVEC,
                                      ISA_CR_PTBR, ISA_CR_SCRATCH, ISA_CR_IPEND, ISA_CR_IENABLE, ISA_CR_CYCLE };
    int ccols = r.w >= 60 ? 2 : 1, ccw = r.w / ccols;
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        unsigned cr = order[k];
        int cy = y + (int)k / ccols, cx = r.x + ((int)k % ccols) * ccw;
        if (cy <= r.y || cy >= bottom)
            continue;
        uint32_t v = t->cur_cr[cr];
        text[0] = '\0';
        if (cr == ISA_CR_STATUS)
            snprintf(text, sizeof text, "%s%s%s", v & ISA_STATUS_UM ? "user" : "kernel",
                     v & ISA_STATUS_IE ? " IE" : "", v & ISA_STATUS_PG ? " PG" : "");
        else if (cr == ISA_CR_CAUSE && isa_cause_name(v))
            snprintf(text, sizeof text, "%s", isa_cause_name(v));
        else if (cr == ISA_CR_CYCLE && !xs)
            snprintf(text, sizeof text, "%llu", (unsigned long long)machine_cycles(d->m));
        else if (cr == ISA_CR_CYCLE)
            snprintf(text, sizeof text, "%u virtual", v);
        char name[16];
        snprintf(name, sizeof name, "%s", isa_cr_name(cr));
        for (char *p = name; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
        put(cy, cx, 9, 0, "%-8s", name);
        put(cy, cx + 9, ccw - 10, v != t->prev_cr[cr] && cr != ISA_CR_CYCLE ? attr_of(t, TC_CHANGED) : 0,
            "%08x %s", v, text);
    }
    int used = y + ((int)(sizeof order / sizeof order[0]) + ccols - 1) / ccols;
    for (int yy = used; yy < bottom; yy++)
        if (yy > r.y)
            put(yy, r.x, r.w, 0, "");
}

/* ---- memory ------------------------------------------------------------------------------- */

static void draw_mem(struct tui *t, struct tui_rect r)
{
    struct dbg *d = t->d;
    char title[64];
    if (t->mem_follow_sp)
        t->mem_base = machine_reg(d->m, 2) & ~15u;
    snprintf(title, sizeof title, "memory  0x%08x%s", t->mem_base, t->mem_follow_sp ? " ($sp)" : "");
    tui_draw_title(t, PANE_MEM, title);
    int words = (r.w - 11) / 9 >= 4 ? 4 : (r.w - 11) / 9 >= 2 ? 2 : 1;
    bool ascii = r.w >= 11 + words * 9 + words * 4 + 1;
    uint32_t a = t->mem_base;
    for (int y = 1; y < r.h; y++) {
        char line[200], err[200];
        int n = snprintf(line, sizeof line, "%08x  ", a);
        uint8_t b[16];
        bool ok = dbg_read_mem(d, a, false, b, (uint32_t)words * 4, err, sizeof err);
        if (!ok) {
            put(r.y + y, r.x, r.w, attr_of(t, TC_SOURCE), "%s(not readable)", line);
        } else {
            for (int i = 0; i < words; i++)
                n += snprintf(line + n, sizeof line - (size_t)n, "%02x%02x%02x%02x ", b[i * 4 + 3],
                              b[i * 4 + 2], b[i * 4 + 1], b[i * 4]);
            if (ascii) {
                line[n++] = ' ';
                for (int i = 0; i < words * 4; i++)
                    line[n++] = b[i] >= 0x20 && b[i] < 0x7F ? (char)b[i] : '.';
                line[n] = '\0';
            }
            put(r.y + y, r.x, r.w, 0, "%s", line);
        }
        a += (uint32_t)words * 4;
    }
}

/* "RWXUAD" with dashes: the compact form of a PTE's bits for narrow panes. */
static char *short_flags(uint32_t pte, char *buf)
{
    static const char letters[] = "RWXUAD";
    for (int i = 0; i < 6; i++)
        buf[i] = (pte >> (i + 1)) & 1 ? letters[i] : '-';
    buf[6] = '\0';
    return buf;
}

/* ---- page tables ----------------------------------------------------------------------------- */

struct pt_line {
    char text[160];
    int l1;                    /* the L1 entry this line belongs to (-1: header) */
    bool is_l1, has_pc;
};

struct pt_build {
    struct pt_line *lines;
    int n, cap;
    uint32_t pc_va;
    /* the run being built */
    bool open;
    uint32_t va, pa, bits, pages;
};

static struct pt_line *pt_add(struct pt_build *b)
{
    if (b->n == b->cap) {
        int cap = b->cap ? b->cap * 2 : 64;
        struct pt_line *l = realloc(b->lines, (size_t)cap * sizeof *l);
        if (!l)
            return NULL;
        b->lines = l;
        b->cap = cap;
    }
    struct pt_line *l = &b->lines[b->n++];
    memset(l, 0, sizeof *l);
    return l;
}

static void pt_flush(struct pt_build *b, int l1)
{
    if (!b->open)
        return;
    b->open = false;
    struct pt_line *l = pt_add(b);
    if (!l)
        return;
    char flags[8];
    uint32_t end = b->va + (b->pages * ISA_PAGE_SIZE - 1);
    snprintf(l->text, sizeof l->text, "    %08x-%08x>%08x %s", b->va, end, b->pa, short_flags(b->bits, flags));
    l->l1 = l1;
    l->has_pc = b->pc_va >= b->va && b->pc_va <= end;
}

static bool pt_leaf(void *ctx, uint32_t va, uint32_t pte, uint32_t l1i, int bad)
{
    struct pt_build *b = ctx;
    if (b->open && !bad && va == b->va + b->pages * ISA_PAGE_SIZE &&
        (pte & ~0xFFFu) == b->pa + b->pages * ISA_PAGE_SIZE && (pte & 0xFFFu) == b->bits) {
        b->pages++;
        return true;
    }
    pt_flush(b, (int)l1i);
    b->open = true;
    b->va = va;
    b->pa = pte & ~0xFFFu;
    b->bits = pte & 0xFFFu;
    b->pages = 1;
    return true;
}

static struct pt_build pt_build(struct tui *t)
{
    size_t i = t->pt_source < t->d->npt_sources ? t->pt_source : 0;
    const struct dbg_pt_source *src = &t->d->pt_sources[i];
    struct pt_build b = { NULL, 0, 0, machine_pc(t->d->m), false, 0, 0, 0, 0 };
    uint32_t root;
    bool en;
    src->root(src->ctx, &root, &en);
    struct pt_line *h = pt_add(&b);
    if (h) {
        snprintf(h->text, sizeof h->text, "%s: root %08x, paging %s", src->name, root, en ? "on" : "OFF");
        h->l1 = -1;
    }
    for (uint32_t i1 = 0; i1 < 1024; i1++) {
        uint32_t p1;
        if (!src->read(src->ctx, root + i1 * 4, &p1) || !(p1 & ISA_PTE_V))
            continue;
        struct pt_line *l = pt_add(&b);
        if (!l)
            break;
        snprintf(l->text, sizeof l->text, "[%c] L1[%4u] %08x+4M -> %s@%08x", t->pt_open[i1] ? '-' : '+', i1,
                 i1 << 22, (p1 & 0xE) ? "bad" : "L2", p1 & ~0xFFFu);
        l->l1 = (int)i1;
        l->is_l1 = true;
        l->has_pc = (b.pc_va >> 22) == i1;
        if (t->pt_open[i1]) {
            dbg_pt_leaves(src, i1 << 22, (i1 << 22) | 0x3FFFFFu, pt_leaf, &b);
            pt_flush(&b, (int)i1);
        }
    }
    return b;
}

int tui_pt_lines(struct tui *t)
{
    struct pt_build b = pt_build(t);
    free(b.lines);
    return b.n;
}

void tui_pt_toggle(struct tui *t)
{
    struct pt_build b = pt_build(t);
    if (t->pt_cursor >= 0 && t->pt_cursor < b.n && b.lines[t->pt_cursor].l1 >= 0) {
        int l1 = b.lines[t->pt_cursor].l1;
        t->pt_open[l1] = !t->pt_open[l1];
        for (int i = 0; i < b.n; i++)     /* keep the cursor on that L1 line */
            if (b.lines[i].is_l1 && b.lines[i].l1 == l1)
                t->pt_cursor = i;
    }
    free(b.lines);
}

static void draw_pt(struct tui *t, struct tui_rect r)
{
    struct pt_build b = pt_build(t);
    tui_draw_title(t, PANE_PT, "page tables  (Enter: expand)");
    if (t->pt_cursor >= b.n)
        t->pt_cursor = b.n ? b.n - 1 : 0;
    int rows = r.h - 1, first = 0;
    if (t->pt_cursor >= rows)
        first = t->pt_cursor - rows + 1;
    for (int y = 0; y < rows; y++) {
        int i = first + y;
        if (i >= b.n) {
            put(r.y + 1 + y, r.x, r.w, 0, "");
            continue;
        }
        attr_t a = b.lines[i].has_pc ? attr_of(t, TC_CHANGED) : 0;
        if (t->focus == PANE_PT && i == t->pt_cursor)
            a |= A_REVERSE;
        put(r.y + 1 + y, r.x, r.w, a, "%s", b.lines[i].text);
    }
    free(b.lines);
}

/* ---- TLB, traps -------------------------------------------------------------------------------- */

static void draw_tlb(struct tui *t, struct tui_rect r)
{
    struct dbg *d = t->d;
    struct machine_stats st;
    machine_get_stats(d->m, &st);
    char title[120];
    snprintf(title, sizeof title, "TLB  hits %llu misses %llu", (unsigned long long)st.tlb_hits,
             (unsigned long long)st.tlb_misses);
    tui_draw_title(t, PANE_TLB, title);
    unsigned n = machine_tlb_size(d->m), victim = machine_tlb_next_victim(d->m);
    uint32_t pc_vpn = machine_pc(d->m) >> 12, fill_vpn = d->last_fill_va >> 12;
    for (int y = 1; y < r.h; y++) {
        unsigned i = (unsigned)(y - 1 + t->scroll[PANE_TLB]);
        if (i >= n) {
            put(r.y + y, r.x, r.w, 0, "");
            continue;
        }
        uint32_t vpn, pte;
        char flags[8];
        if (machine_tlb_entry(d->m, i, &vpn, &pte))
            put(r.y + y, r.x, r.w, vpn == pc_vpn ? attr_of(t, TC_CHANGED) : 0, "%c%3u %08x>%08x %s%s%s",
                i == victim ? '>' : ' ', i, vpn << 12, pte & ~0xFFFu, short_flags(pte, flags),
                vpn == pc_vpn ? " pc" : "", d->tlb_fills && vpn == fill_vpn ? " fill" : "");
        else
            put(r.y + y, r.x, r.w, 0, "%c%3u -", i == victim ? '>' : ' ', i);
    }
}

static void draw_traps(struct tui *t, struct tui_rect r)
{
    struct dbg *d = t->d;
    char title[64];
    snprintf(title, sizeof title, "traps  (%llu)", (unsigned long long)d->ntraps);
    tui_draw_title(t, PANE_TRAPS, title);
    int rows = r.h - 1;
    uint64_t kept = d->ntraps < DBG_TRAPLOG ? d->ntraps : DBG_TRAPLOG;
    uint64_t show = kept < (uint64_t)rows ? kept : (uint64_t)rows;
    for (int y = 0; y < rows; y++) {
        if ((uint64_t)y >= show) {
            put(r.y + 1 + y, r.x, r.w, 0, "");
            continue;
        }
        const struct dbg_trap_rec *tr = &d->traps[(d->ntraps - show + (uint64_t)y) % DBG_TRAPLOG];
        const char *n = isa_cause_name(tr->cause);
        put(r.y + 1 + y, r.x, r.w, 0, "%9llu %-11s %s %08x %08x", (unsigned long long)tr->cycle, n ? n : "?",
            tr->user ? "U" : "K", tr->epc, tr->badvaddr);
    }
}

/* ---- the monitor: guest tables beside the shadow table, VM exits ------------------------------- */

/* One side of the comparison, row for row with the other side (the two
 * panes scroll together); rows that differ are marked and highlighted. */
static void draw_vm_tables(struct tui *t, enum tui_pane p, struct tui_rect r)
{
    struct dbg *d = t->d;
    struct dbg_cmp c;
    char err[300], title[160], flags[8];
    bool guest = p == PANE_VM_GUEST;
    int rows = r.h - 1;
    if (!dbg_cmp_build(d, 0, 0xFFFFFFFFu, &c, err, sizeof err)) {
        tui_draw_title(t, p, tui_pane_name(p));
        for (int y = 0; y < rows; y++)
            put(r.y + 1 + y, r.x, r.w, 0, "%s", y == 0 ? "(needs the monitor)" : "");
        return;
    }
    if (guest && c.guest_paging)
        snprintf(title, sizeof title, "guest tables  root %08x (guest-phys)", c.groot);
    else if (guest)
        snprintf(title, sizeof title, "guest tables  paging off: identity");
    else
        snprintf(title, sizeof title, "shadow table  %s space, root %08x", c.space, c.sroot);
    tui_draw_title(t, p, title);
    int top = t->scroll[PANE_VM_GUEST];
    if (top > (int)c.n - 1)
        top = c.n ? (int)c.n - 1 : 0;
    t->scroll[PANE_VM_GUEST] = top;
    uint32_t pc = machine_pc(d->m);
    for (int y = 0; y < rows; y++) {
        size_t i = (size_t)(top + y);
        if (i >= c.n) {
            put(r.y + 1 + y, r.x, r.w, 0, "");
            continue;
        }
        const struct dbg_cmp_row *row = &c.rows[i];
        const char *mark = dbg_cmp_mark_text(row->mark);
        uint32_t end = row->va + (row->pages * ISA_PAGE_SIZE - 1);
        attr_t a = row->mark == DBG_CMP_SAME ? 0 : attr_of(t, row->mark == DBG_CMP_BAD ? TC_ERROR : TC_CHANGED);
        if (row->mark == DBG_CMP_BAD)
            a |= A_REVERSE;
        if (pc >= row->va && pc <= end)
            a |= A_UNDERLINE;          /* the page of the pc */
        char text[160];
        if (guest && !row->in_guest)
            snprintf(text, sizeof text, "%-2s %08x+%-4u  -", mark, row->va, row->pages);
        else if (guest)
            snprintf(text, sizeof text, "%-2s %08x+%-4u>%08x %s", mark, row->va, row->pages, row->gpa,
                     c.guest_paging ? short_flags(row->gbits, flags) : "ident");
        else if (!row->in_shadow)
            snprintf(text, sizeof text, "%-2s %08x  - %s", mark, row->va,
                     row->mark == DBG_CMP_DEVICE ? "device: never mapped"
                     : row->mark == DBG_CMP_KERNEL_ONLY ? "no U: not in the user space"
                     : "not in the shadow");
        else
            snprintf(text, sizeof text, "%-2s %08x>%08x %s", mark, row->va, row->spa, short_flags(row->sbits, flags));
        put(r.y + 1 + y, r.x, r.w, a, "%s", text);
    }
    dbg_cmp_free(&c);
}

static void draw_exits(struct tui *t, struct tui_rect r)
{
    const struct dbg_exit_source *xs = t->d->exit_source;
    uint64_t n = xs ? xs->count(xs->ctx) : 0;
    char title[80];
    snprintf(title, sizeof title, "VM exits  (%llu)%s", (unsigned long long)n,
             t->scroll[PANE_EXITS] ? "  (scrolled: PgDn)" : "");
    tui_draw_title(t, PANE_EXITS, title);
    int rows = r.h - 1;
    uint64_t back = (uint64_t)t->scroll[PANE_EXITS];
    if (back > n)
        back = n;
    uint64_t last = n - back, first = last > (uint64_t)rows ? last - (uint64_t)rows + 1 : 1;
    for (int y = 0; y < rows; y++) {
        uint64_t num = first + (uint64_t)y;
        struct dbg_exit_rec e;
        if (!xs || num > last || !xs->get(xs->ctx, num, &e)) {
            put(r.y + 1 + y, r.x, r.w, 0, "");
            continue;
        }
        char dis[120] = "";
        if (e.has_insn)
            isa_disasm(e.insn, e.pc, &t->d->img, dis, sizeof dis);
        put(r.y + 1 + y, r.x, r.w, num == n ? A_BOLD : 0, "%6llu %-5s %08x %c %-10s %-22.22s %s",
            (unsigned long long)e.num, e.guest, e.pc, e.user ? 'U' : 'K', e.reason, dis, e.action);
    }
}

/* ---- text panes (console, output), wrapped, newest at the bottom ---------------------------- */

static void draw_text(struct tui *t, enum tui_pane p, struct tui_rect r, const struct tui_text *txt)
{
    char title[64];
    snprintf(title, sizeof title, "%s%s", tui_pane_name(p), t->scroll[p] ? "  (scrolled: PgDn)" : "");
    tui_draw_title(t, p, title);
    int rows = r.h - 1, w = r.w > 0 ? r.w : 1;
    int skip = t->scroll[p], y = rows - 1;
    /* the unfinished line counts as the newest line */
    for (long i = (long)txt->n - (txt->plen ? 0 : 1); i >= 0 && y >= 0; i--) {
        const char *s = i == (long)txt->n ? txt->partial : txt->lines[i];
        int len = i == (long)txt->n ? (int)txt->plen : (int)strlen(s);
        int parts = len ? (len + w - 1) / w : 1;
        for (int k = parts - 1; k >= 0 && y >= 0; k--) {
            if (skip > 0) {
                skip--;
                continue;
            }
            int off = k * w, n = len - off < w ? len - off : w;
            put(r.y + 1 + y, r.x, r.w, 0, "%.*s", n < 0 ? 0 : n, s + off);
            y--;
        }
    }
    for (; y >= 0; y--)
        put(r.y + 1 + y, r.x, r.w, 0, "");
}

void tui_draw_pane(struct tui *t, enum tui_pane p)
{
    struct tui_rect r = t->rect[p];
    if (r.h < 2 || r.w < 8)
        return;
    switch (p) {
    case PANE_CODE:    draw_code(t, r); break;
    case PANE_REGS:    draw_regs(t, r); break;
    case PANE_MEM:     draw_mem(t, r); break;
    case PANE_PT:      draw_pt(t, r); break;
    case PANE_TLB:     draw_tlb(t, r); break;
    case PANE_TRAPS:   draw_traps(t, r); break;
    case PANE_VM_GUEST:
    case PANE_VM_SHADOW: draw_vm_tables(t, p, r); break;
    case PANE_EXITS:   draw_exits(t, r); break;
    case PANE_CONSOLE: draw_text(t, p, r, &t->console); break;
    case PANE_OUTPUT:  draw_text(t, p, r, &t->output); break;
    case PANE_COUNT:   break;
    }
}
