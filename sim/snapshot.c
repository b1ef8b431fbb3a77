/*
 * snapshot.c - the whole state of a machine, saved and restored, so that
 * the debugger can go back in time (restore, then re-execute: the machine
 * is deterministic).
 *
 * Owns: struct machine_snapshot.  What a snapshot holds is exactly the
 * architectural and timing state (layers 1 and 2 of sim/internal.h):
 * registers, control registers, interrupt lines, the TLB, RAM, the event
 * queue, each device's state, counters and statistics.  The host fast
 * paths (layer 3) are caches: after a restore they are flushed, and
 * decoded instructions are dropped for every page whose bytes changed.
 *
 * RAM is kept as 4 KiB pages, reference-counted: a page equal to the same
 * page of the `base` snapshot is shared rather than copied, and a page of
 * zeros is not stored at all.  A series of snapshots costs what changed.
 */
#include <stdlib.h>
#include <string.h>

#include "sim/internal.h"

struct snap_page {
    unsigned refs;
    uint8_t bytes[ISA_PAGE_SIZE];
};

struct machine_snapshot {
    /* CPU and time */
    uint32_t r[REG_SINK + 1], pc, cr[ISA_CR_COUNT], ipend;
    bool waiting;
    uint64_t cycle, instret;
    uint32_t exit_status;
    struct machine_trap last_trap;
    struct machine_stats stats;
    /* MMU */
    struct tlb_entry *tlb;
    unsigned tlb_n, tlb_next;
    /* RAM */
    struct snap_page **pages;          /* NULL = a page of zeros */
    uint32_t npages;
    size_t own_bytes;
    /* events and devices */
    struct evq_event *events;
    size_t nevents;
    uint64_t next_seq;
    uint32_t next_id;
    uint8_t *dev_state[NDEV_SLOTS];
    size_t dev_len[NDEV_SLOTS];
};

static bool all_zero(const uint8_t *p)
{
    static const uint8_t zero[ISA_PAGE_SIZE];
    return memcmp(p, zero, ISA_PAGE_SIZE) == 0;
}

struct machine_snapshot *machine_snapshot_take(const struct machine *m,
                                               const struct machine_snapshot *base)
{
    struct machine_snapshot *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    memcpy(s->r, m->r, sizeof s->r);
    s->pc = m->pc;
    memcpy(s->cr, m->cr, sizeof s->cr);
    s->ipend = m->ipend;
    s->waiting = m->waiting;
    s->cycle = m->cycle;
    s->instret = m->instret;
    s->exit_status = m->exit_status;
    s->last_trap = m->last_trap;
    s->stats = m->stats;
    s->tlb_n = m->tlb_n;
    s->tlb_next = m->tlb_next;
    s->npages = m->ndpages;
    s->tlb = malloc(m->tlb_n * sizeof *s->tlb);
    s->pages = calloc(s->npages, sizeof *s->pages);
    s->nevents = m->evq.n;
    s->events = malloc((m->evq.n ? m->evq.n : 1) * sizeof *s->events);
    if (!s->tlb || !s->pages || !s->events) {
        machine_snapshot_free(s);
        return NULL;
    }
    memcpy(s->tlb, m->tlb, m->tlb_n * sizeof *s->tlb);
    if (m->evq.n)                      /* the heap may not exist yet */
        memcpy(s->events, m->evq.heap, m->evq.n * sizeof *s->events);
    s->next_seq = m->evq.next_seq;
    s->next_id = m->evq.next_id;
    s->own_bytes = sizeof *s + m->tlb_n * sizeof *s->tlb + s->npages * sizeof *s->pages;

    bool share = base && base->npages == s->npages;
    for (uint32_t i = 0; i < s->npages; i++) {
        const uint8_t *src = m->ram + (size_t)i * ISA_PAGE_SIZE;
        struct snap_page *b = share ? base->pages[i] : NULL;
        if (b && memcmp(b->bytes, src, ISA_PAGE_SIZE) == 0) {
            b->refs++;
            s->pages[i] = b;
        } else if (!all_zero(src)) {
            struct snap_page *p = malloc(sizeof *p);
            if (!p) {
                machine_snapshot_free(s);
                return NULL;
            }
            p->refs = 1;
            memcpy(p->bytes, src, ISA_PAGE_SIZE);
            s->pages[i] = p;
            s->own_bytes += sizeof *p;
        }
    }
    for (unsigned d = 0; d < NDEV_SLOTS; d++) {
        const struct device *dev = &m->dev[d];
        if (!dev->ops || !dev->ops->save)
            continue;
        size_t len = dev->ops->save(dev->state, NULL);
        s->dev_state[d] = malloc(len ? len : 1);
        if (!s->dev_state[d]) {
            machine_snapshot_free(s);
            return NULL;
        }
        s->dev_len[d] = dev->ops->save(dev->state, s->dev_state[d]);
        s->own_bytes += len;
    }
    return s;
}

