/*
 * dbg_info.c - `info ...` and `backtrace`: the machine's state as text.
 *
 * Owns: the info subcommand table (dispatch, help and completion share
 * it), registers, control registers with STATUS decoded, the TLB with its
 * FIFO victim, the trap log, devices, symbols and lines, statistics, the
 * state digest used by the tests, the monitor's views (which answer that
 * the monitor is not attached until it registers an exit source), and
 * backtraces by frame pointer.  Must not change the machine: everything
 * here reads through the side-effect-free API.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/dbg.h"
#include "isa/disasm.h"

#define BT_DEPTH 64

char *dbg_status_text(uint32_t st, char *buf, size_t len)
{
    snprintf(buf, len, "%s mode  IE=%u PIE=%u PUM=%u PG=%u%s", (st & ISA_STATUS_UM) ? "user" : "kernel",
             !!(st & ISA_STATUS_IE), !!(st & ISA_STATUS_PIE), !!(st & ISA_STATUS_PUM),
             !!(st & ISA_STATUS_PG), (st & ISA_STATUS_PG) ? " (paging on)" : "");
    return buf;
}

static char *lines_text(uint32_t bits, char *buf, size_t len)
{
    static const char *const names[] = { "timer", "console", "disk" };
    buf[0] = '\0';
    if (!bits) {
        snprintf(buf, len, "lines: none");
        return buf;
    }
    size_t l = (size_t)snprintf(buf, len, "lines:");
    for (unsigned i = 0; i < 32 && l < len; i++)
        if (bits & (1u << i)) {
            if (i < 3)
                l += (size_t)snprintf(buf + l, len - l, " %u (%s)", i, names[i]);
            else
                l += (size_t)snprintf(buf + l, len - l, " %u", i);
        }
    return buf;
}

static void one_register(struct dbg *d, int r)
{
    char sym[160];
    uint32_t v = r < 0 ? machine_pc(d->m) : machine_reg(d->m, (unsigned)r);
    dbg_symbolize(d, v, sym, sizeof sym);
    if (r < 0)
        dbg_printf(d, "pc            0x%08x%s%s\n", v, sym[0] ? "  " : "", sym);
    else if (sym[0])
        dbg_printf(d, "%-4s  r%-2d     0x%08x  %-11d %s\n", isa_reg_abi[r], r, v, (int32_t)v, sym);
    else
        dbg_printf(d, "%-4s  r%-2d     0x%08x  %d\n", isa_reg_abi[r], r, v, (int32_t)v);
}

void dbg_info_registers(struct dbg *d)
{
    for (int r = 0; r < ISA_NREGS; r++)
        one_register(d, r);
    one_register(d, -1);
}

static bool info_registers(struct dbg *d, char *args)
{
    if (!*args) {
        dbg_info_registers(d);
        return true;
    }
    bool ok = true;
    char *save = NULL;
    for (char *tok = strtok_r(args, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
        const char *name = tok[0] == '$' ? tok + 1 : tok;
        int r = isa_reg_lookup(name);
        if (r >= 0)
            one_register(d, r);
        else if (strcmp(name, "pc") == 0)
            one_register(d, -1);
        else
            ok = dbg_error(d, "info registers: no register '%.40s' (control registers: info cr)", tok);
    }
    return ok;
}

void dbg_print_crs(struct dbg *d, const char *indent, uint32_t (*get)(void *ctx, unsigned cr),
                   void *ctx, uint64_t cycles)
{
    char text[200];
    for (unsigned cr = 0; cr < ISA_CR_COUNT; cr++) {
        uint32_t v = get(ctx, cr);
        char name[16];
        snprintf(name, sizeof name, "%s", isa_cr_name(cr));
        for (char *p = name; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        text[0] = '\0';
        switch (cr) {
        case ISA_CR_STATUS: dbg_status_text(v, text, sizeof text); break;
        case ISA_CR_CAUSE: {
            const char *n = isa_cause_name(v);
            snprintf(text, sizeof text, "%s", v == 0 ? "(none yet)" : n ? n : "(unknown cause)");
            break;
        }
        case ISA_CR_TVEC: if (!v) snprintf(text, sizeof text, "(no trap handler)"); break;
        case ISA_CR_CYCLE: snprintf(text, sizeof text, "(cycle %llu)", (unsigned long long)cycles); break;
        case ISA_CR_IPEND:
        case ISA_CR_IENABLE: lines_text(v, text, sizeof text); break;
        default: break;
        }
        dbg_printf(d, "%s%-9s 0x%08x%s%s\n", indent, name, v, text[0] ? "  " : "", text);
    }
}

static uint32_t real_cr(void *ctx, unsigned cr)
{
    const struct dbg *d = ctx;
    return machine_cr(d->m, cr);
}

void dbg_info_cr(struct dbg *d)
{
    if (d->exit_source)
        dbg_printf(d, "real CPU: the guest runs in user mode on shadow tables; `info vm` shows its "
                      "virtual registers\n");
    dbg_print_crs(d, "", real_cr, d, machine_cycles(d->m));
}

void dbg_info_tlb(struct dbg *d)
{
    unsigned n = machine_tlb_size(d->m), victim = machine_tlb_next_victim(d->m);
    uint32_t pc_vpn = machine_pc(d->m) >> ISA_PAGE_SHIFT;
    bool paging = machine_cr(d->m, ISA_CR_STATUS) & ISA_STATUS_PG;
    if (d->exit_source)
        dbg_printf(d, "(the real TLB: it caches shadow translations; info vm shows the guest's virtual "
                      "TLB)\n");
    dbg_printf(d, "TLB: %u entr%s, fully associative, FIFO replacement%s\n", n, n == 1 ? "y" : "ies",
               paging ? "" : " (paging is off: not in use)");
    dbg_printf(d, "slot  virtual page  physical page  flags\n");
    for (unsigned i = 0; i < n; i++) {
        uint32_t vpn, pte;
        char flags[32];
        if (machine_tlb_entry(d->m, i, &vpn, &pte))
            dbg_printf(d, "%4u  0x%08x    0x%08x     %s", i, vpn << ISA_PAGE_SHIFT, pte & ~0xFFFu,
                       dbg_pte_flags(pte, flags, sizeof flags));
        else
            dbg_printf(d, "%4u  -", i);
        if (i == victim)
            dbg_printf(d, "  <- next victim");
        if (paging && machine_tlb_entry(d->m, i, &vpn, &pte) && vpn == pc_vpn)
            dbg_printf(d, "  <- pc");
        dbg_printf(d, "\n");
    }
    struct machine_stats st;
    machine_get_stats(d->m, &st);
    dbg_printf(d, "hits %llu, misses %llu, page walks %llu, flushes %llu\n",
               (unsigned long long)st.tlb_hits, (unsigned long long)st.tlb_misses,
               (unsigned long long)st.page_walks, (unsigned long long)st.tlb_flushes);
}

void dbg_info_traps(struct dbg *d, size_t max)
{
    if (d->exit_source)
        dbg_printf(d, "(the real CPU's traps: under the monitor each one is a VM exit; info exits "
                      "shows what the monitor did)\n");
    if (d->ntraps == 0) {
        dbg_printf(d, "No traps taken yet.\n");
        return;
    }
    size_t kept = d->ntraps < DBG_TRAPLOG ? (size_t)d->ntraps : DBG_TRAPLOG;
    size_t show = kept < max ? kept : max;
    dbg_printf(d, "%llu trap%s taken; the last %zu:\n", (unsigned long long)d->ntraps,
               d->ntraps == 1 ? "" : "s", show);
    dbg_printf(d, "      #       cycle  cause        from    epc         badvaddr    handler\n");
    for (uint64_t i = d->ntraps - show; i < d->ntraps; i++) {
        const struct dbg_trap_rec *r = &d->traps[i % DBG_TRAPLOG];
        const char *n = isa_cause_name(r->cause);
        char h[16];
        if (r->vectored)
            snprintf(h, sizeof h, "0x%08x", r->handler);
        else
            snprintf(h, sizeof h, "none");
        dbg_printf(d, "%7llu %11llu  %-12s %-6s  0x%08x  0x%08x  %s\n", (unsigned long long)i + 1,
                   (unsigned long long)r->cycle, n ? n : "?", r->user ? "user" : "kernel", r->epc,
                   r->badvaddr, h);
    }
}

static bool info_traps(struct dbg *d, char *args)
{
    uint32_t n = 20;
    if (*args && (!dbg_parse_number(args, &n) || n == 0))
        return dbg_error(d, "info traps: expected a count, not '%.40s'", args);
    dbg_info_traps(d, n);
    return true;
}

static bool info_tlb(struct dbg *d, char *args) { (void)args; dbg_info_tlb(d); return true; }
static bool info_cr(struct dbg *d, char *args) { (void)args; dbg_info_cr(d); return true; }
static bool info_breaks(struct dbg *d, char *args) { (void)args; dbg_info_breakpoints(d); return true; }
static bool info_display(struct dbg *d, char *args) { (void)args; dbg_info_display(d); return true; }

static bool info_devices(struct dbg *d, char *args)
{
    (void)args;
    const struct machine_config *cfg = machine_config(d->m);
    uint32_t ipend = machine_cr(d->m, ISA_CR_IPEND), ien = machine_cr(d->m, ISA_CR_IENABLE);
    struct {
        uint32_t base;
        const char *name;
        bool present;
        int line;
    } devs[] = {
        { ISA_DEV_CONSOLE, "console", true, 1 },
        { ISA_DEV_TIMER, "timer", cfg->timer, 0 },
        { ISA_DEV_DISK, "disk", cfg->disk, 2 },
        { ISA_DEV_POWER, "power/test", true, -1 },
    };
    if (d->exit_source)
        dbg_printf(d, "(the real machine's devices: each guest has its own console, timer, disk and "
                      "power device, emulated by the monitor on its virtual clock; info vm)\n");
    dbg_printf(d, "address     device      irq line  pending  enabled\n");
    for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++) {
        if (!devs[i].present) {
            dbg_printf(d, "0x%08x  %-10s  (not attached)\n", devs[i].base, devs[i].name);
            continue;
        }
        if (devs[i].line < 0)
            dbg_printf(d, "0x%08x  %-10s  -\n", devs[i].base, devs[i].name);
        else
            dbg_printf(d, "0x%08x  %-10s  %-8d  %-7s  %s\n", devs[i].base, devs[i].name, devs[i].line,
                       (ipend >> devs[i].line) & 1 ? "yes" : "no", (ien >> devs[i].line) & 1 ? "yes" : "no");
    }
    if (cfg->disk)
        dbg_printf(d, "disk image: %s%s\n", cfg->disk_path[0] ? cfg->disk_path : "(none: NO_DISK status)",
                   cfg->disk_read_only ? " (read-only)" : "");
    struct machine_stats st;
    machine_get_stats(d->m, &st);
    dbg_printf(d, "mmio: %llu reads, %llu writes; dma: %llu transfers, %llu bytes\n",
               (unsigned long long)st.mmio_reads, (unsigned long long)st.mmio_writes,
               (unsigned long long)st.dma_transfers, (unsigned long long)st.dma_bytes);
    dbg_printf(d, "(register dumps of each device need the machine API to expose the devices' "
                  "dump(); sim/machine.h does not yet)\n");
    return true;
}

static bool info_symbol(struct dbg *d, char *args)
{
    uint32_t addr, off;
    if (!*args)
        return dbg_error(d, "info symbol: which address?");
    if (!dbg_eval(d, args, &addr))
        return false;
    char sym[160];
    if (!dbg_symbolize(d, addr, sym, sizeof sym)[0]) {
        dbg_printf(d, "No symbol matches %s.\n", args);
        return true;
    }
    const struct image_symbol *s = image_symbol_for(&d->img, addr, &off);
    const struct image_segment *seg = image_segment_for(&d->img, addr);
    if (off)
        dbg_printf(d, "%s + %u in section %s\n", s->name, off, seg && seg->name ? seg->name : "?");
    else
        dbg_printf(d, "%s in section %s\n", s->name, seg && seg->name ? seg->name : "?");
    return true;
}

static bool info_line(struct dbg *d, char *args)
{
    uint32_t addr = machine_pc(d->m);
    if (*args && !dbg_parse_location(d, args, &addr))
        return false;
    char where[1100], sym[160];
    if (!dbg_where_line(d, addr, where, sizeof where)) {
        dbg_printf(d, "No line information for 0x%08x.\n", addr);
        return true;
    }
    dbg_printf(d, "%s is at address 0x%08x%s%s\n", where, addr,
               dbg_symbolize(d, addr, sym, sizeof sym)[0] ? " " : "", sym);
    return true;
}

static bool info_stats(struct dbg *d, char *args)
{
    (void)args;
    if (d->exit_source)
        dbg_printf(d, "(the real machine: the guests and the monitor together; info vm has each "
                      "guest's)\n");
    dbg_fresh_line(d);
    machine_print_stats(d->m, d->out);
    return true;
}

/* A digest of the whole state: what the reverse-execution tests compare. */
static bool info_state(struct dbg *d, char *args)
{
    (void)args;
    dbg_printf(d, "pc 0x%08x  cycles %llu  instret %llu\nregs", machine_pc(d->m),
               (unsigned long long)machine_cycles(d->m), (unsigned long long)machine_instret(d->m));
    for (unsigned r = 0; r < ISA_NREGS; r++)
        dbg_printf(d, " %08x", machine_reg(d->m, r));
    dbg_printf(d, "\ncr  ");
    for (unsigned cr = 0; cr < ISA_CR_COUNT; cr++)
        dbg_printf(d, " %08x", machine_cr(d->m, cr));
    dbg_printf(d, "\ntlb  ");
    for (unsigned i = 0; i < machine_tlb_size(d->m); i++) {
        uint32_t vpn, pte;
        if (machine_tlb_entry(d->m, i, &vpn, &pte))
            dbg_printf(d, " %u:%05x>%08x", i, vpn, pte);
    }
    dbg_printf(d, " next %u\nram-hash %016llx\n", machine_tlb_next_victim(d->m),
               (unsigned long long)dbg_ram_hash(d));
    return true;
}

