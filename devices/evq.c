/*
 * evq.c - the event queue (see evq.h): a binary min-heap on (when, seq).
 */
#include "devices/evq.h"

#include <stdlib.h>

void evq_init(struct evq *q)
{
    q->heap = NULL;
    q->n = q->cap = 0;
    q->next_seq = 0;
    q->next_id = 1;
    q->changed = false;
}

void evq_free(struct evq *q)
{
    free(q->heap);
    evq_init(q);
}

static bool before(const struct evq_event *a, const struct evq_event *b)
{
    return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

static void swap_ev(struct evq_event *a, struct evq_event *b)
{
    struct evq_event t = *a;
    *a = *b;
    *b = t;
}

static void sift_up(struct evq *q, size_t i)
{
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!before(&q->heap[i], &q->heap[p]))
            break;
        swap_ev(&q->heap[i], &q->heap[p]);
        i = p;
    }
}

static void sift_down(struct evq *q, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < q->n && before(&q->heap[l], &q->heap[m]))
            m = l;
        if (r < q->n && before(&q->heap[r], &q->heap[m]))
            m = r;
        if (m == i)
            return;
        swap_ev(&q->heap[i], &q->heap[m]);
        i = m;
    }
}

uint32_t evq_schedule(struct evq *q, uint64_t when, evq_fn *fn, void *arg)
{
    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 16;
        struct evq_event *h = realloc(q->heap, cap * sizeof *h);
        if (!h)
            return 0;
        q->heap = h;
        q->cap = cap;
    }
    uint32_t id = q->next_id++;
    if (q->next_id == 0)
        q->next_id = 1;
    q->heap[q->n] = (struct evq_event){ when, q->next_seq++, fn, arg, id };
    sift_up(q, q->n++);
    q->changed = true;
    return id;
}

static void remove_at(struct evq *q, size_t i)
{
    q->heap[i] = q->heap[--q->n];
    if (i < q->n) {
        sift_up(q, i);
        sift_down(q, i);
    }
}

bool evq_cancel(struct evq *q, uint32_t id)
{
    for (size_t i = 0; i < q->n; i++)
        if (q->heap[i].id == id) {
            remove_at(q, i);
            return true;
        }
    return false;
}

void evq_cancel_arg(struct evq *q, void *arg)
{
    for (size_t i = 0; i < q->n;)
        if (q->heap[i].arg == arg)
            remove_at(q, i);
        else
            i++;
}

uint64_t evq_next(const struct evq *q)
{
    return q->n ? q->heap[0].when : EVQ_NEVER;
}

size_t evq_run_due(struct evq *q, uint64_t now)
{
    size_t fired = 0;
    while (q->n && q->heap[0].when <= now) {
        struct evq_event e = q->heap[0];
        remove_at(q, 0);
        e.fn(e.arg, e.when);
        fired++;
    }
    return fired;
}
