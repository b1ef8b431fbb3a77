/*
 * dbg_vm.c - debugging guests under the monitor (`simmon debug --vm`).
 *
 * Owns: the session's monitor (built from the --vm specs, rebuilt by
 * `run`), the backend that runs it (mon_run_until / mon_step, their stops
 * mapped onto the engine's machine_stop codes), the exit hook (`catch
 * exit`, and breakpoints at the pc an exit sends the guest to), the exit
 * log as the debugger shows it, the page-table sources "guest" and
 * "shadow", `info vm`, the guest view of memory for x/print/disassembly,
 * the $v... variables, and the guests' consoles.  Reads the monitor only
 * through monitor/monitor.h and the machine through sim/machine.h; must
 * not change what the guests do: every view here is side-effect free, and
 * virtual time does not depend on how the debugger stops and resumes.
 *
 * What the real CPU shows.  At every stop the monitor copies the current
 * guest's registers and pc onto the real CPU, so the engine's views
 * (info registers, x/i $pc, bt, stepping) see the guest.  Its control
 * registers stay the real ones (user mode, PTBR = a shadow root): the
 * guest's virtual ones come from mon_guest_cr ($vstatus, info vm).
 *
 * Breakpoints.  They are set on the real machine at guest-virtual pcs (the
 * real MMU walks shadow tables that map guest-virtual addresses).  The
 * machine never stops at the pc a run starts from, and the monitor starts
 * a new run after each exit: so a breakpoint on the pc an exit sends the
 * guest to (a trap handler, the instruction after an emulated one, the
 * target of an eret) would be missed.  The exit hook checks that pc
 * against the breakpoints pushed to the machine (d->active_bps) and stops.
 *
 * The exit log's pc.  The monitor records each exit with the guest's pc
 * and mode AFTER it handled the exit (the emulated instruction's
 * successor, the handler a trap was reflected to).  The hook runs while
 * the real CPU still holds the trapping pc, so it keeps, per exit, where
 * the guest was (VM_LOG of them, as many as the monitor's log keeps) and
 * the virtual mode it was in (the mode cannot change without an exit).
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "debugger/dbg.h"
#include "isa/disasm.h"
#include "monitor/monitor.h"

#define VM_LOG 16384           /* exits kept, by the monitor and here */
#define VM_GUESTS 8

struct vm_side {               /* what the monitor's exit record lacks */
    uint64_t num;              /* 0: empty slot */
    uint32_t pc;               /* where the guest was when it exited */
    bool user;                 /* its virtual mode then */
    bool has_insn;
    uint32_t insn;
};

struct vm_guest {
    struct dbg_vm *v;
    struct dbg_vm_spec spec;   /* owned; its image is in d->img while in view */
    struct dbg_source *sources;   /* its source-file cache, while not in view */
    int index;
    bool midline;              /* its console line is unfinished */
    bool user;                 /* virtual mode after its last exit */
    bool announced;            /* its end was reported */
};

struct dbg_vm {
    struct dbg *d;
    struct mon *mon;
    struct mon_config cfg;
    struct vm_guest g[VM_GUESTS];
    size_t ng;
    struct vm_side *side;
    struct dbg_exit_source xs;
    char reasons[200];
    size_t view;               /* the guest whose registers the real CPU shows */
    size_t img_guest;          /* whose image (symbols, lines) d->img holds */
    int console_last;          /* the guest that wrote to the console last, -1 */
    /* the run or step in progress */
    bool stepping, bp_stop;
    size_t hook_guest;         /* the guest of the exit the hook stopped at */
    size_t last_guest;         /* the guest of the newest exit */
    bool marked, ran;          /* step notes: exits since step_mark, unless a run */
    uint64_t step_mark;
};

static const char *const state_names[] = { "running", "exited", "halted", "crashed", "idle" };

static const char *state_name(enum mon_guest_state s)
{
    return (unsigned)s < sizeof state_names / sizeof state_names[0] ? state_names[s] : "?";
}

/* ---- the guests' consoles ---------------------------------------------- */

static void file_out(void *ctx, uint8_t b) { fputc(b, (FILE *)ctx); }

/* One guest: straight to the debugger's console; several: each line
 * behind "[name] ", as `simmon run` shows them. */
