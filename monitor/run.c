/*
 * run.c - the monitor's run loop, in the style of KVM's:
 *
 *     for (;;) {
 *         deliver pending virtual interrupts;      vcpu_deliver
 *         enter the guest;                         machine_run, real user mode
 *         get an exit record (the real trap);      machine_last_trap
 *         handle it: emulate, reflect or fix;      vcpu.c, shadow.c, vdev.c
 *     }
 *
 * Owns: creating the real machine and laying out real memory (a pool of
 * frames for each guest's shadow tables, then each guest's RAM), switching
 * the real CPU between guests (a time slice each, so a guest that loops
 * with interrupts off cannot starve the others), the accounting of time,
 * and the exit log.
 *
 * Time.  A guest's virtual clock must advance exactly as the bare
 * machine's would.  While it runs natively, the real clock advances by the
 * same amounts as bare except for the real MMU's walks of the shadow
 * tables, which bare would not do: so after each run
 *     vtime += (real cycles elapsed) - (real walk cycles elapsed)
 * and each handler then adds what bare would have charged for the event
 * (a walk of the guest's tables, a trap entry, an MMIO access) and removes
 * the base cost of an attempt that will be repeated.  The monitor's own
 * work (the mon_costs) is charged to the real clock only: that difference
 * is the virtualization overhead that --stats shows.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "isa/disasm.h"
#include "monitor/internal.h"

const struct mon_costs mon_costs_default = {
    .exit = 20, .entry = 20, .emulate = 10, .reflect = 10, .shadow = 30,
    .walk_level = 4, .mmio = 20, .world_switch = 50,
};

static const struct { const char *tag, *doc; } reasons[MON_EXIT_COUNT] = {
#define X(name, tag, doc) [MON_EXIT_##name] = { tag, doc },
    MON_EXIT_REASONS(X)
#undef X
};
const char *mon_exit_tag(enum mon_exit_reason r) { return r < MON_EXIT_COUNT ? reasons[r].tag : "?"; }
const char *mon_exit_doc(enum mon_exit_reason r) { return r < MON_EXIT_COUNT ? reasons[r].doc : "?"; }

void mon_config_default(struct mon_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    machine_config_default(&cfg->machine);
    cfg->costs = mon_costs_default;
    cfg->quantum = 20000;
    cfg->log_capacity = 65536;
}

struct mon *mon_new(const struct mon_config *cfg)
{
    struct mon *mon = calloc(1, sizeof *mon);
    if (!mon)
        return NULL;
    mon->cfg = *cfg;
    if (!mon->cfg.log_capacity)
        mon->cfg.log_capacity = 1;
    mon->log = calloc(mon->cfg.log_capacity, sizeof *mon->log);
    mon->current = -1;
    if (!mon->log) {
        free(mon);
        return NULL;
    }
    return mon;
}

bool mon_add_guest(struct mon *mon, const struct mon_guest_config *gc, char *err, size_t errlen)
{
    if (mon->started || mon->ng >= 8) {
        snprintf(err, errlen, "at most 8 guests, added before the monitor starts");
        return false;
    }
    struct guest *g = calloc(1, sizeof *g), **arr = realloc(mon->g, (mon->ng + 1) * sizeof *arr);
    if (!g || !arr) {
        free(g);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    mon->g = arr;
    g->id = (int)mon->ng;
    g->mon = mon;
    snprintf(g->name, sizeof g->name, "%s", gc->name[0] ? gc->name : "");
    if (!g->name[0])
        snprintf(g->name, sizeof g->name, "vm%d", g->id);
    g->ram_size = gc->ram_size ? gc->ram_size : (16u << 20);
    image_init(&g->image);
    evq_init(&g->evq);
    mon->g[mon->ng++] = g;             /* owned by mon from here on */
    if (g->ram_size % ISA_PAGE_SIZE || g->ram_size > (256u << 20)) {
        snprintf(err, errlen, "%s: guest RAM must be a multiple of 4 KiB, at most 256 MiB", g->name);
        return false;
    }
    /* copy the image: segments must fit the guest's RAM, entry executable */
    bool entry_ok = false;
    for (size_t i = 0; i < gc->image->nsegs; i++) {
        const struct image_segment *s = &gc->image->segs[i];
        if ((uint64_t)s->vaddr + s->memsz > g->ram_size) {
            snprintf(err, errlen, "%s: segment %s does not fit in the guest's %u KiB of RAM",
                     g->name, s->name ? s->name : "?", g->ram_size >> 10);
            return false;
        }
        if ((s->flags & IMAGE_X) && gc->image->entry - s->vaddr < s->memsz && gc->image->entry >= s->vaddr)
            entry_ok = true;
        if (!image_add_segment(&g->image, s->name, s->vaddr, s->data, s->filesz, s->memsz, s->flags)) {
            snprintf(err, errlen, "out of memory");
            return false;
        }
    }
    if (!entry_ok) {
        snprintf(err, errlen, "%s: entry point 0x%08x is not in an executable segment", g->name,
                 gc->image->entry);
        return false;
    }
    g->image.entry = gc->image->entry;
    g->tlb_n = mon->cfg.machine.tlb_entries;
    g->tlb = calloc(g->tlb_n, sizeof *g->tlb);
    if (!g->tlb) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    return vdev_create(g, gc, err, errlen);
}