/* One exit as a line of `info exits`. */
static void exit_line(struct dbg *d, const struct dbg_exit_rec *r)
{
    char dis[160] = "-";
    if (r->has_insn)
        isa_disasm(r->insn, r->pc, &d->img, dis, sizeof dis);
    dbg_printf(d, "%6llu %10llu  %-5s 0x%08x %-6s %-10s %-26s %s", (unsigned long long)r->num,
               (unsigned long long)r->cycle, r->guest, r->pc, r->user ? "user" : "kernel", r->reason,
               dis, r->action);
    if (r->addr)
        dbg_printf(d, " (0x%08x)", r->addr);
    dbg_printf(d, ", %u cycles\n", r->cost);
}

static bool info_exits(struct dbg *d, char *args)
{
    const struct dbg_exit_source *s = d->exit_source;
    uint32_t want = 20;
    if (!s)
        return dbg_error(d, "info exits: no monitor is attached (VM exits exist only when a "
                            "guest runs under the monitor: simmon debug --vm IMAGE)");
    if (*args && (!dbg_parse_number(args, &want) || want == 0))
        return dbg_error(d, "info exits: expected a count, not '%.40s'", args);
    uint64_t n = s->count(s->ctx), first = n > want ? n - want + 1 : 1, shown = 0;
    if (n == 0) {
        dbg_printf(d, "No VM exits yet.\n");
        return true;
    }
    dbg_printf(d, "%llu VM exit%s; the last %llu:\n", (unsigned long long)n, n == 1 ? "" : "s",
               (unsigned long long)(n - first + 1));
    dbg_printf(d, "     #      cycle  guest pc         mode   reason     instruction                "
                  "action (address), cost\n");
    for (uint64_t i = first; i <= n; i++) {
        struct dbg_exit_rec r;
        if (s->get(s->ctx, i, &r)) {
            exit_line(d, &r);
            shown++;
        }
    }
    if (shown < n - first + 1)
        dbg_printf(d, "(%llu older exits are no longer in the log)\n",
                   (unsigned long long)(n - first + 1 - shown));
    return true;
}

