/*
 * machine.c - an SM32 machine: its lifecycle, the loader, and the run loop
 * that interleaves the CPU with time (events, interrupts, wfi).
 *
 * Owns: struct machine's creation and reset, the bus wiring of devices,
 * machine_run/machine_step, tracing, statistics and the public accessors.
 * The CPU's semantics are in cpu.c, memory in mem.c, the MMU in mmu.c.
 *
 * The run loop, one turn per slice:
 *   1. fire the events that are due (devices acting on the clock);
 *   2. if an interrupt is deliverable, take it (between instructions);
 *   3. if the CPU waits (wfi), jump the clock to the next event;
 *   4. otherwise let the CPU run until the next event, the end of the run
 *      or MACHINE_SLICE cycles, whichever comes first.
 * Where the slices fall changes nothing a program can observe.
 */
#include <stdlib.h>
#include <string.h>

#include "devices/console.h"
#include "devices/disk.h"
#include "devices/power.h"
#include "devices/timer.h"
#include "sim/internal.h"

const char *machine_stop_name(enum machine_stop s)
{
    switch (s) {
    case MACHINE_RUNNING:        return "running";
    case MACHINE_EXITED:         return "exited";
    case MACHINE_HALTED:         return "halted";
    case MACHINE_UNHANDLED_TRAP: return "unhandled trap";
    case MACHINE_IDLE_FOREVER:   return "idle forever";
    case MACHINE_STEPPED:        return "stepped";
    case MACHINE_TRAPPED:        return "trapped";
    case MACHINE_INTERRUPTED:    return "interrupted";
    case MACHINE_BREAKPOINT:     return "breakpoint";
    case MACHINE_WATCHPOINT:     return "watchpoint";
    }
    return "?";
}

uint64_t machine_now(const struct machine *m) { return m->cycle; }
static uint64_t clock_cb(void *ctx) { return machine_now(ctx); }

void machine_set_irq(void *ctx, unsigned line, bool level)
{
    struct machine *m = ctx;
    uint32_t bit = 1u << line, old = m->ipend;
    m->ipend = level ? (m->ipend | bit) : (m->ipend & ~bit);
    m->exit_slice = true;              /* re-check interrupts now */
    if (old != m->ipend)
        mev(m, MEV_IRQ, line, level, 0, 0, NULL);
}

static void power_stop(void *ctx, uint32_t status)
{
    struct machine *m = ctx;
    m->stop = MACHINE_EXITED;
    m->exit_status = status;
    m->exit_slice = true;
}

/* The DMA port the machine gives devices: RAM only, bounds checked here,
 * and writes keep the decoded-instruction cache consistent. */
static bool dma_read(void *ctx, uint32_t pa, void *buf, uint32_t len)
{
    struct machine *m = ctx;
    bool ok = machine_phys_read(m, pa, buf, len);
    m->stats.dma_transfers++;
    m->stats.dma_bytes += ok ? len : 0;
    mev(m, MEV_DMA, pa, len, 0, ok, "disk");
    return ok;
}

static bool dma_write(void *ctx, uint32_t pa, const void *buf, uint32_t len)
{
    struct machine *m = ctx;
    bool ok = machine_phys_write(m, pa, buf, len);
    m->stats.dma_transfers++;
    m->stats.dma_bytes += ok ? len : 0;
    mev(m, MEV_DMA, pa, len, 1, ok, "disk");
    return ok;
}

static void stdout_byte(void *ctx, uint8_t b)
{
    (void)ctx;
    fputc(b, stdout);
}

/* Console bytes pass through here so the debugger can redirect them. */
static void console_byte(void *ctx, uint8_t b)
{
    struct machine *m = ctx;
    m->console_out(m->console_ctx, b);
}

static bool attach(struct machine *m, uint32_t base, struct device dev)
{
    unsigned slot = (base - ISA_MMIO_BASE) >> ISA_PAGE_SHIFT;
    if (slot >= NDEV_SLOTS || m->dev[slot].ops)
        return false;
    dev.base = base;
    m->dev[slot] = dev;
    return true;
}

