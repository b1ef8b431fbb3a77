/*
 * dbg_rev.c - reverse execution: reverse-stepi and reverse-continue.
 *
 * Owns: the snapshots of the machine taken while it runs forward, and
 * going back in time by restoring one and re-executing forward (the
 * machine is deterministic, so re-execution reproduces every state
 * exactly; its console output is discarded and the trap log left alone).
 *
 * Snapshots.  One at the boot state (after `run`/`start`, and after any
 * change made by hand, which would make the old history unreproducible),
 * then one every `reverse-interval` cycles of forward execution: forward
 * runs are sliced so a slice ends where a snapshot is due.  At most
 * `reverse-snapshots` are kept: when there are more, one is dropped where
 * the history is densest relative to its age, so recent history stays
 * fine-grained and old history grows sparse (roughly logarithmic).  RAM
 * pages are shared between snapshots (machine_snapshot_take's base).
 *
 * Positions.  A state is identified by (cycles, instret); both only grow.
 * Going back N steps from position P: restore the newest snapshot S
 * before P, count the steps (machine_step) from S to P, K; if K >= N,
 * restore S again and step K - N times; else continue from the snapshot
 * before S with N - K.  To keep that fast, the counting starts at a point
 * W cycles before P reached with one machine_run (W grows if too few
 * steps lie in it).  Must not change what forward execution does.
 */
#include <stdlib.h>
#include <string.h>

#include "debugger/dbg.h"

struct pos {
    uint64_t cycles, instret;
};

struct snap {
    struct machine_snapshot *s;
    struct pos at;
};

struct dbg_rev {
    struct snap *snaps;        /* oldest first */
    size_t n, cap;
    uint64_t interval;         /* cycles; 0: the boot snapshot only */
    size_t max;
    uint64_t next_due;
};

static struct pos now(const struct dbg *d)
{
    return (struct pos){ machine_cycles(d->m), machine_instret(d->m) };
}

static bool before(struct pos a, struct pos b)
{
    return a.cycles < b.cycles || (a.cycles == b.cycles && a.instret < b.instret);
}

struct dbg_rev *dbg_rev_new(void)
{
    struct dbg_rev *r = calloc(1, sizeof *r);
    if (r) {
        r->interval = 1000000;
        r->max = 64;
    }
    return r;
}

static void drop_all(struct dbg_rev *r)
{
    for (size_t i = 0; i < r->n; i++)
        machine_snapshot_free(r->snaps[i].s);
    r->n = 0;
}

void dbg_rev_free(struct dbg_rev *r)
{
    if (!r)
        return;
    drop_all(r);
    free(r->snaps);
    free(r);
}

static void drop(struct dbg_rev *r, size_t i)
{
    machine_snapshot_free(r->snaps[i].s);
    memmove(&r->snaps[i], &r->snaps[i + 1], (r->n - i - 1) * sizeof *r->snaps);
    r->n--;
}

/* Drop the snapshot whose neighbours are closest, relative to its age. */
static void thin(struct dbg_rev *r)
{
    while (r->n > r->max && r->n > 2) {
        uint64_t newest = r->snaps[r->n - 1].at.cycles;
        size_t best = 1;
        double best_score = 0;
        for (size_t i = 1; i + 1 < r->n; i++) {
            double gap = (double)(r->snaps[i + 1].at.cycles - r->snaps[i - 1].at.cycles);
            double age = (double)(newest - r->snaps[i].at.cycles) + (double)r->interval + 1.0;
            double score = gap / age;
            if (i == 1 || score < best_score) {
                best = i;
                best_score = score;
            }
        }
        drop(r, best);
    }
}

static bool take(struct dbg *d)
{
    struct dbg_rev *r = d->rev;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        struct snap *s = realloc(r->snaps, cap * sizeof *s);
        if (!s)
            return false;
        r->snaps = s;
        r->cap = cap;
    }
    struct machine_snapshot *s = machine_snapshot_take(d->m, r->n ? r->snaps[r->n - 1].s : NULL);
    if (!s)
        return false;
    r->snaps[r->n++] = (struct snap){ s, now(d) };
    thin(r);
    return true;
}

void dbg_rev_reset(struct dbg *d)
{
    struct dbg_rev *r = d->rev;
    drop_all(r);
    if (d->backend.no_reverse) {       /* no history to keep (the monitor) */
        r->next_due = UINT64_MAX;
        return;
    }
    if (!take(d))
        dbg_printf(d, "(out of memory for a snapshot: reverse execution unavailable)\n");
    r->next_due = r->interval ? machine_cycles(d->m) + r->interval : UINT64_MAX;
}

uint64_t dbg_rev_next_due(const struct dbg *d)
{
    return d->rev->next_due;
}