static bool info_vm(struct dbg *d, char *args)
{
    if (!d->exit_source)
        return dbg_error(d, "info vm: no monitor is attached (this session runs the bare machine; "
                            "simmon debug --vm IMAGE)");
    if (*args)
        return dbg_error(d, "info vm takes no argument");
    d->exit_source->describe_vm(d->exit_source->ctx);
    return true;
}

static bool info_pt_sources(struct dbg *d, char *args)
{
    (void)args;
    for (size_t i = 0; i < d->npt_sources; i++)
        dbg_printf(d, "%-8s %s\n", d->pt_sources[i].name, d->pt_sources[i].what);
    return true;
}

static bool info_snapshots(struct dbg *d, char *args)
{
    (void)args;
    dbg_rev_show(d, true);
    return true;
}

const struct dbg_subcmd dbg_info_cmds[] = {
    { "registers", "r reg", info_registers, "the general registers and pc (or only the named ones)" },
    { "cr", "control", info_cr, "the control registers, STATUS decoded" },
    { "tlb", NULL, info_tlb, "each TLB slot: pages, permissions, the next FIFO victim" },
    { "pt", NULL, dbg_info_pt, "[-s SOURCE] [VA]: the page-table tree, or one walk level by level" },
    { "mem", NULL, dbg_info_mem, "[-s SOURCE]: mapped virtual ranges with their permissions" },
    { "traps", NULL, info_traps, "[N]: the last N traps taken (default 20)" },
    { "devices", NULL, info_devices, "the devices, their interrupt lines, MMIO counts" },
    { "breakpoints", "b break watchpoints", info_breaks, "breakpoints, watchpoints, catchpoints" },
    { "display", NULL, info_display, "the expressions displayed at each stop" },
    { "symbol", NULL, info_symbol, "ADDR: the symbol an address belongs to" },
    { "line", NULL, info_line, "[LOCATION]: the source line of an address" },
    { "stats", NULL, info_stats, "instructions, cycles, traps, TLB and MMIO counts" },
    { "state", NULL, info_state, "a digest of the whole state (pc, cycles, registers, RAM hash)" },
    { "snapshots", NULL, info_snapshots, "the snapshots kept for reverse execution" },
    { "pt-sources", NULL, info_pt_sources, "the page-table trees the debugger can show" },
    { "exits", NULL, info_exits, "[N]: the last N VM exits (default 20; needs the monitor)" },
    { "vm", NULL, info_vm, "each guest: state, virtual registers, time, exits (needs the monitor)" },
    { "shadow", NULL, dbg_info_shadow, "[VA]: the guest's page tables beside the shadow table "
      "(= info pt -s both)" },
    { NULL, NULL, NULL, NULL },
};

