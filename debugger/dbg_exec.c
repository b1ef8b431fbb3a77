/*
 * dbg_exec.c - running the program under the debugger: run, start,
 * continue, stepi, nexti, step, next, finish, until; the trap log and
 * `catch trap`; frame-pointer unwinding; the report of why it stopped.
 *
 * Owns: every forward movement of the machine (through d->backend), so
 * that snapshots for reverse execution are taken on schedule
 * (dbg_rev_note) and breakpoint conditions, temporary breakpoints and the
 * internal breakpoints of next/finish/until are handled in one place.
 * Must not print machine state beyond the stop report (dbg_info.c does).
 *
 * Two ways to move:
 *   step1()  one machine_step: one instruction or one interrupt entry;
 *   go()     machine_run in slices (a slice ends where a snapshot is due),
 *            with the user's breakpoints plus up to two internal ones;
 *            a breakpoint whose condition is false is passed silently.
 * A caught trap is noticed by the event hook, which asks the machine to
 * stop at the next instruction boundary (the handler's first instruction).
 */
#include <stdlib.h>
#include <string.h>

#include "debugger/dbg.h"
#include "isa/disasm.h"

struct ibp {                   /* an internal breakpoint */
    uint32_t addr;
    uint32_t sp_min;           /* only when sp >= sp_min (the frame returned) */
};

/* ---- the event hook: trap log, catchpoints, TLB fills -------------------- */

static struct dbg_point *catch_for(struct dbg *d, uint32_t cause)
{
    for (size_t i = 0; i < d->npoints; i++) {
        struct dbg_point *p = &d->points[i];
        if (p->kind == DBG_CATCH_TRAP && p->enabled && (p->cause < 0 || (uint32_t)p->cause == cause))
            return p;
    }
    return NULL;
}

static void on_event(void *ctx, const struct machine_event *ev)
{
    struct dbg *d = ctx;
    if (d->replaying) {                /* re-execution: no logs; catches if asked */
        struct dbg_point *p;
        if (ev->kind == MEV_TRAP && ev->d && d->replay_catch && !d->trap_caught &&
            (p = catch_for(d, ev->a))) {
            d->trap_caught = true;
            d->caught_point = p->num;
            machine_request_stop(d->m);
            d->stop_pending = true;
        }
        return;
    }
    switch (ev->kind) {
    case MEV_TRAP: {
        struct machine_trap t = machine_last_trap(d->m);
        struct dbg_trap_rec *r = &d->traps[d->ntraps++ % DBG_TRAPLOG];
        *r = (struct dbg_trap_rec){ t.cycle, ev->a, t.epc, ev->b, ev->d, t.user, ev->d != 0 };
        struct dbg_point *p;
        if (ev->d && !d->trap_caught && (p = catch_for(d, ev->a))) {
            d->trap_caught = true;
            d->caught_point = p->num;
            p->hits++;
            machine_request_stop(d->m);
            d->stop_pending = true;
        }
        break;
    }
    case MEV_WALK:
        if (ev->c) {
            d->tlb_fills++;
            d->last_fill_va = ev->a;
        }
        break;
    case MEV_TLB_FLUSH:
    case MEV_MMIO:
    case MEV_IRQ:
    case MEV_DMA:
        break;
    }
}

void dbg_install_hooks(struct dbg *d)
{
    machine_set_event_hook(d->m, on_event, d);
}

/* ---- stop reports ----------------------------------------------------------- */