struct machine *machine_new(const struct machine_config *cfg, char *err, size_t errlen)
{
    if (cfg->ram_size == 0 || cfg->ram_size % ISA_PAGE_SIZE || cfg->ram_size > ISA_MMIO_BASE) {
        snprintf(err, errlen, "RAM size must be a multiple of 4 KiB between 4 KiB and 3.75 GiB");
        return NULL;
    }
    if (cfg->tlb_entries < 1 || cfg->tlb_entries > 4096) {
        snprintf(err, errlen, "TLB size must be between 1 and 4096 entries");
        return NULL;
    }
    struct machine *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    m->cfg = *cfg;
    m->ram_size = cfg->ram_size;
    m->ram = calloc(1, cfg->ram_size);
    m->ndpages = cfg->ram_size >> ISA_PAGE_SHIFT;
    m->dpages = calloc(m->ndpages, sizeof *m->dpages);
    m->tlb_n = cfg->tlb_entries;
    m->tlb = calloc(m->tlb_n, sizeof *m->tlb);
    evq_init(&m->evq);
    if (!m->ram || !m->dpages || !m->tlb) {
        snprintf(err, errlen, "out of memory for %u bytes of RAM", cfg->ram_size);
        machine_free(m);
        return NULL;
    }

    struct dev_clock clock = { clock_cb, m, &m->evq };
    struct device dev;
    m->console_out = cfg->console_out ? cfg->console_out : stdout_byte;
    m->console_ctx = cfg->console_ctx;
    struct console_config cc = {
        .out = console_byte,
        .out_ctx = m,
        .input = cfg->input, .input_len = cfg->input_len,
        .rx_delay = cfg->rx_delay ? cfg->rx_delay : CONSOLE_RX_DELAY_DEFAULT,
        .live = cfg->input_live, .live_ctx = cfg->input_live_ctx,
    };
    if (!console_create(&dev, &cc, (struct irq_line){ machine_set_irq, m, 1 }, clock, err, errlen) ||
        !attach(m, ISA_DEV_CONSOLE, dev)) {
        machine_free(m);
        return NULL;
    }
    struct power_config pc = { power_stop, m };
    if (!power_create(&dev, &pc, err, errlen) || !attach(m, ISA_DEV_POWER, dev)) {
        machine_free(m);
        return NULL;
    }
    if (cfg->timer && (!timer_create(&dev, (struct irq_line){ machine_set_irq, m, 0 }, clock,
                                     err, errlen) || !attach(m, ISA_DEV_TIMER, dev))) {
        machine_free(m);
        return NULL;
    }
    if (cfg->disk) {
        struct disk_config dc = {
            .path = cfg->disk_path[0] ? cfg->disk_path : NULL,
            .read_only = cfg->disk_read_only, .writeback = cfg->disk_writeback,
            .seek_base = cfg->disk_seek_base, .seek_per_sector = cfg->disk_seek_per_sector,
            .per_sector = cfg->disk_per_sector,
        };
        struct dma_port dma = { dma_read, dma_write, m };
        if (!disk_create(&dev, &dc, (struct irq_line){ machine_set_irq, m, 2 }, clock, dma,
                         err, errlen) || !attach(m, ISA_DEV_DISK, dev)) {
            machine_free(m);
            return NULL;
        }
    }
    machine_reset(m);
    return m;
}

void machine_free(struct machine *m)
{
    if (!m)
        return;
    for (unsigned i = 0; i < NDEV_SLOTS; i++)
        if (m->dev[i].ops)
            m->dev[i].ops->destroy(m->dev[i].state);
    if (m->dpages)
        mem_free_dpages(m);
    free(m->dpages);
    free(m->breaks);
    free(m->watches);
    free(m->tlb);
    free(m->ram);
    evq_free(&m->evq);
    free(m);
}

void machine_reset(struct machine *m)
{
    uint32_t entry = m->pc;
    memset(m->r, 0, sizeof m->r);
    memset(m->cr, 0, sizeof m->cr);
    m->r[2] = m->ram_size;             /* boot convention: sp = top of RAM */
    m->pc = entry;
    m->ipend = 0;
    m->waiting = false;
    m->cycle = 0;
    m->instret = 0;
    m->exit_status = 0;
    m->stop = MACHINE_RUNNING;
    memset(&m->stats, 0, sizeof m->stats);
    memset(&m->last_trap, 0, sizeof m->last_trap);
    for (unsigned i = 0; i < m->tlb_n; i++)
        m->tlb[i].valid = false;
    m->tlb_next = 0;
    mem_flush_stlb(m);
    evq_free(&m->evq);
    for (unsigned i = 0; i < NDEV_SLOTS; i++)
        if (m->dev[i].ops)
            m->dev[i].ops->reset(m->dev[i].state);
}

