/*
 * evq.h - the event queue: future work scheduled on the machine's cycle
 * clock (a device finishing a transfer, a timer reaching its compare).
 *
 * Owns: a binary min-heap of events ordered by (cycle, sequence number), so
 * two events at the same cycle fire in the order they were scheduled and
 * every run fires them identically.  Knows nothing of devices or the CPU.
 */
#ifndef SIMMON_EVQ_H
#define SIMMON_EVQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef void evq_fn(void *arg, uint64_t when);   /* the one typedef: a function type */

struct evq_event {
    uint64_t when;
    uint64_t seq;
    evq_fn *fn;
    void *arg;
    uint32_t id;
};

struct evq {
    struct evq_event *heap;
    size_t n, cap;
    uint64_t next_seq;
    uint32_t next_id;
    bool changed;            /* set when an event is added: the CPU re-plans */
};

#define EVQ_NEVER UINT64_MAX

void evq_init(struct evq *q);
void evq_free(struct evq *q);
/* Schedule fn(arg, when) at cycle `when`.  Returns an id for evq_cancel,
 * or 0 if out of memory. */
uint32_t evq_schedule(struct evq *q, uint64_t when, evq_fn *fn, void *arg);
/* Remove a pending event; false if it already fired or never existed. */
bool evq_cancel(struct evq *q, uint32_t id);
/* Cancel every pending event whose arg is `arg` (a device being reset). */
void evq_cancel_arg(struct evq *q, void *arg);
/* The cycle of the earliest pending event, or EVQ_NEVER. */
uint64_t evq_next(const struct evq *q);
/* Fire, in order, every event due at or before `now`.  Returns how many. */
size_t evq_run_due(struct evq *q, uint64_t now);

#endif
