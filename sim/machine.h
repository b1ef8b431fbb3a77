/*
 * machine.h - the public face of an SM32 machine: create one, load an
 * image, run it, look at it.  This is all the CLI, the monitor, the
 * debugger and the tests may use; sim/internal.h is private to sim/.
 *
 * Everything hangs off one struct machine *: two machines can live in one
 * process (the tests do that), and nothing here is a global.
 */
#ifndef SIMMON_MACHINE_H
#define SIMMON_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "isa/image.h"
#include "isa/isa.h"

struct machine_config {
    uint32_t ram_size;          /* bytes, a multiple of 4 KiB; default 16 MiB */
    unsigned tlb_entries;       /* architectural TLB size; default 16 */
    enum isa_variant variant;   /* strict (default) or leaky */
    struct isa_timing timing;   /* the extra costs of SPEC.md "Timing" */
    /* Console output; NULL = host stdout. */
    void (*console_out)(void *ctx, uint8_t byte);
    void *console_ctx;
    /* Console input, delivered deterministically (devices/console.c). */
    const uint8_t *input;
    size_t input_len;
    uint32_t rx_delay;          /* cycles between input bytes */
    /* Live console input (an interactive terminal; see devices/console.h). */
    int (*input_live)(void *ctx);
    void *input_live_ctx;
    /* Attached devices beyond console and power/test (always there). */
    bool timer;                 /* default on */
    bool disk;                  /* default on (with no image: NO_DISK status) */
    char disk_path[1024];       /* host image file, "" = none */
    bool disk_read_only, disk_writeback;
    uint32_t disk_seek_base, disk_seek_per_sector, disk_per_sector;
};
void machine_config_default(struct machine_config *cfg);

/* Configuration by name, the same for flags and files (sim/config.c):
 * `ram = 16M`, `tlb = 16`, `isa = leaky`, `timing.mmio = 8`, `disk = a.img`...
 * machine_config_set returns false with a message for an unknown key or a
 * bad value; machine_config_load reads `key = value` lines (# comments)
 * and reports "file:line:col: error: ..." for the first bad line. */
bool machine_config_set(struct machine_config *cfg, const char *key, const char *value,
                        char *err, size_t errlen);
bool machine_config_load(struct machine_config *cfg, const char *path, char *err, size_t errlen);
/* Every key with its current value and meaning, as a config file would say it. */
void machine_config_print(const struct machine_config *cfg, FILE *out);

/* Why machine_run() returned. */
enum machine_stop {
    MACHINE_RUNNING = 0,        /* the requested cycle count was reached */
    MACHINE_EXITED,             /* the guest wrote the power device's EXIT */
    MACHINE_HALTED,             /* the halt instruction */
    MACHINE_UNHANDLED_TRAP,     /* a trap with TVEC = 0: no handler */
    MACHINE_IDLE_FOREVER,       /* wfi with nothing that could wake it */
    MACHINE_STEPPED,            /* machine_step: one instruction done */
    MACHINE_TRAPPED,            /* trap_exits is set and a trap happened */
    MACHINE_INTERRUPTED,        /* machine_request_stop() was called */
    MACHINE_BREAKPOINT,         /* pc reached a breakpoint (not yet executed) */
    MACHINE_WATCHPOINT,         /* an instruction touched a watched range */
};
const char *machine_stop_name(enum machine_stop s);

struct machine *machine_new(const struct machine_config *cfg, char *err, size_t errlen);
void machine_free(struct machine *m);

/* Copy an image into RAM and point the CPU at its entry (after a reset).
 * Fails, with a message naming the segment, if a segment does not fit in
 * RAM or the entry point is not inside an executable segment. */
bool machine_load(struct machine *m, const struct image *img, char *err, size_t errlen);
/* Reset the CPU and devices to the boot state (RAM is kept). */
void machine_reset(struct machine *m);

/* Run until the cycle counter reaches `until` (or something stops it).
 * Running in several calls is exactly equivalent to one long call. */
enum machine_stop machine_run(struct machine *m, uint64_t until);
/* Execute exactly one instruction (or take one trap or interrupt). */
enum machine_stop machine_step(struct machine *m);

/* ---- state, read and written by the CLI, debugger, monitor, tests ---- */
uint64_t machine_cycles(const struct machine *m);
uint64_t machine_instret(const struct machine *m);
uint32_t machine_exit_status(const struct machine *m);
uint32_t machine_reg(const struct machine *m, unsigned r);
void     machine_set_reg(struct machine *m, unsigned r, uint32_t v);
uint32_t machine_pc(const struct machine *m);
void     machine_set_pc(struct machine *m, uint32_t pc);
/* Control register by number (ISA_CR_*); CYCLE/CYCLEH computed. */
uint32_t machine_cr(const struct machine *m, unsigned cr);
uint32_t machine_ram_size(const struct machine *m);
const struct machine_config *machine_config(const struct machine *m);