void dbg_report_stop(struct dbg *d, enum dbg_stop_kind k, const char *why)
{
    char sym[160], sym2[160];
    uint32_t pc = machine_pc(d->m);
    const struct dbg_exit_source *xs = d->exit_source;
    d->last_stop = k;
    if (why)
        dbg_printf(d, "%s\n", why);
    if (xs && k == DBG_STOP_EXIT) {    /* the monitor: every guest has stopped */
        xs->report_end(xs->ctx);
        d->exited = true;
        return;
    }
    if (xs && xs->stop_note)
        xs->stop_note(xs->ctx, k);
    switch (k) {
    case DBG_STOP_EXIT:
        dbg_printf(d, "[program exited with status %u, cycle %llu]\n", machine_exit_status(d->m),
                   (unsigned long long)machine_cycles(d->m));
        d->exited = true;
        return;
    case DBG_STOP_HALT:
        dbg_printf(d, "[machine halted at 0x%08x%s%s, cycle %llu]\n", pc - 4,
                   dbg_symbolize(d, pc - 4, sym, sizeof sym)[0] ? " " : "", sym,
                   (unsigned long long)machine_cycles(d->m));
        d->exited = true;
        return;
    case DBG_STOP_FAULT: {
        struct machine_trap t = machine_last_trap(d->m);
        const char *n = isa_cause_name(t.cause), *doc = isa_cause_doc(t.cause);
        dbg_printf(d, "Program stopped: unhandled trap %s (%s) at 0x%08x%s%s", n ? n : "?",
                   doc ? doc : "?", t.epc, dbg_symbolize(d, t.epc, sym2, sizeof sym2)[0] ? " " : "", sym2);
        if (isa_cause_sets_badvaddr(t.cause))
            dbg_printf(d, ", address 0x%08x", t.badvaddr);
        dbg_printf(d, "\n(TVEC is 0: no trap handler installed)\n");
        break;
    }
    case DBG_STOP_IDLE:
        dbg_printf(d, "Program stopped: wfi, and nothing can wake the machine (no enabled "
                      "interrupt pending, no device event scheduled)\n");
        break;
    case DBG_STOP_INTERRUPT:
        dbg_printf(d, "Program interrupted.\n");
        break;
    case DBG_STOP_HISTORY:
        dbg_printf(d, "No more reverse-execution history.\n");
        break;
    case DBG_STOP_NONE:
    case DBG_STOP_STEP:
    case DBG_STOP_BREAK:
    case DBG_STOP_WATCH:
    case DBG_STOP_CATCH:
        break;
    }
    dbg_print_location(d, pc);
    dbg_do_displays(d);
}

static enum dbg_stop_kind kind_of(enum machine_stop why)
{
    switch (why) {
    case MACHINE_EXITED:         return DBG_STOP_EXIT;
    case MACHINE_HALTED:         return DBG_STOP_HALT;
    case MACHINE_UNHANDLED_TRAP: return DBG_STOP_FAULT;
    case MACHINE_TRAPPED:        return DBG_STOP_FAULT;
    case MACHINE_IDLE_FOREVER:   return DBG_STOP_IDLE;
    case MACHINE_INTERRUPTED:    return DBG_STOP_INTERRUPT;
    case MACHINE_WATCHPOINT:     return DBG_STOP_WATCH;
    case MACHINE_BREAKPOINT:     return DBG_STOP_BREAK;
    case MACHINE_RUNNING:
    case MACHINE_STEPPED:        return DBG_STOP_STEP;
    }
    return DBG_STOP_STEP;
}