bool mon_start(struct mon *mon, char *err, size_t errlen)
{
    if (!mon->ng) {
        snprintf(err, errlen, "no guest to run");
        return false;
    }
    /* real memory: [pools][guest 0 RAM][guest 1 RAM]... */
    uint64_t ram = (uint64_t)mon->ng * MON_POOL_PAGES * ISA_PAGE_SIZE;
    for (size_t i = 0; i < mon->ng; i++)
        ram += mon->g[i]->ram_size;
    struct machine_config mc = mon->cfg.machine;
    mc.ram_size = (uint32_t)ram;
    mc.timer = false;                  /* the guests have their own devices */
    mc.disk = false;
    mc.disk_path[0] = '\0';
    mon->m = machine_new(&mc, err, errlen);
    if (!mon->m)
        return false;
    machine_set_trap_exits(mon->m, true);
    uint32_t next = 0;
    for (size_t i = 0; i < mon->ng; i++) {
        mon->g[i]->pool_base = next;
        next += MON_POOL_PAGES * ISA_PAGE_SIZE;
    }
    for (size_t i = 0; i < mon->ng; i++) {
        struct guest *g = mon->g[i];
        g->ram_base = next;
        next += g->ram_size;
        shadow_init(g);
        for (size_t s = 0; s < g->image.nsegs; s++) {
            const struct image_segment *seg = &g->image.segs[s];
            machine_phys_write(mon->m, g->ram_base + seg->vaddr, seg->data, seg->filesz);
        }
        vcpu_reset(g);
        g->state = MON_GUEST_RUNNING;
    }
    /* the real CPU runs guests in user mode with paging on, interrupts off */
    machine_set_cr(mon->m, ISA_CR_STATUS, ISA_STATUS_UM | ISA_STATUS_PG);
    mon->started = true;
    return true;
}

void mon_stop_guest(struct guest *g, enum mon_guest_state st, uint32_t status)
{
    if (g->state != MON_GUEST_RUNNING)
        return;
    g->state = st;
    g->exit_status = status;
    vdev_flush_console(g);
}

uint32_t mon_fetch_insn(struct guest *g, uint32_t pc)
{
    uint32_t pa, w = 0;
    if (machine_translate(g->mon->m, pc, &pa, NULL))   /* the shadow maps it: it was fetched */
        machine_phys_read(g->mon->m, pa, &w, 4);
    return w;
}