/* The last trap taken (or the unhandled one that stopped the machine). */
struct machine_trap {
    uint32_t cause, epc, badvaddr;
    uint64_t cycle;
    bool user;                  /* taken from user mode */
};
struct machine_trap machine_last_trap(const struct machine *m);

/* Side-effect-free translation for the debugger, the monitor and tests:
 * walks the page tables as the MMU would, but never touches the TLB or the
 * A/D bits.  With paging off, pa = va.  False if the walk fails (the MMU
 * would fault); `walk` (may be NULL) records each level read. */
struct machine_walk {
    int levels;                 /* table levels read: 0, 1 or 2 */
    uint32_t l1_pa, l1_pte, l2_pa, l2_pte;
};
bool machine_translate(const struct machine *m, uint32_t va, uint32_t *pa,
                       struct machine_walk *walk);

/* Physical memory, for loaders, the debugger and the monitor.  Bounds
 * checked; writes keep the decoded-instruction cache consistent. */
bool machine_phys_read(const struct machine *m, uint32_t pa, void *buf, uint32_t len);
bool machine_phys_write(struct machine *m, uint32_t pa, const void *buf, uint32_t len);

/* Statistics for --stats. */
struct machine_stats {
    uint64_t instret, cycles;
    uint64_t traps[32];          /* by cause number */
    uint64_t interrupts;
    /* TLB lookups while paging is on: one per instruction fetch and one per
     * data access (fast-path hits included); misses each walk the tables. */
    uint64_t tlb_lookups, tlb_hits, tlb_misses, page_walks, tlb_flushes;
    uint64_t walk_cycles;        /* cycles charged by page walks */
    uint64_t mmio_reads, mmio_writes;
    uint64_t dma_transfers, dma_bytes;
};
void machine_get_stats(const struct machine *m, struct machine_stats *st);
void machine_print_stats(const struct machine *m, FILE *out);

/* Tracing: called after each retired instruction (and for each trap) when
 * set.  Tracing runs the machine one instruction at a time; the cycle
 * counts are identical with and without it. */
struct machine_trace_rec {
    uint64_t cycle;             /* cycles before the instruction started */
    uint32_t pc, word;
    bool retired;               /* false: it trapped */
    int rd;                     /* register written, or -1 */
    uint32_t rd_value;
    struct machine_trap trap;   /* valid when a trap was taken */
    bool trapped;
};
void machine_set_trace(struct machine *m,
                       void (*fn)(void *ctx, const struct machine_trace_rec *rec),
                       void *ctx);

/* Events for --trace=trap,mmu,dev and the debugger's logs.  Emitted
 * from slow paths only (the fast path has no hooks), so a run with a hook
 * has exactly the same cycles as one without. */
enum machine_event_kind {
    MEV_TRAP,        /* a=cause b=badvaddr c=1 if from user mode d=handler pc */
    MEV_WALK,        /* a=va b=pa c=1 ok / 0 fault d=access (0 load 1 store 2 fetch) */
    MEV_TLB_FLUSH,   /* a=va, or c=1 for all */
    MEV_MMIO,        /* dev=name a=offset b=value c=1 write / 0 read d=1 ok */
    MEV_IRQ,         /* a=line b=level */
    MEV_DMA,         /* dev=name a=pa b=len c=1 to memory d=1 ok */
};
struct machine_event {
    enum machine_event_kind kind;
    uint64_t cycle;
    uint32_t pc;
    uint32_t a, b, c, d;
    const char *dev;
};
void machine_set_event_hook(struct machine *m,
                            void (*fn)(void *ctx, const struct machine_event *ev), void *ctx);
/* Print one event as a trace line (the CLI and debugger share this). */
void machine_format_event(const struct machine_event *ev, char *buf, size_t len);

/* ---- for the debugger ------------------------------------------------ */

/* The architectural TLB, entry by entry (false: that slot is invalid). */
unsigned machine_tlb_size(const struct machine *m);
bool machine_tlb_entry(const struct machine *m, unsigned i, uint32_t *vpn, uint32_t *pte);
unsigned machine_tlb_next_victim(const struct machine *m);