char *dbg_stop_header(struct dbg *d, enum dbg_stop_kind k, int bp,
                      const struct machine_watch_hit *wh, char *buf, size_t len)
{
    char sym[160], sym2[160];
    struct dbg_point *p;
    buf[0] = '\0';
    if (k == DBG_STOP_BREAK) {
        p = dbg_point_find(d, bp);
        uint32_t pc = machine_pc(d->m);
        snprintf(buf, len, "%s %d, 0x%08x%s%s", p && p->temporary ? "Temporary breakpoint" : "Breakpoint",
                 bp, pc, dbg_symbolize(d, pc, sym, sizeof sym)[0] ? " " : "", sym);
    } else if (k == DBG_STOP_WATCH) {
        struct machine_watch_hit h = wh ? *wh : machine_last_watch_hit(d->m);
        int num = -1;
        size_t idx = 0;
        for (size_t i = 0; i < d->npoints; i++)
            if (d->points[i].kind == DBG_WATCH && d->points[i].enabled && idx++ == h.index) {
                num = d->points[i].num;
                d->points[i].hits++;
            }
        snprintf(buf, len, "Watchpoint %d: %s of 0x%0*x (%u byte%s) at 0x%08x%s%s by the instruction "
                 "at 0x%08x%s%s", num, h.write ? "write" : "read", (int)h.size * 2, h.value, h.size,
                 h.size == 1 ? "" : "s", h.addr, dbg_symbolize(d, h.addr, sym, sizeof sym)[0] ? " " : "",
                 sym, h.pc, dbg_symbolize(d, h.pc, sym2, sizeof sym2)[0] ? " " : "", sym2);
    } else if (k == DBG_STOP_CATCH && d->exit_source &&
               (p = dbg_point_find(d, d->caught_point)) && p->kind == DBG_CATCH_EXIT) {
        struct dbg_exit_rec e;
        if (!d->exit_source->get(d->exit_source->ctx, d->caught_exit, &e)) {
            snprintf(buf, len, "Catchpoint %d (VM exit %llu)", d->caught_point,
                     (unsigned long long)d->caught_exit);
            return buf;
        }
        char addr[40] = "";
        if (e.addr)
            snprintf(addr, sizeof addr, ", address 0x%08x", e.addr);
        snprintf(buf, len, "Catchpoint %d (VM exit %llu, %s: %s at 0x%08x%s%s in %s mode%s: %s)",
                 d->caught_point, (unsigned long long)e.num, e.reason, e.guest, e.pc,
                 dbg_symbolize(d, e.pc, sym, sizeof sym)[0] ? " " : "", sym,
                 e.user ? "user" : "kernel", addr, e.action);
    } else if (k == DBG_STOP_CATCH) {
        const struct dbg_trap_rec *r = &d->traps[(d->ntraps - 1) % DBG_TRAPLOG];
        const char *n = isa_cause_name(r->cause);
        snprintf(buf, len, "Catchpoint %d (trap %s from %s mode at 0x%08x%s%s, badvaddr 0x%08x)",
                 d->caught_point, n ? n : "?", r->user ? "user" : "kernel", r->epc,
                 dbg_symbolize(d, r->epc, sym, sizeof sym)[0] ? " " : "", sym, r->badvaddr);
    }
    return buf;
}

/* ---- moving ----------------------------------------------------------------- */

/* If a stop request of ours is still pending (the machine stopped for
 * another reason first), consume it: machine_step returns at once. */
void dbg_clear_pending(struct dbg *d, enum machine_stop why)
{
    if (d->stop_pending && why != MACHINE_INTERRUPTED)
        (void)d->backend.step(d->backend.ctx);
    d->stop_pending = false;
}

/* One machine step that does something.  Works around a quirk of
 * machine_step (reported to the lead): when the instruction fetch misses
 * the TLB, the walk's cycles use up the one-instruction budget and the
 * step returns with only the walk done (pc and instret unchanged).  Such
 * a step is followed by another, so `stepi` always executes an
 * instruction.  Reverse execution uses this too, so it counts the same
 * steps as forward execution. */
static uint64_t trap_total(const struct machine_stats *st)
{
    uint64_t t = 0;
    for (int c = 0; c < 32; c++)
        t += st->traps[c];
    return t;
}

