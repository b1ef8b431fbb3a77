/*
 * timer.c - the timer: a 64-bit compare register against the cycle clock.
 *
 * Owns: the timer's registers and its one pending event.  Must not touch
 * the CPU: time comes from the dev_clock, the future from its event queue,
 * interrupts go out through an irq_line.
 *
 * Register map (base 0xF0001000, 32-bit registers, lw/sw only):
 *
 *   +0x00 TIME_LO  R   the cycle clock, low 32 bits   (writes ignored)
 *   +0x04 TIME_HI  R   the cycle clock, high 32 bits  (writes ignored)
 *   +0x08 CMP_LO   RW  the compare value, low 32 bits
 *   +0x0C CMP_HI   RW  the compare value, high 32 bits
 *   +0x10 CTRL     RW  bit0 EN: compare and interrupt enabled
 *   +0x14 STATUS   R   bit0 PENDING: the compare was reached
 *                  W   write 1 to bit0: acknowledge (clear PENDING)
 *   +0x18 PERIOD   RW  if nonzero, each time the compare is reached
 *                      CMP += PERIOD (a periodic tick, no reprogramming)
 *
 * Interrupt line 0 is PENDING && EN: level-triggered, it stays up until
 * the handler acknowledges or clears EN.
 *
 * The compare is *armed* by writing CMP_LO or CMP_HI and by setting EN
 * (a 0 -> 1 edge).  While EN = 1 and armed, one event waits on the clock at
 * cycle CMP (or at the current cycle if CMP is already past).  When it
 * fires, PENDING is set; with PERIOD = 0 the compare is then disarmed (it
 * fires once per programming), otherwise CMP advances by PERIOD and the
 * next event is scheduled.  Ticks missed while disabled are coalesced into
 * one (PENDING is one bit) and the phase is kept: CMP becomes the first
 * CMP + k*PERIOD after the cycle it fired at.  Writing PERIOD changes
 * nothing scheduled: it is used the next time the compare is reached.
 * Writing CTRL with EN unchanged does not re-arm.
 *
 * Time is read in two halves: read TIME_HI, TIME_LO, then TIME_HI again and
 * retry if it changed.  To reprogram CMP while enabled, write CMP_HI =
 * 0xFFFFFFFF first, then CMP_LO, then CMP_HI (or clear EN around the two
 * writes), so the half-written value never fires early.
 */
#include "devices/timer.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* Everything a snapshot holds (the event itself is in the machine's
 * queue, which snapshots save with its ids). */
struct timer_state {
    uint64_t cmp;
    uint32_t ctrl, period;
    bool pending;
    bool armed;              /* the compare at CMP has not been reached yet */
    uint32_t event;          /* pending evq id, 0 if none */
    uint64_t fired;          /* statistics: times the compare was reached */
};

struct timer {
    struct timer_state s;
    struct irq_line irq;
    struct dev_clock clock;
};

static void update_irq(struct timer *t)
{
    irq_set(&t->irq, t->s.pending && (t->s.ctrl & TIMER_CTRL_EN));
}

static void fire(void *arg, uint64_t when);

/* Make the event queue agree with the registers: one event iff EN and
 * armed, at max(CMP, now). */
static void reschedule(struct timer *t)
{
    if (t->s.event) {
        bool ok = evq_cancel(t->clock.evq, t->s.event);
        assert(ok);                  /* our event fires only through fire() */
        (void)ok;
        t->s.event = 0;
    }
    if (!(t->s.ctrl & TIMER_CTRL_EN) || !t->s.armed)
        return;
    uint64_t now = clock_now(&t->clock);
    t->s.event = evq_schedule(t->clock.evq, t->s.cmp > now ? t->s.cmp : now, fire, t);
    assert(t->s.event != 0);           /* out of host memory for one event */
}

/* The compare was reached at cycle `when` (>= CMP). */
static void fire(void *arg, uint64_t when)
{
    struct timer *t = arg;
    assert(t->s.cmp <= when);
    t->s.event = 0;
    t->s.pending = true;
    t->s.fired++;
    if (t->s.period == 0) {
        t->s.armed = false;
    } else {
        /* The first CMP + k*PERIOD after `when`, k >= 1.  If that lies past
         * 2^64 cycles the register wraps like hardware and the tick stops
         * (unreachable in practice: 2^64 cycles is centuries). */
        uint64_t p = t->s.period;
        uint64_t k = (when - t->s.cmp) / p + 1;
        bool beyond = k > (UINT64_MAX - t->s.cmp) / p;
        t->s.cmp += k * p;
        if (beyond)
            t->s.armed = false;
        reschedule(t);
    }
    update_irq(t);
}