void mon_log_exit(struct mon *mon, struct guest *g, uint32_t pc, bool user,
                  enum mon_exit_reason r, uint32_t insn, uint32_t cause, uint32_t addr,
                  const char *action, uint32_t cost)
{
    struct mon_exit e = { machine_cycles(mon->m), g->id, pc, user, g->pc, vcpu_user(g), r, insn,
                          cause, addr, action, cost };
    g->st.exits[r]++;
    mon->log[mon->log_head] = e;
    mon->log_head = (mon->log_head + 1) % mon->cfg.log_capacity;
    if (mon->log_count < mon->cfg.log_capacity)
        mon->log_count++;
    mon->log_total++;
    if (mon->exit_hook && mon->exit_hook(mon->exit_hook_ctx, &e))
        mon->hook_stop = true;
    if (mon->cfg.exit_log) {
        char line[512];
        mon_format_exit_json(mon, &e, line, sizeof line);
        fprintf(mon->cfg.exit_log, "%s\n", line);
    }
}

static void charge(struct mon *mon, struct guest *g, uint32_t cost)
{
    machine_add_cycles(mon->m, cost);
    g->st.monitor_cycles += cost;
}

/* Put the guest's vCPU on the real CPU (the real PTBR only when it changes:
 * writing it flushes the real TLB). */
static void enter(struct mon *mon, struct guest *g)
{
    struct machine *m = mon->m;
    if (mon->current != g->id) {
        charge(mon, g, mon->cfg.costs.world_switch);
        mon->current = g->id;
        mon->real_ptbr = UINT32_MAX;
    }
    for (unsigned r = 1; r < 16; r++)
        machine_set_reg(m, r, g->r[r]);
    machine_set_pc(m, g->pc);
    uint32_t root = shadow_current_root(g);
    if (root != mon->real_ptbr) {
        machine_set_cr(m, ISA_CR_PTBR, root);
        mon->real_ptbr = root;
    }
    charge(mon, g, mon->cfg.costs.entry);
}

/* A real trap stopped the guest: find out what it means and deal with it. */
static void handle_trap(struct mon *mon, struct guest *g)
{
    const struct mon_costs *c = &mon->cfg.costs;
    struct machine_trap t = machine_last_trap(mon->m);
    uint32_t pc0 = g->pc;              /* the exit happened here, in this mode */
    bool user0 = vcpu_user(g);
    bool fetch = t.cause == ISA_CAUSE_FETCH_FAULT;
    uint32_t insn = fetch ? 0 : mon_fetch_insn(g, g->pc), cost = c->exit, addr = t.badvaddr;
    const char *action = "?";
    enum mon_exit_reason r;
    switch (t.cause) {
    case ISA_CAUSE_PRIV:
        if (vcpu_user(g)) {            /* the guest's user program: its kernel's business */
            action = "reflect PRIV";
            r = MON_EXIT_TRAP;
            vcpu_reflect(g, t.cause, 0);
            cost += c->reflect;
        } else {
            r = vcpu_emulate(g, insn, &action);
            cost += c->emulate;
        }
        break;
    case ISA_CAUSE_SYSCALL:
    case ISA_CAUSE_BREAK:
        action = t.cause == ISA_CAUSE_SYSCALL ? "reflect SYSCALL" : "reflect BREAK";
        r = MON_EXIT_SYSCALL;
        vcpu_reflect(g, t.cause, 0);
        cost += c->reflect;
        break;
    case ISA_CAUSE_ILLEGAL:
    case ISA_CAUSE_MISALIGNED:
        action = t.cause == ISA_CAUSE_ILLEGAL ? "reflect ILLEGAL" : "reflect MISALIGNED";
        r = MON_EXIT_TRAP;
        vcpu_reflect(g, t.cause, t.badvaddr);
        cost += c->reflect;
        break;
    case ISA_CAUSE_FETCH_FAULT:
    case ISA_CAUSE_LOAD_FAULT:
    case ISA_CAUSE_STORE_FAULT:
        r = shadow_fault(g, t.cause, t.badvaddr, insn, &cost, &action, &addr);
        break;
    default:                           /* a bus error or interrupt here is a monitor bug */
        action = "kill: unexpected real trap";
        r = MON_EXIT_KILL;
        mon_stop_guest(g, MON_GUEST_CRASHED, t.cause);
        break;
    }
    if (g->state == MON_GUEST_CRASHED && r != MON_EXIT_KILL) {
        action = "kill: the guest has no trap handler (TVEC = 0)";
        r = MON_EXIT_KILL;
    }
    charge(mon, g, cost);
    mon_log_exit(mon, g, pc0, user0, r, insn, t.cause, addr, action, cost);
}