bool machine_snapshot_restore(struct machine *m, const struct machine_snapshot *s)
{
    if (s->npages != m->ndpages || s->tlb_n != m->tlb_n)
        return false;                  /* a snapshot of another machine */
    /* The disk first: it alone may refuse (a snapshot from an abandoned
     * branch of history), and then nothing at all has been touched.  The
     * other devices' restores cannot fail. */
    const unsigned disk = (ISA_DEV_DISK - ISA_MMIO_BASE) >> ISA_PAGE_SHIFT;
    for (unsigned i = 0; i < NDEV_SLOTS; i++) {
        unsigned d = i == 0 ? disk : i == disk ? 0 : i;     /* disk, then the rest */
        struct device *dev = &m->dev[d];
        if (dev->ops && dev->ops->restore && s->dev_state[d] &&
            !dev->ops->restore(dev->state, s->dev_state[d], s->dev_len[d]))
            return false;
    }
    if (s->nevents > m->evq.cap) {
        struct evq_event *h = realloc(m->evq.heap, s->nevents * sizeof *h);
        if (!h)
            return false;
        m->evq.heap = h;
        m->evq.cap = s->nevents;
    }
    memcpy(m->r, s->r, sizeof m->r);
    m->pc = s->pc;
    memcpy(m->cr, s->cr, sizeof m->cr);
    m->ipend = s->ipend;
    m->waiting = s->waiting;
    m->cycle = s->cycle;
    m->instret = s->instret;
    m->exit_status = s->exit_status;
    m->last_trap = s->last_trap;
    m->stats = s->stats;
    memcpy(m->tlb, s->tlb, s->tlb_n * sizeof *m->tlb);
    m->tlb_next = s->tlb_next;
    if (s->nevents)
        memcpy(m->evq.heap, s->events, s->nevents * sizeof *s->events);
    m->evq.n = s->nevents;
    m->evq.next_seq = s->next_seq;
    m->evq.next_id = s->next_id;
    static const uint8_t zero[ISA_PAGE_SIZE];
    for (uint32_t i = 0; i < s->npages; i++) {
        uint8_t *dst = m->ram + (size_t)i * ISA_PAGE_SIZE;
        const uint8_t *src = s->pages[i] ? s->pages[i]->bytes : zero;
        if (memcmp(dst, src, ISA_PAGE_SIZE) != 0) {
            memcpy(dst, src, ISA_PAGE_SIZE);
            mem_invalidate_code(m, i * ISA_PAGE_SIZE, ISA_PAGE_SIZE);
        }
    }
    mem_flush_stlb(m);
    m->stop = MACHINE_RUNNING;
    m->exit_slice = false;
    m->watch_stop = false;
    return true;
}

void machine_snapshot_free(struct machine_snapshot *s)
{
    if (!s)
        return;
    if (s->pages)
        for (uint32_t i = 0; i < s->npages; i++)
            if (s->pages[i] && --s->pages[i]->refs == 0)
                free(s->pages[i]);
    for (unsigned d = 0; d < NDEV_SLOTS; d++)
        free(s->dev_state[d]);
    free(s->pages);
    free(s->tlb);
    free(s->events);
    free(s);
}

uint64_t machine_snapshot_cycles(const struct machine_snapshot *s) { return s->cycle; }
uint64_t machine_snapshot_instret(const struct machine_snapshot *s) { return s->instret; }
size_t machine_snapshot_bytes(const struct machine_snapshot *s) { return s->own_bytes; }