enum machine_stop dbg_step_raw(struct dbg *d)
{
    for (int tries = 0;; tries++) {
        uint32_t pc = machine_pc(d->m);
        uint64_t instret = machine_instret(d->m);
        struct machine_stats before, after;
        machine_get_stats(d->m, &before);
        enum machine_stop why = d->backend.step(d->backend.ctx);
        machine_get_stats(d->m, &after);
        if (why == MACHINE_INTERRUPTED && d->replaying && machine_instret(d->m) == instret &&
            machine_pc(d->m) == pc && tries < 2)
            continue;                  /* Ctrl-C during re-execution: not a step */
        bool walk_only = why == MACHINE_STEPPED && machine_pc(d->m) == pc &&
                         machine_instret(d->m) == instret && after.page_walks != before.page_walks &&
                         trap_total(&after) == trap_total(&before);
        if (!walk_only || tries >= 2)
            return why;
    }
}

static enum dbg_stop_kind step1(struct dbg *d)
{
    d->trap_caught = false;
    enum machine_stop why = dbg_step_raw(d);
    dbg_clear_pending(d, why);
    dbg_rev_note(d);
    enum dbg_stop_kind k = kind_of(why);
    if (why == MACHINE_INTERRUPTED && d->trap_caught)
        k = DBG_STOP_STEP;             /* our own request, the step is done */
    if (k == DBG_STOP_STEP && d->trap_caught)
        k = DBG_STOP_CATCH;
    return k;
}

int dbg_break_hit(struct dbg *d, uint32_t pc, bool count)
{
    int hit = 0;
    for (size_t i = 0; i < d->npoints; i++) {
        struct dbg_point *p = &d->points[i];
        if (p->kind != DBG_BREAK || !p->enabled || p->addr != pc)
            continue;
        if (p->cond) {
            uint32_t v;
            char err[300];
            if (!dbg_eval_quiet(d, p->cond, &v, err, sizeof err)) {
                dbg_printf(d, "Error in condition of breakpoint %d (%s): %s\n", p->num, p->cond, err);
                v = 1;                 /* stop, as gdb does, so the user sees it */
            }
            if (!v)
                continue;
        }
        if (count)
            p->hits++;
        if (!hit)
            hit = p->num;
    }
    return hit;
}

static void delete_if_temporary(struct dbg *d, int num)
{
    struct dbg_point *p = dbg_point_find(d, num);
    if (p && p->temporary) {
        char arg[16];
        snprintf(arg, sizeof arg, "%d", num);
        dbg_cmd_delete(d, NULL, "", arg);
    }
}

/* Run until something stops it.  Returns the kind; *hit = breakpoint number. */
static enum dbg_stop_kind go(struct dbg *d, const struct ibp *ib, size_t nib, int *hit)
{
    *hit = 0;
    uint32_t extra[2];
    for (size_t i = 0; i < nib && i < 2; i++)
        extra[i] = ib[i].addr;
    size_t nbase = 0;
    bool catching = false;
    for (size_t i = 0; i < d->npoints; i++) {
        nbase += d->points[i].kind == DBG_BREAK && d->points[i].enabled;
        catching |= d->points[i].kind == DBG_CATCH_TRAP && d->points[i].enabled;
    }
    uint32_t *all = malloc((nbase + 3) * sizeof *all);
    if (!all) {
        dbg_error(d, "out of memory");
        return DBG_STOP_INTERRUPT;
    }
    size_t n = 0;
    for (size_t i = 0; i < d->npoints; i++)
        if (d->points[i].kind == DBG_BREAK && d->points[i].enabled)
            all[n++] = d->points[i].addr;
    for (size_t i = 0; i < nib && i < 2; i++)
        all[n++] = extra[i];
    if (catching)
        all[n++] = DBG_NEVER_PC;       /* see dbg_sync_points */
    dbg_push_breakpoints(d, all, n);
    free(all);