static bool timer_read(void *dev, uint32_t off, uint32_t *v)
{
    struct timer *t = dev;
    switch (off) {
    case TIMER_TIME_LO: *v = (uint32_t)clock_now(&t->clock); return true;
    case TIMER_TIME_HI: *v = (uint32_t)(clock_now(&t->clock) >> 32); return true;
    case TIMER_CMP_LO:  *v = (uint32_t)t->s.cmp; return true;
    case TIMER_CMP_HI:  *v = (uint32_t)(t->s.cmp >> 32); return true;
    case TIMER_CTRL:    *v = t->s.ctrl; return true;
    case TIMER_STATUS:  *v = t->s.pending ? TIMER_ST_PENDING : 0; return true;
    case TIMER_PERIOD:  *v = t->s.period; return true;
    default:            return false;
    }
}

static bool timer_write(void *dev, uint32_t off, uint32_t v)
{
    struct timer *t = dev;
    switch (off) {
    case TIMER_TIME_LO:
    case TIMER_TIME_HI:
        return true;                     /* time cannot be set: ignored */
    case TIMER_CMP_LO:
        t->s.cmp = (t->s.cmp & 0xFFFFFFFF00000000u) | v;
        t->s.armed = true;
        reschedule(t);
        return true;
    case TIMER_CMP_HI:
        t->s.cmp = (t->s.cmp & 0xFFFFFFFFu) | (uint64_t)v << 32;
        t->s.armed = true;
        reschedule(t);
        return true;
    case TIMER_CTRL: {
        uint32_t old = t->s.ctrl;
        t->s.ctrl = v & TIMER_CTRL_EN;
        if (t->s.ctrl != old) {
            if (t->s.ctrl & TIMER_CTRL_EN)
                t->s.armed = true;         /* enabling arms the compare */
            reschedule(t);
        }
        update_irq(t);
        return true;
    }
    case TIMER_STATUS:
        if (v & TIMER_ST_PENDING) {
            t->s.pending = false;
            update_irq(t);
        }
        return true;
    case TIMER_PERIOD:
        t->s.period = v;                   /* used at the next compare */
        return true;
    default:
        return false;
    }
}

static void timer_reset(void *dev)
{
    struct timer *t = dev;
    /* By arg, never by id: the machine may have emptied the queue already,
     * and a stale id could name another device's event. */
    evq_cancel_arg(t->clock.evq, t);
    memset(&t->s, 0, sizeof t->s);
    update_irq(t);
}

static void timer_dump(void *dev, FILE *out)
{
    struct timer *t = dev;
    fprintf(out, "timer: time=%llu cmp=%llu ctrl=%#x status=%#x period=%u %s, fired %llu\n",
            (unsigned long long)clock_now(&t->clock), (unsigned long long)t->s.cmp, t->s.ctrl,
            t->s.pending ? TIMER_ST_PENDING : 0u, t->s.period,
            t->s.event ? "scheduled" : "idle", (unsigned long long)t->s.fired);
}

static void timer_destroy(void *dev)
{
    struct timer *t = dev;
    evq_cancel_arg(t->clock.evq, t);
    free(t);
}

static size_t timer_save(void *dev, void *buf)
{
    struct timer *t = dev;
    if (buf)
        memcpy(buf, &t->s, sizeof t->s);
    return sizeof t->s;
}

static bool timer_restore(void *dev, const void *buf, size_t len)
{
    struct timer *t = dev;
    if (len != sizeof t->s)
        return false;
    memcpy(&t->s, buf, sizeof t->s);
    update_irq(t);
    return true;
}

static const struct device_ops timer_ops = {
    .name = "timer", .read = timer_read, .write = timer_write, .reset = timer_reset,
    .dump = timer_dump, .destroy = timer_destroy,
    .save = timer_save, .restore = timer_restore,
};

bool timer_create(struct device *dev, struct irq_line irq, struct dev_clock clock,
                  char *err, size_t errlen)
{
    struct timer *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errlen, "timer: out of memory");
        return false;
    }
    t->irq = irq;
    t->clock = clock;
    dev->ops = &timer_ops;
    dev->state = t;
    dev->base = 0xF0001000u;
    return true;
}
