/*
 * monitor.h - simmon's trap-and-emulate monitor: a toy hypervisor in the
 * role of a classic VMM (Popek & Goldberg 1974), written as host C code
 * above the machine's public API.
 *
 * The model (monitor/README.md tells it at length):
 *   - The monitor owns the real kernel mode.  Every guest, its kernel
 *     included, runs in real USER mode; the machine is told to deliver every
 *     trap to the monitor (a VM exit) instead of vectoring through TVEC.
 *   - Each guest has a vCPU: its registers and VIRTUAL control registers,
 *     including a virtual mode.  A privileged instruction of the guest
 *     kernel traps (it runs in user mode) and is EMULATED against the vCPU;
 *     a trap the guest's own kernel should see is REFLECTED into it exactly
 *     as the bare machine would deliver it.
 *   - Memory: each guest owns a contiguous range of real frames (its
 *     guest-physical memory).  The real MMU walks SHADOW page tables
 *     (guest-virtual -> host-physical) that the monitor fills lazily on
 *     faults.  A shadow entry exists only while the guest's virtual TLB
 *     holds the translation, so a guest that forgets a TLB invalidation
 *     sees exactly the stale behaviour it would see bare.
 *   - Devices: guest MMIO is never mapped in the shadow tables, so every
 *     access exits and is emulated on the guest's own console, timer, disk
 *     and power device (the same device code as the real machine's, driven
 *     by the guest's virtual clock).
 *   - Time: each guest has a virtual cycle counter that advances exactly as
 *     the bare machine's would (the monitor adds the bare cost of what it
 *     emulates and removes what virtualization added), so a guest's timer
 *     interrupts arrive at the same instruction as bare, and its output is
 *     the same, interleavings included.  The real cycle counter also
 *     counts the monitor's own work: the difference is the overhead.
 */
#ifndef SIMMON_MONITOR_H
#define SIMMON_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "isa/image.h"
#include "sim/machine.h"

/* What the monitor's own work costs, in real cycles (SPEC.md "Timing"). */
struct mon_costs {
    uint32_t exit;          /* leaving the guest: saving its state */
    uint32_t entry;         /* entering it again */
    uint32_t emulate;       /* emulating one privileged instruction */
    uint32_t reflect;       /* delivering a trap into the guest */
    uint32_t shadow;        /* one shadow-page-table fill (plus the walk) */
    uint32_t walk_level;    /* reading one guest page-table entry */
    uint32_t mmio;          /* emulating one device register access */
    uint32_t world_switch;  /* switching the real CPU to another guest */
};
extern const struct mon_costs mon_costs_default;

/* Why the guest stopped running (one exit record each). */
#define MON_EXIT_REASONS(R)                                                 \
    R(PRIV,        "priv",        "privileged instruction, emulated")       \
    R(SHADOW,      "shadow",      "shadow page fault, filled by the monitor") \
    R(PAGE_FAULT,  "page_fault",  "guest page fault, reflected")            \
    R(MMIO,        "mmio",        "device register access, emulated")       \
    R(SYSCALL,     "syscall",     "syscall or break, reflected")            \
    R(TRAP,        "trap",        "other trap, reflected")                  \
    R(TIMER,       "timer",       "time slice over or a virtual event due") \
    R(IRQ,         "irq",         "virtual interrupt injected")             \
    R(HALT,        "halt",        "the guest halted or exited")             \
    R(HYPERCALL,   "hypercall",   "hypercall (reserved)")                   \
    R(KILL,        "kill",        "guest fault that stops the VM")

enum mon_exit_reason {
#define X(name, tag, doc) MON_EXIT_##name,
    MON_EXIT_REASONS(X)
#undef X
    MON_EXIT_COUNT
};
const char *mon_exit_tag(enum mon_exit_reason r);
const char *mon_exit_doc(enum mon_exit_reason r);

/* One exit, as the log keeps it. */
struct mon_exit {
    uint64_t cycle;         /* real cycle of the exit */
    int guest;
    uint32_t pc;            /* guest pc at the exit (the trapping instruction) */
    bool user;              /* the guest's virtual mode at the exit */
    uint32_t next_pc;       /* where the guest goes on after the monitor's work */
    bool next_user;         /* and in which virtual mode */
    enum mon_exit_reason reason;
    uint32_t insn;          /* the instruction word at pc (0 if none) */
    uint32_t cause;         /* the real trap cause, 0 if none */
    uint32_t addr;          /* faulting address, device address... */
    const char *action;     /* what the monitor did, e.g. "emulate mtcr" */
    uint32_t cost;          /* real cycles the monitor spent on it */
};

enum mon_guest_state {
    MON_GUEST_RUNNING, MON_GUEST_EXITED, MON_GUEST_HALTED, MON_GUEST_CRASHED, MON_GUEST_IDLE,
};

struct mon_guest_config {
    const struct image *image;   /* the guest kernel (copied at add) */
    char name[32];               /* "vm0" if empty */
    uint32_t ram_size;           /* guest-physical RAM, default 16 MiB */
    char disk_path[1024];        /* its disk image, "" = none */
    const uint8_t *input;        /* its console input */
    size_t input_len;
    /* console output: to out_fn if set, else to stdout with "[name] " at
     * the start of each line when there are several guests */
    void (*out_fn)(void *ctx, uint8_t byte);
    void *out_ctx;
};