bool machine_load(struct machine *m, const struct image *img, char *err, size_t errlen)
{
    bool entry_ok = false;
    for (size_t i = 0; i < img->nsegs; i++) {
        const struct image_segment *s = &img->segs[i];
        if ((uint64_t)s->vaddr + s->memsz > m->ram_size) {
            snprintf(err, errlen, "segment %s [0x%08x-0x%08llx) does not fit in RAM "
                     "(%u KiB: 0x00000000-0x%08x)", s->name ? s->name : "?", s->vaddr,
                     (unsigned long long)s->vaddr + s->memsz, m->ram_size >> 10, m->ram_size);
            return false;
        }
        if ((s->flags & IMAGE_X) && img->entry >= s->vaddr && img->entry - s->vaddr < s->memsz)
            entry_ok = true;
    }
    if (!entry_ok) {
        snprintf(err, errlen, "entry point 0x%08x is not inside an executable segment", img->entry);
        return false;
    }
    for (size_t i = 0; i < img->nsegs; i++) {
        const struct image_segment *s = &img->segs[i];
        machine_phys_write(m, s->vaddr, s->data, s->filesz);
        memset(m->ram + s->vaddr + s->filesz, 0, s->memsz - s->filesz);
        mem_invalidate_code(m, s->vaddr, s->memsz);
    }
    m->pc = img->entry;
    machine_reset(m);
    return true;
}

/* ---- running ------------------------------------------------------------ */

static uint64_t min3(uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t x = a < b ? a : b;
    return x < c ? x : c;
}

static bool at_breakpoint(const struct machine *m)
{
    for (size_t i = 0; i < m->nbreaks; i++)
        if (m->breaks[i] == m->pc)
            return true;
    return false;
}

static enum machine_stop run_loop(struct machine *m, uint64_t until, bool one)
{
    bool first = true;               /* never stop at the pc we start from */
    m->stop = MACHINE_RUNNING;
    while (m->stop == MACHINE_RUNNING) {
        if (m->watch_stop) {
            m->watch_stop = false;
            return m->stop = MACHINE_WATCHPOINT;
        }
        if (m->nbreaks && !first && !m->waiting && at_breakpoint(m))
            return m->stop = MACHINE_BREAKPOINT;
        first = false;
        if (m->stop_request) {
            m->stop_request = 0;
            return m->stop = MACHINE_INTERRUPTED;
        }
        evq_run_due(&m->evq, m->cycle);
        if (m->cycle >= until)
            break;
        m->exit_slice = false;
        m->trapped_this_step = false;
        uint32_t deliverable = m->ipend & m->cr[ISA_CR_IENABLE];
        if (m->waiting && deliverable)
            m->waiting = false;        /* wfi ends when an enabled line is pending */
        if ((m->cr[ISA_CR_STATUS] & ISA_STATUS_IE) && deliverable) {
            cpu_take_interrupt(m);
            if (one)
                return m->stop == MACHINE_RUNNING ? (m->stop = MACHINE_STEPPED) : m->stop;
            continue;
        }
        if (m->waiting) {
            uint64_t next = evq_next(&m->evq);
            if (next == EVQ_NEVER)
                return m->stop = MACHINE_IDLE_FOREVER;
            if (m->idle_fn)
                m->idle_fn(m->idle_ctx);
            uint64_t t = min3(next, until, m->cycle + MACHINE_SLICE);
            if (t > m->cycle)
                m->cycle = t;          /* sleeping: time passes, nothing runs */
            if (one && m->cycle >= next)
                return m->stop = MACHINE_STEPPED;
            continue;
        }
        m->stop_at = min3(until, evq_next(&m->evq), m->cycle + MACHINE_SLICE);
        if ((one || m->nbreaks) && m->stop_at > m->cycle + 1)
            m->stop_at = m->cycle + 1;   /* every instruction costs >= 1: exactly one */
        if (m->stop_at <= m->cycle)
            continue;
        cpu_execute(m);
        if (m->watch_stop && m->stop == MACHINE_RUNNING) {
            m->watch_stop = false;
            return m->stop = MACHINE_WATCHPOINT;
        }
        if (one && m->stop == MACHINE_RUNNING)
            return m->stop = MACHINE_STEPPED;
    }
    return m->stop;
}