bool dbg_cmd_info(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    if (!*args)
        return dbg_error(d, "info: what? (help info lists the subcommands)");
    char *rest = args + strcspn(args, " \t");
    if (*rest)
        *rest++ = '\0';
    while (isspace((unsigned char)*rest))
        rest++;
    char err[600];
    const struct dbg_subcmd *s = dbg_subcmd_lookup(dbg_info_cmds, args, err, sizeof err);
    if (!s)
        return dbg_error(d, "info: %s", err);
    return s->fn(d, rest);
}

/* ---- backtrace ------------------------------------------------------------------- */

static void frame_line(struct dbg *d, int n, uint32_t pc, uint32_t line_pc)
{
    char sym[160], where[1100];
    dbg_symbolize(d, pc, sym, sizeof sym);
    size_t l = strlen(sym);
    if (l >= 2) {                      /* "<f+0x4>" -> "f+0x4" */
        memmove(sym, sym + 1, l - 2);
        sym[l - 2] = '\0';
    }
    dbg_printf(d, "#%-2d 0x%08x in %s", n, pc, sym[0] ? sym : "??");
    if (dbg_where_line(d, line_pc, where, sizeof where))
        dbg_printf(d, " (%s)", where);
    dbg_printf(d, "\n");
}

bool dbg_cmd_backtrace(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    uint32_t max = BT_DEPTH;
    if (*args && (!dbg_parse_number(args, &max) || max == 0))
        return dbg_error(d, "backtrace: expected a frame count, not '%.40s'", args);
    if (max > 4096)
        max = 4096;
    uint32_t pc = machine_pc(d->m), fp = machine_reg(d->m, 3);
    frame_line(d, 0, pc, pc);
    for (uint32_t n = 1; n < max; n++) {
        struct dbg_frame f;
        if (!dbg_unwind(d, pc, fp, n == 1, &f)) {
            if (fp != 0)
                dbg_printf(d, "(cannot read the frame at fp 0x%08x)\n", fp);
            return true;
        }
        if (f.ret == 0)
            return true;
        if (!f.via_ra && f.caller_fp != 0 && f.caller_fp <= fp) {
            frame_line(d, (int)n, f.ret, f.ret - 4);
            dbg_printf(d, "(frame chain ends: caller's fp 0x%08x is not above 0x%08x)\n", f.caller_fp, fp);
            return true;
        }
        frame_line(d, (int)n, f.ret, f.ret - 4);
        pc = f.ret;
        fp = f.caller_fp;
    }
    dbg_printf(d, "(more frames follow: backtrace N shows up to N)\n");
    return true;
}