    enum dbg_stop_kind k;
    d->trap_caught = false;
    uint32_t pc0 = machine_pc(d->m);
    uint64_t instret0 = machine_instret(d->m);
    for (;;) {
        enum machine_stop why = d->backend.run(d->backend.ctx, dbg_rev_next_due(d));
        dbg_clear_pending(d, why);
        dbg_rev_note(d);
        if (d->progress)
            d->progress(d->progress_ctx);
        if (d->trap_caught) {
            k = DBG_STOP_CATCH;
            break;
        }
        if (why == MACHINE_RUNNING)
            continue;                  /* a snapshot was due: go on */
        k = kind_of(why);
        if (why != MACHINE_BREAKPOINT)
            break;
        uint32_t pc = machine_pc(d->m), sp = machine_reg(d->m, 2);
        if (pc == pc0 && machine_instret(d->m) == instret0)
            continue;                  /* the same quirk as in dbg_step_raw: nothing ran yet */
        int bp = dbg_break_hit(d, pc, true);
        if (bp) {
            *hit = bp;
            break;
        }
        bool done = false;
        for (size_t i = 0; i < nib; i++)
            if (ib[i].addr == pc && sp >= ib[i].sp_min)
                done = true;
        if (done) {
            k = DBG_STOP_STEP;
            break;
        }
    }
    dbg_sync_points(d);                /* drop the internal breakpoints */
    return k;
}

/* Report a stop that ended a command (headers for break/watch/catch). */
static void finish_report(struct dbg *d, enum dbg_stop_kind k, int bp)
{
    char head[600];
    dbg_stop_header(d, k, bp, NULL, head, sizeof head);
    dbg_report_stop(d, k, head[0] ? head : NULL);
    if (k == DBG_STOP_BREAK)
        delete_if_temporary(d, bp);
}

static bool parse_count(struct dbg *d, const char *cmd, const char *args, uint64_t *n)
{
    *n = 1;
    if (!*args)
        return true;
    uint32_t v;
    if (!dbg_eval(d, args, &v))
        return false;
    if ((int32_t)v <= 0)
        return dbg_error(d, "%s: the count must be at least 1, not %d", cmd, (int32_t)v);
    *n = v;
    return true;
}

/* The source line of pc: (file << 32 | line), or UINT64_MAX without one. */
static uint64_t line_key(const struct dbg *d, uint32_t pc)
{
    const struct image_line *l = image_line_for(&d->img, pc);
    return l ? ((uint64_t)l->file << 32 | l->line) : UINT64_MAX;
}

static bool is_call(const struct dbg *d, uint32_t pc)
{
    uint32_t w;
    char err[200];
    struct isa_decoded dec;
    if (!dbg_read_mem(d, pc, false, &w, 4, err, sizeof err) || !isa_decode(w, &dec))
        return false;
    return (dec.op == ISA_OP_jal || dec.op == ISA_OP_jalr) && dec.rd == 1;
}

/* One instruction, stepping over a call when over_calls. */
static enum dbg_stop_kind step_insn(struct dbg *d, bool over_calls, int *hit)
{
    *hit = 0;
    uint32_t pc = machine_pc(d->m);
    if (over_calls && is_call(d, pc)) {
        struct ibp ib = { pc + 4, machine_reg(d->m, 2) };
        return go(d, &ib, 1, hit);
    }
    return step1(d);
}

/* ---- the commands --------------------------------------------------------- */

bool dbg_cmd_run(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    (void)args;
    if (!dbg_restart(d))
        return false;
    int bp;
    enum dbg_stop_kind k = go(d, NULL, 0, &bp);
    finish_report(d, k, bp);
    return true;
}

bool dbg_cmd_start(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    (void)args;
    if (!dbg_restart(d))
        return false;
    dbg_report_stop(d, DBG_STOP_STEP, NULL);
    return true;
}

bool dbg_cmd_continue(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)fmt;
    uint64_t n;
    if (!parse_count(d, c->name, args, &n))
        return false;
    enum dbg_stop_kind k;
    int bp;
    do {
        k = go(d, NULL, 0, &bp);
        if (n > 1 && (k == DBG_STOP_BREAK || k == DBG_STOP_WATCH || k == DBG_STOP_CATCH)) {
            char head[600];
            dbg_printf(d, "%s\n", dbg_stop_header(d, k, bp, NULL, head, sizeof head));
            if (k == DBG_STOP_BREAK)
                delete_if_temporary(d, bp);
            continue;
        }
        break;
    } while (--n);
    finish_report(d, k, bp);
    return true;
}