/* What run_slice tells the loop: the slice (or the requested run) is over,
 * or a reason to return to the caller. */
enum { SLICE_OVER = -1 };

/* Copy the vCPU onto the idle real CPU, so whoever looks at the machine
 * between runs (the debugger) sees the guest's registers and pc. */
static void mirror(struct mon *mon, struct guest *g)
{
    for (unsigned r = 1; r < 16; r++)
        machine_set_reg(mon->m, r, g->r[r]);
    machine_set_pc(mon->m, g->pc);
}

/* Run guest g until `end` (real cycles), a stop for the debugger, or the
 * end of its life. */
static int run_slice(struct mon *mon, struct guest *g, uint64_t end)
{
    struct machine *m = mon->m;
    while (g->state == MON_GUEST_RUNNING && machine_cycles(m) < end) {
        uint32_t pc0 = g->pc;
        bool user0 = vcpu_user(g);
        if (vcpu_deliver(g)) {
            charge(mon, g, mon->cfg.costs.reflect);
            mon_log_exit(mon, g, pc0, user0, MON_EXIT_IRQ, 0, g->cr[ISA_CR_CAUSE], 0,
                         "inject virtual interrupt", mon->cfg.costs.reflect);
            if (mon->hook_stop || mon->stepping)
                return mon->hook_stop ? MON_STOP_EXIT : MON_STOP_STEP;
            if (g->state != MON_GUEST_RUNNING)
                break;
        }
        if (g->waiting) {              /* wfi: the guest's time jumps to its next event */
            uint64_t next = evq_next(&g->evq);
            if (next == EVQ_NEVER) {
                mon_log_exit(mon, g, g->pc, vcpu_user(g), MON_EXIT_KILL, 0, 0, 0,
                             "kill: wfi with nothing to wake it", 0);
                mon_stop_guest(g, MON_GUEST_IDLE, 0);
                break;
            }
            if (next > g->vtime)
                g->vtime = next;
            continue;
        }
        enter(mon, g);
        uint64_t now = machine_cycles(m), limit = end;
        uint64_t vnext = evq_next(&g->evq);
        if (vnext != EVQ_NEVER && vnext > g->vtime && now + (vnext - g->vtime) < limit)
            limit = now + (vnext - g->vtime);      /* stop no later than the event */
        else if (vnext != EVQ_NEVER && vnext <= g->vtime)
            limit = now + 1;
        uint64_t w0 = machine_walk_cycles(m), i0 = machine_instret(m);
        enum machine_stop why = mon->stepping ? machine_step(m) : machine_run(m, limit);
        uint64_t real = machine_cycles(m) - now, walks = machine_walk_cycles(m) - w0;
        g->vtime += real - walks;
        g->st.guest_cycles += real;
        g->instret += machine_instret(m) - i0;
        for (unsigned r = 1; r < 16; r++)
            g->r[r] = machine_reg(m, r);
        g->pc = machine_pc(m);
        switch (why) {
        case MACHINE_TRAPPED:
            handle_trap(mon, g);
            if (mon->hook_stop)
                return MON_STOP_EXIT;
            if (mon->stepping)
                return MON_STOP_STEP;
            break;
        case MACHINE_RUNNING:          /* the limit: the slice's end or a virtual event */
            break;
        case MACHINE_STEPPED:
            if (machine_instret(m) != i0 || !mon->stepping)
                return MON_STOP_STEP;
            break;                     /* a fetch that only walked: go on */
        case MACHINE_BREAKPOINT:
            return MON_STOP_BREAKPOINT;
        case MACHINE_WATCHPOINT:
            return MON_STOP_WATCHPOINT;
        case MACHINE_INTERRUPTED:
            return MON_STOP_INTERRUPTED;
        case MACHINE_EXITED:
        case MACHINE_HALTED:
        case MACHINE_UNHANDLED_TRAP:
        case MACHINE_IDLE_FOREVER:
            mon_log_exit(mon, g, g->pc, vcpu_user(g), MON_EXIT_KILL, 0, 0, 0,
                         "kill: the real machine stopped", 0);
            mon_stop_guest(g, MON_GUEST_CRASHED, (uint32_t)why);
            break;
        }
    }
    return SLICE_OVER;
}