struct mon_config {
    struct machine_config machine;  /* tlb, timing, isa variant, console delay... */
    struct mon_costs costs;
    uint64_t quantum;               /* real cycles per time slice (default 20000) */
    size_t log_capacity;            /* exits kept in memory (default 65536) */
    FILE *exit_log;                 /* JSON Lines of every exit, or NULL */
};
void mon_config_default(struct mon_config *cfg);

struct mon;
struct mon *mon_new(const struct mon_config *cfg);
/* Add a guest; false with a message (bad image, too much RAM...). */
bool mon_add_guest(struct mon *mon, const struct mon_guest_config *g, char *err, size_t errlen);
/* Build the real machine and boot every guest; false with a message. */
bool mon_start(struct mon *mon, char *err, size_t errlen);
/* Run until every guest has stopped or the real cycle counter reaches
 * `until`; true if all guests stopped. */
bool mon_run(struct mon *mon, uint64_t until);
void mon_free(struct mon *mon);

/* ---- for the debugger: a resumable run loop ----------------------------
 * mon_run_until runs like mon_run but also returns when the real machine
 * stops for the debugger (breakpoints and watchpoints set on
 * mon_machine(mon) are on guest-virtual pcs and addresses), when the exit
 * hook asks to stop after an exit, or on machine_request_stop.  Calling it
 * again resumes exactly where it stopped (the same guest, the same time
 * slice).  mon_step does one step of the current guest: one instruction
 * run natively, or one exit handled (an emulated instruction, a reflected
 * trap, a shadow fill, an injected interrupt).  At every return the real
 * CPU's registers and pc hold the current guest's (virtual) ones, so a
 * debugger reading the machine sees the guest; its control registers stay
 * the real ones (user mode, the shadow root): mon_guest_cr has the virtual. */
enum mon_stop {
    MON_STOP_DONE,          /* every guest has stopped */
    MON_STOP_LIMIT,         /* the real cycle limit */
    MON_STOP_BREAKPOINT,
    MON_STOP_WATCHPOINT,
    MON_STOP_STEP,
    MON_STOP_EXIT,          /* the exit hook asked to stop */
    MON_STOP_INTERRUPTED,
};
enum mon_stop mon_run_until(struct mon *mon, uint64_t until);
enum mon_stop mon_step(struct mon *mon);
/* Called for every exit as it is logged; return true to stop after it. */
void mon_set_exit_hook(struct mon *mon, bool (*fn)(void *ctx, const struct mon_exit *e), void *ctx);
size_t mon_current_guest(const struct mon *mon);
/* Exits logged since the start (monotonic), and exit number i if it is
 * still in the in-memory log. */
uint64_t mon_exit_total(const struct mon *mon);
bool mon_exit_get(const struct mon *mon, uint64_t i, struct mon_exit *e);

/* ---- looking at it (CLI --stats, the debugger) ------------------------ */
struct mon_guest_stats {
    uint64_t vcycles;        /* virtual cycles: what the bare machine would count */
    uint64_t instret;        /* guest instructions retired */
    uint64_t guest_cycles;   /* real cycles spent running the guest */
    uint64_t monitor_cycles; /* real cycles the monitor spent on its behalf */
    uint64_t exits[MON_EXIT_COUNT];
    uint64_t shadow_fills, tlb_flushes, injected;
};
size_t mon_guest_count(const struct mon *mon);
const char *mon_guest_name(const struct mon *mon, size_t g);
enum mon_guest_state mon_guest_state(const struct mon *mon, size_t g);
uint32_t mon_guest_exit_status(const struct mon *mon, size_t g);
void mon_guest_stats(const struct mon *mon, size_t g, struct mon_guest_stats *st);
struct machine *mon_machine(struct mon *mon);
void mon_print_stats(const struct mon *mon, FILE *out);
/* FNV-1a hash of the guest's whole memory: tests compare it to prove that
 * another guest could not touch it. */
uint64_t mon_guest_memory_hash(const struct mon *mon, size_t g);
/* The most recent exits, oldest first: *n gets how many (<= capacity). */
size_t mon_exit_log(const struct mon *mon, const struct mon_exit **first_part, size_t *n1,
                    const struct mon_exit **second_part, size_t *n2);
void mon_format_exit_json(const struct mon *mon, const struct mon_exit *e, char *buf, size_t len);

/* The vCPU and memory views of a guest, for the debugger. */
uint32_t mon_guest_reg(const struct mon *mon, size_t g, unsigned r);
uint32_t mon_guest_pc(const struct mon *mon, size_t g);
uint32_t mon_guest_cr(const struct mon *mon, size_t g, unsigned cr);
uint32_t mon_guest_ram_base(const struct mon *mon, size_t g);
uint32_t mon_guest_ram_size(const struct mon *mon, size_t g);
/* The real (host-physical) root of the shadow table the guest runs on now. */
uint32_t mon_guest_shadow_root(const struct mon *mon, size_t g);
/* The guest's virtual TLB, slot by slot (the bare TLB's FIFO, entry for
 * entry): false if slot i is empty; the page and the guest PTE it holds.
 * A shadow entry exists only while its page is here (shadow.c). */
unsigned mon_guest_tlb_size(const struct mon *mon, size_t g);
bool mon_guest_tlb_entry(const struct mon *mon, size_t g, unsigned i, uint32_t *vpn, uint32_t *pte);

#endif