void dbg_rev_note(struct dbg *d)
{
    struct dbg_rev *r = d->rev;
    if (d->backend.no_reverse || !r->interval || machine_cycles(d->m) < r->next_due)
        return;
    if (r->n && !before(r->snaps[r->n - 1].at, now(d))) {
        r->next_due = r->snaps[r->n - 1].at.cycles + r->interval;   /* history known */
        return;
    }
    take(d);
    r->next_due = machine_cycles(d->m) + r->interval;
}

/* ---- re-execution ---------------------------------------------------------- */

static void replay_begin(struct dbg *d)
{
    d->replaying = true;
    machine_set_breakpoints(d->m, NULL, 0);
    machine_set_watchpoints(d->m, NULL, 0);
}

static void replay_end(struct dbg *d)
{
    d->replaying = false;
    d->replay_catch = false;
    d->exited = false;
    dbg_sync_points(d);
    /* the trap log keeps only what happened before the new present */
    while (d->ntraps && d->traps[(d->ntraps - 1) % DBG_TRAPLOG].cycle >= machine_cycles(d->m))
        d->ntraps--;
    struct dbg_rev *r = d->rev;
    r->next_due = r->interval && r->n ? r->snaps[r->n - 1].at.cycles + r->interval : UINT64_MAX;
    if (r->interval && r->next_due <= machine_cycles(d->m))
        r->next_due = machine_cycles(d->m) + r->interval;
}

/* The newest snapshot strictly before p, or -1. */
static long snap_before(const struct dbg_rev *r, struct pos p)
{
    for (size_t i = r->n; i-- > 0;)
        if (before(r->snaps[i].at, p))
            return (long)i;
    return -1;
}

/* Restore snapshot i and run (no breakpoints) to the first boundary at or
 * after cycle `mid` (0: stay at the snapshot). */
static bool restore_to(struct dbg *d, size_t i, uint64_t mid)
{
    if (!machine_snapshot_restore(d->m, d->rev->snaps[i].s))
        return false;
    while (mid && machine_cycles(d->m) < mid &&
           d->backend.run(d->backend.ctx, mid) == MACHINE_INTERRUPTED)
        ;                              /* Ctrl-C cannot cut a re-execution short */
    return true;
}

/* Steps from the current state until the position reaches p. */
static uint64_t count_steps(struct dbg *d, struct pos p)
{
    uint64_t k = 0;
    while (before(now(d), p)) {
        enum machine_stop why = dbg_step_raw(d);
        k++;
        if (why == MACHINE_EXITED || why == MACHINE_HALTED || why == MACHINE_UNHANDLED_TRAP ||
            why == MACHINE_IDLE_FOREVER)
            break;                     /* cannot happen before p on the same timeline */
    }
    return k;
}

uint64_t dbg_rev_back(struct dbg *d, uint64_t n)
{
    struct dbg_rev *r = d->rev;
    struct pos target = now(d);
    uint64_t left = n;
    replay_begin(d);
    for (;;) {
        long i = snap_before(r, target);
        if (i < 0) {                   /* the oldest state we know */
            if (r->n)
                restore_to(d, 0, 0);
            break;
        }
        struct pos s = r->snaps[i].at;
        uint64_t w = 4096 + 64 * (left < (1u << 20) ? left : (1u << 20)), mid, k;
        for (;;) {
            mid = target.cycles > s.cycles + w ? target.cycles - w : 0;
            restore_to(d, (size_t)i, mid);
            k = count_steps(d, target);
            if (k >= left || !mid)
                break;
            w *= 4;
        }
        if (k >= left) {
            restore_to(d, (size_t)i, mid);
            for (uint64_t j = 0; j < k - left; j++)
                dbg_step_raw(d);
            left = 0;
            break;
        }
        left -= k;
        target = s;
        restore_to(d, (size_t)i, 0);   /* in case no earlier snapshot exists */
    }
    replay_end(d);
    return n - left;
}

bool dbg_cmd_reverse_stepi(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)fmt;
    if (d->backend.no_reverse)
        return dbg_error(d, "%s: %s", c->name, d->backend.no_reverse);
    uint64_t n = 1;
    if (*args) {
        uint32_t v;
        if (!dbg_eval(d, args, &v))
            return false;
        if ((int32_t)v <= 0)
            return dbg_error(d, "%s: the count must be at least 1, not %d", c->name, (int32_t)v);
        n = v;
    }
    uint64_t done = dbg_rev_back(d, n);
    dbg_report_stop(d, done < n ? DBG_STOP_HISTORY : DBG_STOP_STEP, NULL);
    return true;
}

/* ---- reverse-continue ---------------------------------------------------------- */

struct hit {
    bool found;
    struct pos at;
    enum dbg_stop_kind kind;
    int num;
    struct machine_watch_hit wh;
};