static void trace_step(struct machine *m)
{
    struct machine_trace_rec rec;
    memset(&rec, 0, sizeof rec);
    rec.cycle = m->cycle;
    rec.pc = m->pc;
    uint64_t before = m->instret;
    uint32_t pa;
    struct isa_decoded dec;
    if (machine_translate(m, m->pc, &pa, NULL))
        machine_phys_read(m, pa, &rec.word, 4);
    run_loop(m, UINT64_MAX, true);
    rec.retired = m->instret != before;
    rec.rd = -1;
    if (rec.retired && isa_decode(rec.word, &dec) && dec.rd != 0) {
        enum isa_format f = isa_insns[dec.op].format;
        if (f == ISA_FMT_R || f == ISA_FMT_I || f == ISA_FMT_IU || f == ISA_FMT_SH ||
            f == ISA_FMT_L || f == ISA_FMT_J || f == ISA_FMT_U || f == ISA_FMT_A ||
            f == ISA_FMT_CRR) {
            rec.rd = dec.rd;
            rec.rd_value = m->r[dec.rd];
        }
    }
    rec.trapped = m->trapped_this_step;
    rec.trap = m->last_trap;
    m->trace_fn(m->trace_ctx, &rec);
}

enum machine_stop machine_run(struct machine *m, uint64_t until)
{
    if (!m->trace_fn)
        return run_loop(m, until, false);
    for (;;) {
        if (m->cycle >= until)
            return m->stop = MACHINE_RUNNING;
        trace_step(m);
        if (m->stop != MACHINE_STEPPED)
            return m->stop;
        m->stop = MACHINE_RUNNING;
    }
}

enum machine_stop machine_step(struct machine *m)
{
    if (m->trace_fn) {
        trace_step(m);
        return m->stop;
    }
    return run_loop(m, UINT64_MAX, true);
}

void machine_request_stop(struct machine *m) { m->stop_request = 1; }

void machine_set_console_out(struct machine *m, void (*fn)(void *ctx, uint8_t byte), void *ctx)
{
    m->console_out = fn ? fn : stdout_byte;
    m->console_ctx = ctx;
}

void machine_set_trap_exits(struct machine *m, bool on) { m->trap_exits = on; }

void machine_set_idle_hook(struct machine *m, void (*fn)(void *ctx), void *ctx)
{
    m->idle_fn = fn;
    m->idle_ctx = ctx;
}

void machine_set_cr(struct machine *m, unsigned cr, uint32_t value)
{
    if (isa_cr_writable(cr))
        cpu_cr_write(m, cr, value);
}

void machine_tlb_flush(struct machine *m, uint32_t va, bool all)
{
    if (all)
        mmu_flush_all(m);
    else
        mmu_flush_page(m, va);
}

void machine_add_cycles(struct machine *m, uint64_t n) { m->cycle += n; }
uint64_t machine_walk_cycles(const struct machine *m) { return m->stats.walk_cycles; }

const uint8_t *machine_ram(const struct machine *m, uint32_t pa, uint32_t len)
{
    if (pa > m->ram_size || m->ram_size - pa < len)
        return NULL;
    return m->ram + pa;
}

unsigned machine_tlb_size(const struct machine *m) { return m->tlb_n; }
unsigned machine_tlb_next_victim(const struct machine *m) { return m->tlb_next; }

bool machine_tlb_entry(const struct machine *m, unsigned i, uint32_t *vpn, uint32_t *pte)
{
    if (i >= m->tlb_n || !m->tlb[i].valid)
        return false;
    *vpn = m->tlb[i].vpn;
    *pte = m->tlb[i].pte;
    return true;
}

bool machine_set_breakpoints(struct machine *m, const uint32_t *pcs, size_t n)
{
    uint32_t *b = NULL;
    if (n && !(b = malloc(n * sizeof *b)))
        return false;
    if (n)
        memcpy(b, pcs, n * sizeof *b);
    free(m->breaks);
    m->breaks = b;
    m->nbreaks = n;
    return true;
}

bool machine_set_watchpoints(struct machine *m, const struct machine_watch *w, size_t n)
{
    struct machine_watch *c = NULL;
    if (n && !(c = malloc(n * sizeof *c)))
        return false;
    if (n)
        memcpy(c, w, n * sizeof *c);
    free(m->watches);
    m->watches = c;
    m->nwatches = n;
    m->watch_stop = false;
    mem_flush_stlb(m);               /* fast-path data entries must go (or may come back) */
    return true;
}