static bool do_stepi(struct dbg *d, const struct dbg_cmd *c, char *args, bool over)
{
    uint64_t n;
    if (!parse_count(d, c->name, args, &n))
        return false;
    enum dbg_stop_kind k = DBG_STOP_STEP;
    int bp = 0;
    for (uint64_t i = 0; i < n && k == DBG_STOP_STEP; i++) {
        if (i > 0 && (bp = dbg_break_hit(d, machine_pc(d->m), true)) != 0) {
            k = DBG_STOP_BREAK;
            break;
        }
        k = step_insn(d, over, &bp);
    }
    finish_report(d, k, bp);
    return true;
}

bool dbg_cmd_stepi(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)fmt;
    return do_stepi(d, c, args, false);
}

bool dbg_cmd_nexti(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)fmt;
    return do_stepi(d, c, args, true);
}

/* step/next/until by source line.  until_mode: do not stop on a line
 * below the starting pc in the same function (a loop's back edge). */
static enum dbg_stop_kind line_step(struct dbg *d, bool over, bool until_mode, int *bp)
{
    uint32_t start_pc = machine_pc(d->m);
    uint64_t start = line_key(d, start_pc), instret0 = machine_instret(d->m);
    uint32_t off;
    const struct image_symbol *fn0 = image_symbol_for(&d->img, start_pc, &off);
    for (bool first = true;; first = false) {
        if (!first && (*bp = dbg_break_hit(d, machine_pc(d->m), true)) != 0)
            return DBG_STOP_BREAK;
        enum dbg_stop_kind k = step_insn(d, over, bp);
        if (k != DBG_STOP_STEP)
            return k;
        uint32_t pc = machine_pc(d->m);
        if (line_key(d, pc) != start) {
            if (!until_mode || pc > start_pc || image_symbol_for(&d->img, pc, &off) != fn0)
                return DBG_STOP_STEP;
        }
        if (machine_instret(d->m) - instret0 >= d->step_limit) {
            dbg_printf(d, "(still on the same line after %llu instructions: stopped; "
                          "set step-limit N to change)\n", (unsigned long long)d->step_limit);
            return DBG_STOP_STEP;
        }
    }
}

static bool do_line_steps(struct dbg *d, const struct dbg_cmd *c, char *args, bool over, bool until)
{
    uint64_t n;
    if (!parse_count(d, c->name, args, &n))
        return false;
    enum dbg_stop_kind k = DBG_STOP_STEP;
    int bp = 0;
    for (uint64_t i = 0; i < n && k == DBG_STOP_STEP; i++)
        k = line_step(d, over, until, &bp);
    finish_report(d, k, bp);
    return true;
}

bool dbg_cmd_step(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)fmt;
    return do_line_steps(d, c, args, false, false);
}

bool dbg_cmd_next(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)fmt;
    return do_line_steps(d, c, args, true, false);
}

/* ---- frames ------------------------------------------------------------------ */

static bool read_word(const struct dbg *d, uint32_t va, uint32_t *w)
{
    char err[200];
    return (va & 3) == 0 && dbg_read_mem(d, va, false, w, 4, err, sizeof err);
}

/* What the code of the function containing pc has done by pc, by a linear
 * scan from its symbol: `addi fp, sp, 0` sets its frame up, `lw fp, 0(sp)`
 * (the epilogue) tears it down, `ret` ends an epilogue path; a call
 * (jal/jalr writing ra) made while no frame is set up loses the return
 * address that was in ra. */
enum frame_state { FRAME_SET, FRAME_IN_RA, FRAME_UNKNOWN };