/* Replay from snapshot i up to p (inclusive or not); remember the last stop. */
static void scan(struct dbg *d, size_t i, struct pos p, bool inclusive, struct hit *h)
{
    restore_to(d, i, 0);
    dbg_sync_points(d);                /* breakpoints and watchpoints on, during the scan */
    d->replay_catch = true;
    struct pos start = now(d);
    int num;
    if (before(start, p) && (num = dbg_break_hit(d, machine_pc(d->m), false)) != 0)
        *h = (struct hit){ true, start, DBG_STOP_BREAK, num, { 0 } };   /* run does not stop here */
    for (;;) {
        d->trap_caught = false;
        enum machine_stop why = d->backend.run(d->backend.ctx, p.cycles);
        dbg_clear_pending(d, why);
        struct pos at = now(d);
        bool in = before(at, p) || (inclusive && !before(p, at));
        if (!in)
            break;
        if (d->trap_caught) {
            *h = (struct hit){ true, at, DBG_STOP_CATCH, d->caught_point, { 0 } };
        } else if (why == MACHINE_BREAKPOINT) {
            int bp = dbg_break_hit(d, machine_pc(d->m), false);
            if (bp)
                *h = (struct hit){ true, at, DBG_STOP_BREAK, bp, { 0 } };
        } else if (why == MACHINE_WATCHPOINT) {
            *h = (struct hit){ true, at, DBG_STOP_WATCH, 0, machine_last_watch_hit(d->m) };
        } else if (why == MACHINE_INTERRUPTED) {
            continue;                  /* Ctrl-C: the scan goes on (see restore_to) */
        } else {
            break;                     /* reached p (or the end of the program) */
        }
        if (!before(at, p))
            break;
    }
    d->replay_catch = false;
    machine_set_breakpoints(d->m, NULL, 0);
    machine_set_watchpoints(d->m, NULL, 0);
}

bool dbg_cmd_reverse_continue(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)fmt;
    if (d->backend.no_reverse)
        return dbg_error(d, "%s: %s", c->name, d->backend.no_reverse);
    if (*args)
        return dbg_error(d, "reverse-continue takes no argument");
    struct dbg_rev *r = d->rev;
    struct pos target = now(d);
    struct hit h = { 0 };
    bool inclusive = false;
    long i;
    replay_begin(d);
    while ((i = snap_before(r, target)) >= 0) {
        scan(d, (size_t)i, target, inclusive, &h);
        if (h.found)
            break;
        target = r->snaps[i].at;
        inclusive = true;
    }
    if (h.found) {
        i = snap_before(r, h.at);
        if (i < 0)
            i = 0;
        restore_to(d, (size_t)i, h.at.cycles > r->snaps[i].at.cycles ? h.at.cycles : 0);
        count_steps(d, h.at);
    } else if (r->n) {
        restore_to(d, 0, 0);
    }
    replay_end(d);
    if (!h.found) {
        dbg_report_stop(d, DBG_STOP_HISTORY, NULL);
        return true;
    }
    char head[600];
    if (h.kind == DBG_STOP_WATCH) {
        for (size_t k = 0, idx = 0; k < d->npoints; k++)
            if (d->points[k].kind == DBG_WATCH && d->points[k].enabled && idx++ == h.wh.index)
                d->points[k].hits--;   /* dbg_stop_header counts it again */
    }
    d->caught_point = h.num;
    dbg_stop_header(d, h.kind, h.num, &h.wh, head, sizeof head);
    dbg_report_stop(d, h.kind, head);
    return true;
}

/* ---- settings ---------------------------------------------------------------- */

bool dbg_rev_set(struct dbg *d, const char *key, const char *value)
{
    uint32_t v;
    if (d->backend.no_reverse)
        return dbg_error(d, "set %s: %s", key, d->backend.no_reverse);
    if (!dbg_parse_number(value, &v))
        return dbg_error(d, "set %s: expected a number, not '%.40s'", key, value);
    struct dbg_rev *r = d->rev;
    if (strcmp(key, "reverse-interval") == 0) {
        r->interval = v;
        r->next_due = v ? machine_cycles(d->m) + v : UINT64_MAX;
    } else {
        if (v < 2)
            return dbg_error(d, "set %s: keep at least 2 snapshots", key);
        r->max = v;
        thin(r);
    }
    return true;
}

void dbg_rev_show(struct dbg *d, bool detail)
{
    struct dbg_rev *r = d->rev;
    size_t bytes = 0;
    for (size_t i = 0; i < r->n; i++)
        bytes += machine_snapshot_bytes(r->snaps[i].s);
    dbg_printf(d, "reverse-interval %llu\nreverse-snapshots %zu\n", (unsigned long long)r->interval, r->max);
    if (d->backend.no_reverse && detail)
        dbg_printf(d, "(no snapshots: %s)\n", d->backend.no_reverse);
    if (r->n && detail)
        dbg_printf(d, "(%zu snapshot%s kept, %zu KiB, from cycle %llu to %llu)\n", r->n, r->n == 1 ? "" : "s",
                   bytes >> 10, (unsigned long long)r->snaps[0].at.cycles,
                   (unsigned long long)r->snaps[r->n - 1].at.cycles);
}