struct machine_watch_hit machine_last_watch_hit(const struct machine *m) { return m->watch_hit; }

void machine_set_event_hook(struct machine *m,
                            void (*fn)(void *ctx, const struct machine_event *ev), void *ctx)
{
    m->event_fn = fn;
    m->event_ctx = ctx;
}

static const char *const access_names[3] = { "load", "store", "fetch" };

void machine_format_event(const struct machine_event *ev, char *buf, size_t len)
{
    int n = snprintf(buf, len, "%10llu  %08x: ", (unsigned long long)ev->cycle, ev->pc);
    if (n < 0 || (size_t)n >= len)
        return;
    buf += n;
    len -= (size_t)n;
    switch (ev->kind) {
    case MEV_TRAP: {
        const char *c = isa_cause_name(ev->a);
        if (ev->d)
            snprintf(buf, len, "trap    %s from %s mode (badvaddr 0x%08x) -> 0x%08x", c ? c : "?",
                     ev->c ? "user" : "kernel", ev->b, ev->d);
        else
            snprintf(buf, len, "trap    %s from %s mode (badvaddr 0x%08x), not vectored",
                     c ? c : "?", ev->c ? "user" : "kernel", ev->b);
        break;
    }
    case MEV_WALK:
        if (ev->c)
            snprintf(buf, len, "mmu     tlb miss: %s 0x%08x -> 0x%08x (walk)",
                     access_names[ev->d % 3], ev->a, ev->b);
        else
            snprintf(buf, len, "mmu     tlb miss: %s 0x%08x -> page fault", access_names[ev->d % 3], ev->a);
        break;
    case MEV_TLB_FLUSH:
        if (ev->c)
            snprintf(buf, len, "mmu     tlb flush: all");
        else
            snprintf(buf, len, "mmu     tlb flush: page 0x%08x", ev->a & ~0xFFFu);
        break;
    case MEV_MMIO:
        snprintf(buf, len, "dev     %s %s +0x%02x %s 0x%08x%s", ev->dev, ev->c ? "write" : "read",
                 ev->a, ev->c ? "<-" : "->", ev->b, ev->d ? "" : " (no such register: bus error)");
        break;
    case MEV_IRQ:
        snprintf(buf, len, "dev     irq line %u %s", ev->a, ev->b ? "raised" : "lowered");
        break;
    case MEV_DMA:
        snprintf(buf, len, "dev     %s dma %s [0x%08x, +%u)%s", ev->dev ? ev->dev : "?",
                 ev->c ? "to memory" : "from memory", ev->a, ev->b, ev->d ? "" : " refused: out of RAM");
        break;
    }
}

void machine_set_trace(struct machine *m,
                       void (*fn)(void *ctx, const struct machine_trace_rec *rec), void *ctx)
{
    m->trace_fn = fn;
    m->trace_ctx = ctx;
}

/* ---- side-effect-free translation -------------------------------------- */

bool machine_translate(const struct machine *m, uint32_t va, uint32_t *pa,
                       struct machine_walk *walk)
{
    if (walk)
        memset(walk, 0, sizeof *walk);
    if (!(m->cr[ISA_CR_STATUS] & ISA_STATUS_PG)) {
        *pa = va;
        return true;
    }
    uint32_t l1 = (m->cr[ISA_CR_PTBR] & ~0xFFFu) + ((va >> 22) << 2), p1, p2;
    if (walk)
        walk->l1_pa = l1;
    if (!machine_phys_read(m, l1, &p1, 4))
        return false;
    if (walk) {
        walk->levels = 1;
        walk->l1_pte = p1;
    }
    if (!isa_pte_is_pointer(p1))
        return false;
    uint32_t l2 = (p1 & ~0xFFFu) + (((va >> 12) & 0x3FF) << 2);
    if (walk)
        walk->l2_pa = l2;
    if (!machine_phys_read(m, l2, &p2, 4))
        return false;
    if (walk) {
        walk->levels = 2;
        walk->l2_pte = p2;
    }
    if (!isa_pte_is_leaf(p2))
        return false;
    *pa = (p2 & ~0xFFFu) | (va & 0xFFFu);
    return true;
}