static enum frame_state frame_state(const struct dbg *d, uint32_t pc)
{
    uint32_t off;
    const struct image_symbol *s = image_symbol_for(&d->img, pc, &off);
    if (!s || s->kind != IMAGE_SYM_FUNC || off > 4 * 4096)
        return FRAME_SET;              /* unknown code: trust fp */
    bool set = false, seen = false, lost = false;
    for (uint32_t a = s->value; a < pc; a += 4) {
        uint32_t w;
        struct isa_decoded dec;
        if (!read_word(d, a, &w) || !isa_decode(w, &dec))
            continue;
        if (dec.op == ISA_OP_addi && dec.rd == 3 && dec.rs1 == 2 && dec.imm == 0)
            set = seen = true;
        else if (dec.op == ISA_OP_lw && dec.rd == 3 && dec.rs1 == 2)
            set = false;
        else if (dec.op == ISA_OP_jalr && dec.rd == 0 && dec.rs1 == 1)
            set = seen;
        else if ((dec.op == ISA_OP_jal || dec.op == ISA_OP_jalr) && dec.rd == 1 && !set)
            lost = true;
    }
    if (set)
        return FRAME_SET;
    /* the entry point has no caller; a frameless function that called
     * another has lost its return address */
    return lost || s->value == d->img.entry ? FRAME_UNKNOWN : FRAME_IN_RA;
}

bool dbg_unwind(const struct dbg *d, uint32_t pc, uint32_t fp, bool top, struct dbg_frame *f)
{
    memset(f, 0, sizeof *f);
    f->pc = pc;
    f->fp = fp;
    enum frame_state st = top ? frame_state(d, pc) : FRAME_SET;
    if (st != FRAME_SET) {
        f->via_ra = true;
        f->ret = st == FRAME_IN_RA ? machine_reg(d->m, 1) : 0;
        f->caller_fp = fp;
        f->ok = true;
        return true;
    }
    if (fp == 0 || !read_word(d, fp + 4, &f->ret) || !read_word(d, fp, &f->caller_fp))
        return false;
    f->ok = true;
    return true;
}

bool dbg_cmd_finish(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    if (*args)
        return dbg_error(d, "finish takes no argument");
    struct dbg_frame f;
    uint32_t pc = machine_pc(d->m), fp = machine_reg(d->m, 3), sp = machine_reg(d->m, 2);
    if (!dbg_unwind(d, pc, fp, true, &f) || f.ret == 0)
        return dbg_error(d, "finish: not meaningful in the outermost frame (no return address)");
    char sym[160];
    dbg_printf(d, "Run till exit from 0x%08x%s%s\n", pc,
               dbg_symbolize(d, pc, sym, sizeof sym)[0] ? " " : "", sym);
    struct ibp ib = { f.ret, f.via_ra ? sp : fp + 1 };
    int bp;
    enum dbg_stop_kind k = go(d, &ib, 1, &bp);
    finish_report(d, k, bp);
    if (k == DBG_STOP_STEP) {
        uint32_t a0 = machine_reg(d->m, 4);
        dbg_printf(d, "Value returned: a0 = %u (0x%08x)\n", a0, a0);
    }
    return true;
}

bool dbg_cmd_until(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)fmt;
    if (!*args)
        return do_line_steps(d, c, args, true, true);
    uint32_t addr;
    if (!dbg_parse_location(d, args, &addr))
        return false;
    struct ibp ib[2] = { { addr, 0 }, { 0, 0 } };
    size_t n = 1;
    struct dbg_frame f;
    uint32_t fp = machine_reg(d->m, 3), sp = machine_reg(d->m, 2);
    if (dbg_unwind(d, machine_pc(d->m), fp, true, &f) && f.ret) {
        ib[1] = (struct ibp){ f.ret, f.via_ra ? sp : fp + 1 };
        n = 2;
    }
    int bp;
    enum dbg_stop_kind k = go(d, ib, n, &bp);
    finish_report(d, k, bp);
    return true;
}