static void guest_console(void *ctx, uint8_t b)
{
    struct vm_guest *g = ctx;
    struct dbg_vm *v = g->v;
    if (v->ng == 1) {
        dbg_console_byte(v->d, b);
        return;
    }
    if (v->console_last >= 0 && v->console_last != g->index && v->g[v->console_last].midline) {
        dbg_console_byte(v->d, '\n');
        v->g[v->console_last].midline = false;
    }
    if (g->midline && !v->d->console_fn && !v->d->console_midline)
        g->midline = false;            /* the debugger's output ended the line */
    if (!g->midline) {
        const char *name = mon_guest_name(v->mon, (size_t)g->index);
        dbg_console_byte(v->d, '[');
        for (const char *p = name; *p; p++)
            dbg_console_byte(v->d, (uint8_t)*p);
        dbg_console_byte(v->d, ']');
        dbg_console_byte(v->d, ' ');
    }
    dbg_console_byte(v->d, b);
    g->midline = b != '\n';
    v->console_last = g->index;
}

/* ---- memory as the guest sees it --------------------------------------- */

static const char *device_at(uint32_t gpa)
{
    switch (gpa & ~0xFFFu) {
    case ISA_DEV_CONSOLE: return "console";
    case ISA_DEV_TIMER:   return "timer";
    case ISA_DEV_DISK:    return "disk";
    case ISA_DEV_POWER:   return "power/test";
    default:              return NULL;
    }
}

/* Guest-physical gpa of guest g in real RAM. */
static bool gpa_to_host(const struct dbg_vm *v, size_t g, uint32_t addr, uint32_t gpa, uint32_t *hpa,
                        char *err, size_t errlen)
{
    uint32_t size = mon_guest_ram_size(v->mon, g);
    if (gpa < size) {
        *hpa = mon_guest_ram_base(v->mon, g) + gpa;
        return true;
    }
    const char *dev = device_at(gpa);
    if (dev)
        snprintf(err, errlen, "cannot access 0x%08x: that is the guest's %s (guest-physical 0x%08x), "
                 "emulated by the monitor; the debugger never touches device registers", addr, dev, gpa);
    else
        snprintf(err, errlen, "cannot access 0x%08x: no guest RAM at guest-physical 0x%08x (%s has "
                 "0x00000000-0x%08x)", addr, gpa, mon_guest_name(v->mon, g), size - 1);
    return false;
}