enum mon_stop mon_run_until(struct mon *mon, uint64_t until)
{
    mon->hook_stop = false;
    for (;;) {
        size_t live = 0;
        for (size_t i = 0; i < mon->ng; i++)
            live += mon->g[i]->state == MON_GUEST_RUNNING;
        if (!live)
            return MON_STOP_DONE;
        struct guest *g = mon->g[mon->rr];
        if (g->state != MON_GUEST_RUNNING) {
            mon->in_slice = false;
            mon->rr = (mon->rr + 1) % mon->ng;
            continue;
        }
        uint64_t now = machine_cycles(mon->m);
        if (now >= until)
            return MON_STOP_LIMIT;
        if (!mon->in_slice) {
            mon->slice_end = now + mon->cfg.quantum;
            mon->in_slice = true;
        }
        int r = run_slice(mon, g, mon->slice_end < until ? mon->slice_end : until);
        if (r != SLICE_OVER) {
            mirror(mon, g);
            return (enum mon_stop)r;
        }
        if (g->state != MON_GUEST_RUNNING || machine_cycles(mon->m) >= mon->slice_end) {
            if (g->state == MON_GUEST_RUNNING)
                mon_log_exit(mon, g, g->pc, vcpu_user(g), MON_EXIT_TIMER, 0, 0, 0,
                             "time slice over: next guest", 0);
            mon->in_slice = false;
            mon->rr = (mon->rr + 1) % mon->ng;
            if (mon->hook_stop) {
                mirror(mon, g);
                return MON_STOP_EXIT;
            }
        }
    }
}

enum mon_stop mon_step(struct mon *mon)
{
    mon->stepping = true;
    enum mon_stop s = mon_run_until(mon, UINT64_MAX);
    mon->stepping = false;
    return s;
}

bool mon_run(struct mon *mon, uint64_t until)
{
    enum mon_stop s;
    do
        s = mon_run_until(mon, until);
    while (s != MON_STOP_DONE && s != MON_STOP_LIMIT);
    return s == MON_STOP_DONE;
}

void mon_set_exit_hook(struct mon *mon, bool (*fn)(void *ctx, const struct mon_exit *e), void *ctx)
{
    mon->exit_hook = fn;
    mon->exit_hook_ctx = ctx;
}

size_t mon_current_guest(const struct mon *mon) { return mon->rr; }
uint64_t mon_exit_total(const struct mon *mon) { return mon->log_total; }

bool mon_exit_get(const struct mon *mon, uint64_t i, struct mon_exit *e)
{
    if (i >= mon->log_total || mon->log_total - i > mon->log_count)
        return false;                  /* not logged yet, or already overwritten */
    size_t cap = mon->cfg.log_capacity;
    size_t back = (size_t)(mon->log_total - i);   /* 1 = the newest */
    *e = mon->log[(mon->log_head + cap - back) % cap];
    return true;
}