/* Breakpoints on virtual pc values: machine_run stops BEFORE executing an
 * instruction at one of them (MACHINE_BREAKPOINT), except the instruction
 * it starts at, so `continue` from a breakpoint goes on.  With any
 * breakpoint set the machine checks every instruction boundary (slower,
 * same cycles).  Replaces the whole set; n = 0 clears it. */
bool machine_set_breakpoints(struct machine *m, const uint32_t *pcs, size_t n);

/* Watchpoints on virtual address ranges: machine_run stops AFTER an
 * instruction whose load or store (per `kind`: 1 read, 2 write, 3 both)
 * overlapped a range (MACHINE_WATCHPOINT).  While any is set, every data
 * access takes the slow path (slower, same cycles). */
struct machine_watch {
    uint32_t addr, len;
    unsigned kind;
};
bool machine_set_watchpoints(struct machine *m, const struct machine_watch *w, size_t n);
/* What the last MACHINE_WATCHPOINT stop saw. */
struct machine_watch_hit {
    uint32_t pc, addr, size, value;
    bool write;
    size_t index;               /* which watchpoint */
};
struct machine_watch_hit machine_last_watch_hit(const struct machine *m);

/* Snapshots: the whole machine state (registers, control registers, RAM,
 * TLB, devices, pending events, counters, statistics), so a debugger can
 * go back in time by restoring one and re-executing: the machine is
 * deterministic, so re-execution reproduces the same states exactly.
 * Host-side settings (trace and event hooks, breakpoints, watchpoints,
 * console output callback) are not part of a snapshot.  RAM pages equal to
 * the ones of `base` (a previous snapshot of the same machine, or NULL)
 * are shared, so a series of snapshots costs only what changed. */
/* machine_snapshot_restore returns false, changing nothing, for a snapshot
 * of another machine or of a discarded branch of history (the disk cannot
 * rebuild it). */
struct machine_snapshot;
struct machine_snapshot *machine_snapshot_take(const struct machine *m,
                                               const struct machine_snapshot *base);
bool machine_snapshot_restore(struct machine *m, const struct machine_snapshot *s);
void machine_snapshot_free(struct machine_snapshot *s);
uint64_t machine_snapshot_cycles(const struct machine_snapshot *s);
uint64_t machine_snapshot_instret(const struct machine_snapshot *s);
size_t machine_snapshot_bytes(const struct machine_snapshot *s);   /* not shared */

/* Replace the console output callback (the debugger's console pane, or a
 * sink that discards output while re-executing for reverse stepping). */
void machine_set_console_out(struct machine *m, void (*fn)(void *ctx, uint8_t byte), void *ctx);

/* ---- for the monitor ----------------------------------------------------
 * The monitor is host code in the role of a VMM.  It runs guest code in
 * real user mode with trap_exits on: every trap or interrupt then stops
 * machine_run with MACHINE_TRAPPED (see machine_last_trap) instead of
 * vectoring through TVEC; pc stays at the trapping instruction (for an
 * interrupt: the next one), nothing else changes, and the trap entry cost
 * is not charged (the monitor charges its own exit costs). */
void machine_set_trap_exits(struct machine *m, bool on);
/* Write a control register from the host, with the hardware's side
 * effects (PTBR flushes the TLB, STATUS.PG changes flush the fast paths).
 * Read-only registers are ignored. */
void machine_set_cr(struct machine *m, unsigned cr, uint32_t value);
/* Drop the TLB entry for va's page (tlbi), or every entry (tlbia). */
void machine_tlb_flush(struct machine *m, uint32_t va, bool all);
/* Advance the cycle counter by host work (the monitor's costs). */
void machine_add_cycles(struct machine *m, uint64_t n);
/* Cycles spent by the hardware walker so far (included in cycles). */
uint64_t machine_walk_cycles(const struct machine *m);
/* Read-only host pointer to physical RAM [pa, pa+len), or NULL if out of
 * RAM.  Writes must go through machine_phys_write (it keeps the decoded
 * instruction cache consistent). */
const uint8_t *machine_ram(const struct machine *m, uint32_t pa, uint32_t len);

/* Called when the CPU waits (wfi) before time jumps to the next event:
 * an interactive front end blocks here until input may have arrived, so
 * an idle guest does not spin the host.  Time itself is unaffected. */
void machine_set_idle_hook(struct machine *m, void (*fn)(void *ctx), void *ctx);

/* Ask machine_run to return at the next instruction boundary (safe from a
 * signal handler: it only sets a flag that the run loop polls between
 * slices of at most MACHINE_SLICE cycles). */
void machine_request_stop(struct machine *m);
#define MACHINE_SLICE 4000000u

#endif