static uint32_t rd32(const struct machine *m, uint32_t pa, bool *ok)
{
    uint8_t b[4];
    *ok = (pa & 3) == 0 && machine_phys_read(m, pa, b, 4);
    return *ok ? (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24 : 0;
}

/* The guest's own walk of its tables (SPEC.md section 6), reading guest-
 * physical memory; no A/D bits are set. */
static bool guest_walk(const struct dbg_vm *v, size_t g, uint32_t va, uint32_t *gpa, char *why, size_t len)
{
    struct machine *m = mon_machine(v->mon);
    uint32_t size = mon_guest_ram_size(v->mon, g), base = mon_guest_ram_base(v->mon, g);
    if (!(mon_guest_cr(v->mon, g, ISA_CR_STATUS) & ISA_STATUS_PG)) {
        *gpa = va;                     /* paging off */
        return true;
    }
    uint32_t l1 = (mon_guest_cr(v->mon, g, ISA_CR_PTBR) & ~0xFFFu) + (va >> 22) * 4, p1, p2;
    bool ok;
    p1 = l1 < size ? rd32(m, base + l1, &ok) : (ok = false, 0);
    if (!ok || !isa_pte_is_pointer(p1)) {
        snprintf(why, len, "the guest's L1 entry %u is %s", va >> 22, !ok ? "outside its RAM"
                 : !(p1 & ISA_PTE_V) ? "not valid" : "malformed");
        return false;
    }
    uint32_t l2 = (p1 & ~0xFFFu) + ((va >> 12) & 0x3FF) * 4;
    p2 = l2 < size ? rd32(m, base + l2, &ok) : (ok = false, 0);
    if (!ok || !isa_pte_is_leaf(p2)) {
        snprintf(why, len, "the guest's L2 entry %u is %s", (va >> 12) & 0x3FF, !ok ? "outside its RAM"
                 : !(p2 & ISA_PTE_V) ? "not valid" : "malformed");
        return false;
    }
    *gpa = (p2 & ~0xFFFu) | (va & 0xFFFu);
    return true;
}

/* A guest-virtual address: the shadow entry if there is one (what the
 * guest sees now, stale entries included), else the guest's tables. */
static bool gva_to_host(const struct dbg_vm *v, size_t g, uint32_t va, uint32_t *hpa, char *err,
                        size_t errlen)
{
    struct machine *m = mon_machine(v->mon);
    uint32_t root = mon_guest_shadow_root(v->mon, g), base = mon_guest_ram_base(v->mon, g);
    uint32_t size = mon_guest_ram_size(v->mon, g), gpa;
    bool ok;
    uint32_t p1 = rd32(m, root + (va >> 22) * 4, &ok);
    if (ok && (p1 & ISA_PTE_V)) {
        uint32_t p2 = rd32(m, (p1 & ~0xFFFu) + ((va >> 12) & 0x3FF) * 4, &ok);
        uint32_t frame = p2 & ~0xFFFu;
        if (ok && (p2 & ISA_PTE_V) && frame >= base && frame - base < size) {
            *hpa = frame | (va & 0xFFFu);
            return true;
        }
    }
    char why[120];
    if (!guest_walk(v, g, va, &gpa, why, sizeof why)) {
        snprintf(err, errlen, "cannot access 0x%08x: not mapped (%s)", va, why);
        return false;
    }
    return gpa_to_host(v, g, va, gpa, hpa, err, errlen);
}

static bool vm_mem_pa(void *ctx, uint32_t addr, bool phys, uint32_t *pa, char *err, size_t errlen)
{
    struct dbg_vm *v = ctx;
    if (phys)                          /* physical = the guest's physical */
        return gpa_to_host(v, v->view, addr, addr, pa, err, errlen);
    return gva_to_host(v, v->view, addr, pa, err, errlen);
}

/* $vstatus, $vptbr ... (the guest's virtual control registers), $vcycles,
 * $vinstret, $guest. */
static bool vm_var(void *ctx, const char *name, uint32_t *val)
{
    struct dbg_vm *v = ctx;
    struct mon_guest_stats st;
    if (strcmp(name, "guest") == 0) {
        *val = (uint32_t)v->view;
        return true;
    }
    if (name[0] != 'v')
        return false;
    mon_guest_stats(v->mon, v->view, &st);
    if (strcmp(name, "vcycles") == 0) {
        *val = (uint32_t)st.vcycles;
        return true;
    }
    if (strcmp(name, "vinstret") == 0) {
        *val = (uint32_t)st.instret;
        return true;
    }
    int cr = isa_cr_lookup(name + 1);
    if (cr < 0)
        return false;
    *val = mon_guest_cr(v->mon, v->view, (unsigned)cr);
    return true;
}

/* ---- page-table sources ------------------------------------------------ */

static void guest_root(void *ctx, uint32_t *root, bool *enabled)
{
    struct dbg_vm *v = ctx;
    *root = mon_guest_cr(v->mon, v->view, ISA_CR_PTBR) & ~0xFFFu;
    *enabled = (mon_guest_cr(v->mon, v->view, ISA_CR_STATUS) & ISA_STATUS_PG) != 0;
}

static bool guest_read(void *ctx, uint32_t gpa, uint32_t *word)
{
    struct dbg_vm *v = ctx;
    uint32_t size = mon_guest_ram_size(v->mon, v->view);
    bool ok = gpa < size && size - gpa >= 4;
    if (ok)
        *word = rd32(mon_machine(v->mon), mon_guest_ram_base(v->mon, v->view) + gpa, &ok);
    return ok;
}

static bool guest_to_host(void *ctx, uint32_t gpa, uint32_t *host)
{
    struct dbg_vm *v = ctx;
    if (gpa >= mon_guest_ram_size(v->mon, v->view))
        return false;
    *host = mon_guest_ram_base(v->mon, v->view) + gpa;
    return true;
}

static void shadow_root(void *ctx, uint32_t *root, bool *enabled)
{
    struct dbg_vm *v = ctx;
    *root = mon_guest_shadow_root(v->mon, v->view);
    *enabled = true;                   /* the real MMU always translates a guest */
}

static bool shadow_read(void *ctx, uint32_t pa, uint32_t *word)
{
    struct dbg_vm *v = ctx;
    bool ok;
    *word = rd32(mon_machine(v->mon), pa, &ok);
    return ok;
}

/* ---- the exit hook ------------------------------------------------------- */

static bool active_bp(const struct dbg *d, uint32_t pc)
{
    for (size_t i = 0; i < d->nactive_bps; i++)
        if (d->active_bps[i] == pc)
            return true;
    return false;
}

static void announce_end(struct dbg_vm *v, size_t g)
{
    enum mon_guest_state st = mon_guest_state(v->mon, g);
    uint32_t status = mon_guest_exit_status(v->mon, g);
    struct mon_guest_stats s;
    mon_guest_stats(v->mon, g, &s);
    const char *cause = isa_cause_name(status);
    char how[96];
    switch (st) {
    case MON_GUEST_EXITED: snprintf(how, sizeof how, "exited with status %u", status); break;
    case MON_GUEST_HALTED: snprintf(how, sizeof how, "halted"); break;
    case MON_GUEST_CRASHED:
        snprintf(how, sizeof how, "crashed: unhandled trap%s%s", cause ? " " : "", cause ? cause : "");
        break;
    case MON_GUEST_IDLE: snprintf(how, sizeof how, "stopped: wfi with nothing to wake it"); break;
    case MON_GUEST_RUNNING: snprintf(how, sizeof how, "still running"); break;
    }
    dbg_printf(v->d, "[guest %s %s: %" PRIu64 " instructions, %" PRIu64 " virtual cycles]\n",
               mon_guest_name(v->mon, g), how, s.instret, s.vcycles);
    v->g[g].announced = true;
}

static bool vm_exit_hook(void *ctx, const struct mon_exit *e)
{
    struct dbg_vm *v = ctx;
    struct dbg *d = v->d;
    struct vm_guest *g = &v->g[e->guest];
    uint64_t num = mon_exit_total(v->mon);        /* this one, counted from 1 */
    uint32_t pc = e->pc;               /* where the exit happened */
    struct vm_side *s = &v->side[num % VM_LOG];
    *s = (struct vm_side){ num, pc, e->user, e->insn != 0, e->insn };
    if (!e->insn && (e->reason == MON_EXIT_SHADOW || e->reason == MON_EXIT_PAGE_FAULT)) {
        uint32_t hpa;                  /* a fetch fault: read it now, if it is mapped */
        char err[200];
        if (gva_to_host(v, (size_t)e->guest, pc, &hpa, err, sizeof err))
            s->has_insn = machine_phys_read(mon_machine(v->mon), hpa, &s->insn, 4);
    }
    g->user = e->next_user;
    v->last_guest = (size_t)e->guest;
    if (v->ng > 1 && !g->announced && mon_guest_state(v->mon, (size_t)e->guest) != MON_GUEST_RUNNING)
        announce_end(v, (size_t)e->guest);
    if (!d->trap_caught)
        for (size_t i = 0; i < d->npoints; i++) {
            struct dbg_point *p = &d->points[i];
            if (p->kind == DBG_CATCH_EXIT && p->enabled && (p->cause < 0 || p->cause == (int)e->reason)) {
                d->trap_caught = true;
                d->caught_point = p->num;
                d->caught_exit = num;
                p->hits++;
                v->hook_guest = (size_t)e->guest;
                return true;
            }
        }
    if (e->next_pc != pc && active_bp(d, e->next_pc) &&
        mon_guest_state(v->mon, (size_t)e->guest) == MON_GUEST_RUNNING) {
        v->bp_stop = true;             /* the exit sent the guest to a breakpoint */
        v->hook_guest = (size_t)e->guest;
        return true;
    }
    return false;
}

/* ---- building and running the monitor ------------------------------------ */

/* The guest in view: its image gives the symbols and source lines (each
 * guest may run another kernel).  d->img and d->sources travel together. */
static void set_view(struct dbg_vm *v, size_t g)
{
    struct dbg *d = v->d;
    v->view = g;
    if (g == v->img_guest)
        return;
    struct vm_guest *old = &v->g[v->img_guest], *now = &v->g[g];
    old->spec.img = d->img;
    old->sources = d->sources;
    d->img = now->spec.img;
    d->sources = now->sources;
    image_init(&now->spec.img);
    now->sources = NULL;
    v->img_guest = g;
    d->list_valid = false;
}

/* The real CPU shows guest g (the monitor does this at its own stops). */
static void show_guest(struct dbg_vm *v, size_t g)
{
    struct machine *m = mon_machine(v->mon);
    set_view(v, g);
    for (unsigned r = 1; r < ISA_NREGS; r++)
        machine_set_reg(m, r, mon_guest_reg(v->mon, g, r));
    machine_set_pc(m, mon_guest_pc(v->mon, g));
}

static bool vm_build(struct dbg_vm *v, char *err, size_t errlen)
{
    struct mon *mon = mon_new(&v->cfg);
    if (!mon) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (size_t i = 0; i < v->ng; i++) {
        struct vm_guest *g = &v->g[i];
        struct mon_guest_config gc;
        memset(&gc, 0, sizeof gc);
        gc.image = i == v->img_guest ? &v->d->img : &g->spec.img;
        memcpy(gc.name, g->spec.name, sizeof gc.name);
        gc.ram_size = g->spec.ram_size;
        memcpy(gc.disk_path, g->spec.disk_path, sizeof gc.disk_path);
        gc.input = g->spec.input;
        gc.input_len = g->spec.input_len;
        gc.out_fn = g->spec.out ? file_out : guest_console;
        gc.out_ctx = g->spec.out ? (void *)g->spec.out : (void *)g;
        if (!mon_add_guest(mon, &gc, err, errlen)) {
            mon_free(mon);
            return false;
        }
    }
    if (!mon_start(mon, err, errlen)) {
        mon_free(mon);
        return false;
    }
    mon_set_exit_hook(mon, vm_exit_hook, v);
    mon_free(v->mon);
    v->mon = mon;
    v->d->m = mon_machine(mon);
    memset(v->side, 0, VM_LOG * sizeof *v->side);
    v->console_last = -1;
    v->last_guest = 0;
    v->marked = v->ran = false;
    for (size_t i = 0; i < v->ng; i++) {
        v->g[i].midline = v->g[i].user = v->g[i].announced = false;
    }
    show_guest(v, 0);
    return true;
}

static bool vm_restart(void *ctx, char *err, size_t errlen) { return vm_build(ctx, err, errlen); }

static enum machine_stop vm_stopped(struct dbg_vm *v, enum mon_stop s)
{
    switch (s) {
    case MON_STOP_DONE:
        show_guest(v, v->last_guest);  /* the monitor does not copy it here */
        return MACHINE_EXITED;
    case MON_STOP_LIMIT:
        return MACHINE_RUNNING;
    case MON_STOP_BREAKPOINT:
        set_view(v, mon_current_guest(v->mon));
        return MACHINE_BREAKPOINT;
    case MON_STOP_WATCHPOINT:
        set_view(v, mon_current_guest(v->mon));
        return MACHINE_WATCHPOINT;
    case MON_STOP_STEP:
        set_view(v, mon_current_guest(v->mon));
        return MACHINE_STEPPED;
    case MON_STOP_EXIT:                /* the hook: a caught exit, or a breakpoint after one */
        set_view(v, v->hook_guest);
        return v->bp_stop && !v->stepping ? MACHINE_BREAKPOINT : MACHINE_STEPPED;
    case MON_STOP_INTERRUPTED:
        set_view(v, mon_current_guest(v->mon));
        return MACHINE_INTERRUPTED;
    }
    return MACHINE_STEPPED;
}

static enum machine_stop vm_run(void *ctx, uint64_t until)
{
    struct dbg_vm *v = ctx;
    v->stepping = v->bp_stop = false;
    v->ran = true;
    /* The screen wants to redraw while a long run goes on: slices (each
     * costs the guest one more VM entry in real cycles, never virtual
     * ones).  Without a screen, one run: the real cycles of `simmon run`. */
    uint64_t now = machine_cycles(mon_machine(v->mon));
    if (v->d->progress && until > now && until - now > MACHINE_SLICE)
        until = now + MACHINE_SLICE;
    return vm_stopped(v, mon_run_until(v->mon, until));
}

static enum machine_stop vm_step(void *ctx)
{
    struct dbg_vm *v = ctx;
    v->stepping = true;
    v->bp_stop = false;
    if (!v->marked) {
        v->marked = true;
        v->step_mark = mon_exit_total(v->mon);
    }
    enum machine_stop why = vm_stopped(v, mon_step(v->mon));
    v->stepping = false;
    return why;
}

static void free_sources(struct dbg_source *src, size_t n)
{
    for (size_t i = 0; src && i < n; i++) {
        free(src[i].text);
        free(src[i].lines);
    }
    free(src);
}

static void vm_destroy(void *ctx)
{
    struct dbg_vm *v = ctx;
    mon_free(v->mon);
    for (size_t i = 0; i < v->ng; i++) {
        free_sources(v->g[i].sources, v->g[i].spec.img.nfiles);   /* d->img's go with d */
        image_free(&v->g[i].spec.img);
        free(v->g[i].spec.input);
        if (v->g[i].spec.out)
            fclose(v->g[i].spec.out);
    }
    free(v->side);
    free(v);
}

/* ---- the exit log ------------------------------------------------------------ */

static uint64_t xs_count(void *ctx) { struct dbg_vm *v = ctx; return mon_exit_total(v->mon); }

static bool xs_get(void *ctx, uint64_t num, struct dbg_exit_rec *r)
{
    struct dbg_vm *v = ctx;
    struct mon_exit e;
    if (num == 0 || !mon_exit_get(v->mon, num - 1, &e))
        return false;
    const struct vm_side *s = &v->side[num % VM_LOG];
    bool known = s->num == num;
    *r = (struct dbg_exit_rec){
        num, e.cycle, mon_guest_name(v->mon, (size_t)e.guest), e.pc, e.next_pc,
        e.user, mon_exit_tag(e.reason), known ? s->has_insn : e.insn != 0,
        known ? s->insn : e.insn, e.addr, e.action, e.cost,
    };
    return true;
}

static int xs_reason(void *ctx, const char *name)
{
    (void)ctx;
    for (int r = 0; r < MON_EXIT_COUNT; r++)
        if (strcasecmp(name, mon_exit_tag((enum mon_exit_reason)r)) == 0)
            return r;
    return -1;
}

static const char *xs_reason_name(void *ctx, int r)
{
    (void)ctx;
    return mon_exit_tag((enum mon_exit_reason)r);
}

static const char *xs_guest_name(void *ctx) { const struct dbg_vm *v = ctx; return mon_guest_name(v->mon, v->view); }

static uint32_t xs_vcr(void *ctx, unsigned cr) { struct dbg_vm *v = ctx; return mon_guest_cr(v->mon, v->view, cr); }

static bool xs_vtlb(void *ctx, uint32_t vpn, uint32_t *pte)
{
    struct dbg_vm *v = ctx;
    unsigned n = mon_guest_tlb_size(v->mon, v->view);
    for (unsigned i = 0; i < n; i++) {
        uint32_t e_vpn, e_pte;
        if (mon_guest_tlb_entry(v->mon, v->view, i, &e_vpn, &e_pte) && e_vpn == vpn) {
            *pte = e_pte;
            return true;
        }
    }
    return false;
}

static uint32_t xs_guest_ram(void *ctx) { struct dbg_vm *v = ctx; return mon_guest_ram_size(v->mon, v->view); }

/* At a stop: which guest (when several run), and the exits the steps
 * since the last stop went through (a step may be one exit handled). */
static void xs_stop_note(void *ctx, enum dbg_stop_kind k)
{
    struct dbg_vm *v = ctx;
    struct dbg *d = v->d;
    if (v->ng > 1)
        dbg_printf(d, "[guest %s]\n", mon_guest_name(v->mon, v->view));
    uint64_t now = mon_exit_total(v->mon);
    if (v->marked && !v->ran && now > v->step_mark && k != DBG_STOP_CATCH) {   /* a catch says it */
        if (now - v->step_mark > 3) {
            dbg_printf(d, "(%" PRIu64 " VM exits handled on the way: info exits %" PRIu64 ")\n",
                       now - v->step_mark, now - v->step_mark);
        } else {
            for (uint64_t n = v->step_mark + 1; n <= now; n++) {
                struct dbg_exit_rec r;
                if (xs_get(v, n, &r))
                    dbg_printf(d, "(VM exit %" PRIu64 ", %s at 0x%08x: %s)\n", r.num, r.reason, r.pc,
                               r.action);
            }
        }
    }
    v->marked = v->ran = false;
}

static void xs_report_end(void *ctx)
{
    struct dbg_vm *v = ctx;
    for (size_t i = 0; i < v->ng; i++)
        if (!v->g[i].announced)
            announce_end(v, i);
    dbg_printf(v->d, "[every guest has stopped; real cycle %" PRIu64 "]\n",
               machine_cycles(mon_machine(v->mon)));
    v->marked = v->ran = false;
}

/* ---- info vm --------------------------------------------------------------------- */

struct vcr_ctx {
    const struct dbg_vm *v;
    size_t g;
};

static uint32_t vcr_get(void *ctx, unsigned cr)
{
    const struct vcr_ctx *c = ctx;
    return mon_guest_cr(c->v->mon, c->g, cr);
}

static const char *space_name(uint32_t status)
{
    return !(status & ISA_STATUS_PG) ? "paging-off (identity)" : (status & ISA_STATUS_UM) ? "user" : "kernel";
}

static void describe_guest(struct dbg_vm *v, size_t g)
{
    struct dbg *d = v->d;
    struct mon_guest_stats st;
    mon_guest_stats(v->mon, g, &st);
    uint32_t status = mon_guest_cr(v->mon, g, ISA_CR_STATUS), pc = mon_guest_pc(v->mon, g);
    char sym[160], state[64];
    enum mon_guest_state gs = mon_guest_state(v->mon, g);
    if (gs == MON_GUEST_EXITED)
        snprintf(state, sizeof state, "exited (status %u)", mon_guest_exit_status(v->mon, g));
    else
        snprintf(state, sizeof state, "%s", state_name(gs));
    dbg_printf(d, "%s: %s, virtual %s mode, pc 0x%08x%s%s%s\n", mon_guest_name(v->mon, g), state,
               status & ISA_STATUS_UM ? "user" : "kernel", pc,
               dbg_symbolize(d, pc, sym, sizeof sym)[0] ? " " : "", sym,
               g == v->view ? "  (in view)" : "");
    dbg_printf(d, "  virtual control registers:\n");
    struct vcr_ctx c = { v, g };
    dbg_print_crs(d, "    ", vcr_get, &c, st.vcycles);
    double ovh = st.vcycles ? (double)(st.guest_cycles + st.monitor_cycles) / (double)st.vcycles : 0;
    dbg_printf(d, "  time          virtual cycles %" PRIu64 " (the bare machine's count); real: guest %"
               PRIu64 " + monitor %" PRIu64 " (%.2fx)\n", st.vcycles, st.guest_cycles,
               st.monitor_cycles, ovh);
    dbg_printf(d, "  instructions  %" PRIu64 "\n", st.instret);
    uint64_t total = 0;
    for (int r = 0; r < MON_EXIT_COUNT; r++)
        total += st.exits[r];
    dbg_printf(d, "  exits         %" PRIu64 "", total);
    const char *sep = ": ";
    for (int r = 0; r < MON_EXIT_COUNT; r++)
        if (st.exits[r]) {
            dbg_printf(d, "%s%s %" PRIu64, sep, mon_exit_tag((enum mon_exit_reason)r), st.exits[r]);
            sep = ", ";
        }
    dbg_printf(d, "\n  shadow        %" PRIu64 " fill%s, %" PRIu64 " virtual TLB flush%s, %" PRIu64
               " interrupt%s injected; on the %s space, root 0x%08x\n", st.shadow_fills,
               st.shadow_fills == 1 ? "" : "s", st.tlb_flushes, st.tlb_flushes == 1 ? "" : "es",
               st.injected, st.injected == 1 ? "" : "s", space_name(status),
               mon_guest_shadow_root(v->mon, g));
    uint32_t base = mon_guest_ram_base(v->mon, g), size = mon_guest_ram_size(v->mon, g);
    dbg_printf(d, "  memory        guest-physical 0x00000000-0x%08x at host-physical 0x%08x-0x%08x\n",
               size - 1, base, base + (size - 1));
    unsigned n = mon_guest_tlb_size(v->mon, g), used = 0;
    for (unsigned i = 0; i < n; i++) {
        uint32_t vpn, pte;
        used += mon_guest_tlb_entry(v->mon, g, i, &vpn, &pte);
    }
    dbg_printf(d, "  virtual TLB   %u of %u entries (a shadow entry exists only for these pages)%s\n",
               used, n, used ? ":" : "");
    for (unsigned i = 0; i < n; i++) {
        uint32_t vpn, pte;
        char flags[32];
        if (mon_guest_tlb_entry(v->mon, g, i, &vpn, &pte))
            dbg_printf(d, "    %2u  0x%08x -> 0x%08x  %s\n", i, vpn << ISA_PAGE_SHIFT, pte & ~0xFFFu,
                       dbg_pte_flags(pte, flags, sizeof flags));
    }
}

static void xs_describe_vm(void *ctx)
{
    struct dbg_vm *v = ctx;
    dbg_printf(v->d, "Monitor: %zu guest%s, real cycle %" PRIu64 ", %" PRIu64 " VM exits, time slice %"
               PRIu64 " real cycles\n", v->ng, v->ng == 1 ? "" : "s",
               machine_cycles(mon_machine(v->mon)), mon_exit_total(v->mon), v->cfg.quantum);
    for (size_t g = 0; g < v->ng; g++)
        describe_guest(v, g);
}

/* ---- the session ---------------------------------------------------------------- */

struct dbg *dbg_new_vm(const struct machine_config *cfg, uint64_t quantum, struct dbg_vm_spec *specs,
                       size_t n, FILE *out, char *err, size_t errlen)
{
    struct dbg_vm *v = calloc(1, sizeof *v);
    if (v)
        v->side = calloc(VM_LOG, sizeof *v->side);
    for (size_t i = 0; i < n; i++) {   /* take the specs over, whatever happens */
        if (v && i < VM_GUESTS) {
            v->g[i].spec = specs[i];
        } else {
            image_free(&specs[i].img);
            free(specs[i].input);
            if (specs[i].out)
                fclose(specs[i].out);
        }
        memset(&specs[i], 0, sizeof specs[i]);
        image_init(&specs[i].img);
    }
    if (!v || !v->side || n == 0 || n > VM_GUESTS) {
        if (n == 0 || n > VM_GUESTS)
            snprintf(err, errlen, "from 1 to %d guests (--vm IMAGE), not %zu", VM_GUESTS, n);
        else
            snprintf(err, errlen, "out of memory");
        if (v) {
            v->ng = n < VM_GUESTS ? n : VM_GUESTS;
            vm_destroy(v);
        }
        return NULL;
    }
    v->ng = n;
    for (size_t i = 0; i < n; i++) {
        v->g[i].v = v;
        v->g[i].index = (int)i;
    }
    mon_config_default(&v->cfg);
    v->cfg.machine = *cfg;
    if (quantum)
        v->cfg.quantum = quantum;
    v->cfg.log_capacity = VM_LOG;
    struct dbg *d = dbg_new_session(cfg, NULL, 0, &v->g[0].spec.img,
                                    v->g[0].spec.path[0] ? v->g[0].spec.path : "vm0", out, err, errlen);
    if (!d) {
        vm_destroy(v);
        return NULL;
    }
    v->d = d;                          /* guest 0's image now lives in d->img */
    d->backend = (struct dbg_backend){
        v, vm_run, vm_step, vm_restart, vm_destroy, vm_mem_pa, vm_var,
        "the monitor keeps no snapshots (its guests' state is not part of a machine "
        "snapshot yet): reverse execution is not available under the monitor",
        "the guest's registers live in its vCPU, which the monitor loads at every entry; "
        "the debugger cannot change them yet",
    };
    size_t l = 0;
    for (int r = 0; r < MON_EXIT_COUNT; r++)
        l += (size_t)snprintf(v->reasons + l, sizeof v->reasons - l, "%s%s", r ? ", " : "",
                              mon_exit_tag((enum mon_exit_reason)r));
    v->xs = (struct dbg_exit_source){
        v, xs_count, xs_get, xs_describe_vm, xs_reason, xs_reason_name, v->reasons,
        xs_stop_note, xs_report_end, xs_guest_name, xs_vcr, xs_vtlb, xs_guest_ram,
    };
    dbg_set_exit_source(d, &v->xs);
    struct dbg_pt_source gs = { "guest", "the guest's own tables: root = its virtual PTBR, in "
                                "guest-physical memory", v, guest_root, guest_read, guest_to_host };
    struct dbg_pt_source ss = { "shadow", "the monitor's shadow table the real MMU walks for the guest "
                                "(host-physical)", v, shadow_root, shadow_read, NULL };
    dbg_add_pt_source(d, &gs);
    dbg_add_pt_source(d, &ss);
    for (size_t i = 1; i < n; i++) {   /* sources next to each guest's image */
        const char *slash = strrchr(v->g[i].spec.path, '/');
        char dir[1024];
        snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - v->g[i].spec.path) : 0,
                 v->g[i].spec.path);
        if (slash)
            dbg_add_source_dir(d, dir[0] ? dir : "/");
    }
    for (size_t i = 1; i < n; i++)     /* the others' source caches, for when they are in view */
        if (!(v->g[i].sources = calloc(v->g[i].spec.img.nfiles ? v->g[i].spec.img.nfiles : 1,
                                       sizeof *v->g[i].sources))) {
            snprintf(err, errlen, "out of memory");
            dbg_free(d);                   /* and v, through the backend */
            return NULL;
        }
    if (!vm_build(v, err, errlen)) {
        dbg_free(d);                   /* and v, through the backend */
        return NULL;
    }
    dbg_install_hooks(d);
    dbg_rev_reset(d);
    return d;
}