void mon_free(struct mon *mon)
{
    if (!mon)
        return;
    for (size_t i = 0; i < mon->ng; i++) {
        struct guest *g = mon->g[i];
        vdev_destroy(g);
        evq_free(&g->evq);
        image_free(&g->image);
        free(g->tlb);
        free(g);
    }
    free(mon->g);
    free(mon->log);
    machine_free(mon->m);
    free(mon);
}

/* ---- looking at it ---------------------------------------------------- */

size_t mon_guest_count(const struct mon *mon) { return mon->ng; }
const char *mon_guest_name(const struct mon *mon, size_t g) { return mon->g[g]->name; }
enum mon_guest_state mon_guest_state(const struct mon *mon, size_t g) { return mon->g[g]->state; }
uint32_t mon_guest_exit_status(const struct mon *mon, size_t g) { return mon->g[g]->exit_status; }
struct machine *mon_machine(struct mon *mon) { return mon->m; }
uint32_t mon_guest_reg(const struct mon *mon, size_t g, unsigned r) { return r < 16 ? mon->g[g]->r[r] : 0; }
uint32_t mon_guest_pc(const struct mon *mon, size_t g) { return mon->g[g]->pc; }
uint32_t mon_guest_ram_base(const struct mon *mon, size_t g) { return mon->g[g]->ram_base; }
uint32_t mon_guest_ram_size(const struct mon *mon, size_t g) { return mon->g[g]->ram_size; }
uint32_t mon_guest_shadow_root(const struct mon *mon, size_t g) { return shadow_current_root(mon->g[g]); }
unsigned mon_guest_tlb_size(const struct mon *mon, size_t g) { return mon->g[g]->tlb_n; }

bool mon_guest_tlb_entry(const struct mon *mon, size_t g, unsigned i, uint32_t *vpn, uint32_t *pte)
{
    const struct guest *gu = mon->g[g];
    if (i >= gu->tlb_n || !gu->tlb[i].valid)
        return false;
    *vpn = gu->tlb[i].vpn;
    *pte = gu->tlb[i].pte;
    return true;
}

uint32_t mon_guest_cr(const struct mon *mon, size_t g, unsigned cr)
{
    const struct guest *gu = mon->g[g];
    switch (cr) {
    case ISA_CR_CYCLE:  return (uint32_t)gu->vtime;
    case ISA_CR_CYCLEH: return (uint32_t)(gu->vtime >> 32);
    case ISA_CR_IPEND:  return gu->ipend;
    default:            return cr < ISA_CR_COUNT ? gu->cr[cr] : 0;
    }
}

void mon_guest_stats(const struct mon *mon, size_t g, struct mon_guest_stats *st)
{
    *st = mon->g[g]->st;
    st->vcycles = mon->g[g]->vtime;
    st->instret = mon->g[g]->instret;
}

size_t mon_exit_log(const struct mon *mon, const struct mon_exit **first_part, size_t *n1,
                    const struct mon_exit **second_part, size_t *n2)
{
    size_t cap = mon->cfg.log_capacity, start = (mon->log_head + cap - mon->log_count) % cap;
    *first_part = &mon->log[start];
    *n1 = start + mon->log_count <= cap ? mon->log_count : cap - start;
    *second_part = mon->log;
    *n2 = mon->log_count - *n1;
    return mon->log_count;
}