/* ---- accessors ---------------------------------------------------------- */

uint64_t machine_cycles(const struct machine *m) { return m->cycle; }
uint64_t machine_instret(const struct machine *m) { return m->instret; }
uint32_t machine_exit_status(const struct machine *m) { return m->exit_status; }
uint32_t machine_reg(const struct machine *m, unsigned r) { return r < 16 ? m->r[r] : 0; }
void machine_set_reg(struct machine *m, unsigned r, uint32_t v)
{
    if (r > 0 && r < 16)
        m->r[r] = v;
}
uint32_t machine_pc(const struct machine *m) { return m->pc; }
void machine_set_pc(struct machine *m, uint32_t pc) { m->pc = pc & ~3u; }
uint32_t machine_ram_size(const struct machine *m) { return m->ram_size; }
const struct machine_config *machine_config(const struct machine *m) { return &m->cfg; }
struct machine_trap machine_last_trap(const struct machine *m) { return m->last_trap; }

uint32_t machine_cr(const struct machine *m, unsigned cr)
{
    switch (cr) {
    case ISA_CR_CYCLE:  return (uint32_t)m->cycle;
    case ISA_CR_CYCLEH: return (uint32_t)(m->cycle >> 32);
    case ISA_CR_IPEND:  return m->ipend;
    default:            return cr < ISA_CR_COUNT ? m->cr[cr] : 0;
    }
}

bool machine_phys_read(const struct machine *m, uint32_t pa, void *buf, uint32_t len)
{
    if (pa > m->ram_size || m->ram_size - pa < len)
        return false;
    if (len)
        memcpy(buf, m->ram + pa, len);
    return true;
}

bool machine_phys_write(struct machine *m, uint32_t pa, const void *buf, uint32_t len)
{
    if (pa > m->ram_size || m->ram_size - pa < len)
        return false;
    if (len) {
        memcpy(m->ram + pa, buf, len);
        mem_invalidate_code(m, pa, len);
    }
    return true;
}

void machine_get_stats(const struct machine *m, struct machine_stats *st)
{
    *st = m->stats;
    st->tlb_hits = st->tlb_lookups > st->tlb_misses ? st->tlb_lookups - st->tlb_misses : 0;
    st->instret = m->instret;
    st->cycles = m->cycle;
}

void machine_print_stats(const struct machine *m, FILE *out)
{
    struct machine_stats st;
    machine_get_stats(m, &st);
    fprintf(out, "instructions   %llu\n", (unsigned long long)st.instret);
    fprintf(out, "cycles         %llu\n", (unsigned long long)st.cycles);
    fprintf(out, "CPI            %.3f\n", st.instret ? (double)st.cycles / (double)st.instret : 0.0);
    uint64_t total = 0;
    for (int c = 0; c < 32; c++)
        total += st.traps[c];
    fprintf(out, "traps          %llu", (unsigned long long)total);
    const char *sep = " (";
    for (int c = 0; c < 32; c++)
        if (st.traps[c]) {
            const char *n = isa_cause_name((unsigned)c);
            fprintf(out, "%s%s %llu", sep, n ? n : "?", (unsigned long long)st.traps[c]);
            sep = ", ";
        }
    fprintf(out, "%s\n", total ? ")" : "");
    fprintf(out, "interrupts     %llu\n", (unsigned long long)st.interrupts);
    uint64_t hits = st.tlb_lookups > st.tlb_misses ? st.tlb_lookups - st.tlb_misses : 0;
    fprintf(out, "tlb lookups    %llu (hits %llu, %.2f%%)\n", (unsigned long long)st.tlb_lookups,
            (unsigned long long)hits,
            st.tlb_lookups ? 100.0 * (double)hits / (double)st.tlb_lookups : 0.0);
    fprintf(out, "tlb misses     %llu (page walks %llu, flushes %llu)\n",
            (unsigned long long)st.tlb_misses, (unsigned long long)st.page_walks,
            (unsigned long long)st.tlb_flushes);
    fprintf(out, "mmio           %llu reads, %llu writes\n",
            (unsigned long long)st.mmio_reads, (unsigned long long)st.mmio_writes);
    fprintf(out, "dma            %llu transfers, %llu bytes\n",
            (unsigned long long)st.dma_transfers, (unsigned long long)st.dma_bytes);
}