void mon_format_exit_json(const struct mon *mon, const struct mon_exit *e, char *buf, size_t len)
{
    char dis[160] = "";
    if (e->insn)
        isa_disasm(e->insn, e->pc, NULL, dis, sizeof dis);
    for (char *p = dis; *p; p++)       /* JSON-safe: the disassembly has no quotes */
        if (*p == '"' || *p == '\\')
            *p = '\'';
    const char *cause = isa_cause_name(e->cause);
    snprintf(buf, len,
             "{\"cycle\":%" PRIu64 ",\"guest\":\"%s\",\"pc\":\"0x%08x\",\"mode\":\"%s\","
             "\"reason\":\"%s\",\"insn\":\"0x%08x\",\"disasm\":\"%s\",\"cause\":\"%s\","
             "\"addr\":\"0x%08x\",\"action\":\"%s\",\"cost\":%u,"
             "\"next_pc\":\"0x%08x\",\"next_mode\":\"%s\"}",
             e->cycle, mon->g[e->guest]->name, e->pc, e->user ? "user" : "kernel",
             mon_exit_tag(e->reason), e->insn, dis, cause ? cause : "", e->addr, e->action, e->cost,
             e->next_pc, e->next_user ? "user" : "kernel");
}

uint64_t mon_guest_memory_hash(const struct mon *mon, size_t g)
{
    const struct guest *gu = mon->g[g];
    const uint8_t *p = machine_ram(mon->m, gu->ram_base, gu->ram_size);
    uint64_t h = 0xcbf29ce484222325ull;
    for (uint32_t i = 0; p && i < gu->ram_size; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

static const char *state_name(enum mon_guest_state s)
{
    switch (s) {
    case MON_GUEST_RUNNING: return "running";
    case MON_GUEST_EXITED:  return "exited";
    case MON_GUEST_HALTED:  return "halted";
    case MON_GUEST_CRASHED: return "crashed";
    case MON_GUEST_IDLE:    return "idle";
    }
    return "?";
}

void mon_print_stats(const struct mon *mon, FILE *out)
{
    fprintf(out, "--- simmon monitor statistics (real cycles %" PRIu64 ") ---\n",
            machine_cycles(mon->m));
    fprintf(out, "%-6s %-12s %12s %12s %12s %12s %9s\n", "guest", "state", "instructions",
            "virtual cyc", "guest cyc", "monitor cyc", "overhead");
    for (size_t i = 0; i < mon->ng; i++) {
        struct mon_guest_stats st;
        mon_guest_stats(mon, i, &st);
        char state[32];
        snprintf(state, sizeof state, "%s(%u)", state_name(mon->g[i]->state), mon->g[i]->exit_status);
        double ovh = st.vcycles ? (double)(st.guest_cycles + st.monitor_cycles) / (double)st.vcycles : 0;
        fprintf(out, "%-6s %-12s %12" PRIu64 " %12" PRIu64 " %12" PRIu64 " %12" PRIu64 " %8.2fx\n",
                mon->g[i]->name, state, st.instret, st.vcycles, st.guest_cycles, st.monitor_cycles, ovh);
    }
    fprintf(out, "exits by reason:\n");
    for (int r = 0; r < MON_EXIT_COUNT; r++) {
        fprintf(out, "  %-11s", mon_exit_tag((enum mon_exit_reason)r));
        for (size_t i = 0; i < mon->ng; i++)
            fprintf(out, " %10" PRIu64, mon->g[i]->st.exits[r]);
        fprintf(out, "   %s\n", mon_exit_doc((enum mon_exit_reason)r));
    }
    fprintf(out, "  %-11s", "shadow fill");
    for (size_t i = 0; i < mon->ng; i++)
        fprintf(out, " %10" PRIu64, mon->g[i]->st.shadow_fills);
    fprintf(out, "   shadow entries filled\n  %-11s", "tlb flush");
    for (size_t i = 0; i < mon->ng; i++)
        fprintf(out, " %10" PRIu64, mon->g[i]->st.tlb_flushes);
    fprintf(out, "   virtual TLB flushes (tlbia, PTBR writes)\n");
    for (size_t i = 0; i < mon->ng; i++)
        fprintf(out, "%s memory hash %016" PRIx64 "\n", mon->g[i]->name, mon_guest_memory_hash(mon, i));
    fprintf(out, "(virtual cycles = what the bare machine counts for the same run; overhead =\n"
                 " (guest + monitor cycles) / virtual cycles)\n");
}
