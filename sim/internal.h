/*
 * internal.h - the inside of struct machine, shared by the files of sim/
 * and by nothing else.
 *
 * The machine has three layers of state:
 *   1. architectural: registers, pc, control registers, RAM, the TLB,
 *      devices.  This is what SPEC.md describes and what a program sees.
 *   2. timing: the cycle counter, kept as a countdown while running.
 *   3. host fast paths: a software TLB (per mode and access kind: virtual
 *      page -> host pointer) and predecoded instruction pages.  They are
 *      caches of layer 1 and must stay EXACTLY consistent with it: every
 *      entry in the software TLB is backed by an entry of the architectural
 *      TLB (or by the identity map when paging is off) with the same
 *      permission, so a fast-path hit costs exactly what an architectural
 *      TLB hit costs.  Anything that changes layer 1 under them (a store to
 *      a code page, tlbi/tlbia, a TLB replacement, a PTBR or paging change)
 *      invalidates them.
 */
#ifndef SIMMON_SIM_INTERNAL_H
#define SIMMON_SIM_INTERNAL_H

#include <signal.h>

#include "devices/device.h"
#include "devices/evq.h"
#include "sim/machine.h"

/* ---- predecoded instructions ------------------------------------------- */
/* Dispatch codes: 0 = not yet decoded, 1..ISA_OP_COUNT-1 = the ISA's ops,
 * then two of the interpreter's own. */
enum {
    DOP_DECODE = 0,
    DOP_ILLEGAL = ISA_OP_COUNT,      /* decoded: not an instruction */
    DOP_PAGE_END,                    /* the sentinel after the last slot */
    DOP_COUNT
};
#define REG_SINK 16                  /* writes to r0 land here */

struct dinsn {
    uint8_t op;          /* DOP_* or enum isa_op */
    uint8_t rd;          /* REG_SINK when the instruction names r0 */
    uint8_t rs1, rs2;
    uint32_t imm;        /* branches/jal: offset in WORDS; CR ops: cr number */
};

#define PAGE_WORDS 1024
struct dpage {
    struct dinsn insn[PAGE_WORDS + 1];   /* +1: DOP_PAGE_END sentinel */
};

/* ---- the software TLB (host fast path) --------------------------------- */
#define STLB_SIZE 256                /* direct-mapped, power of two */
/* A tag no lookup can produce: lookups compare against va with bits 2..11
 * cleared (only the alignment bits 0..1 kept), so bit 11 is never set. */
#define STLB_INVALID 0x800u
/* Access kinds are the ISA's (isa.h); the first three index the software
 * TLB.  A swap needs R and W, faults as a store, and is never cached. */
enum { ACC_LOAD = ISA_ACC_LOAD, ACC_STORE = ISA_ACC_STORE, ACC_FETCH = ISA_ACC_FETCH,
       ACC_SWAP = ISA_ACC_SWAP };

struct stlb_entry {
    uint32_t tag;        /* virtual page address, or STLB_INVALID */
    uintptr_t addend;    /* host address = addend + virtual address */
};

/* ---- the architectural TLB ---------------------------------------------- */
struct tlb_entry {
    bool valid;
    uint32_t vpn;        /* virtual page number */
    uint32_t pte;        /* the leaf PTE as it was when filled (or refreshed) */
};

/* ---- devices on the bus -------------------------------------------------- */
#define NDEV_SLOTS 16                /* 0xF0000000 + 4 KiB * slot */

struct machine {
    /* layer 1: architecture */
    uint32_t r[REG_SINK + 1];
    uint32_t pc;
    uint32_t cr[ISA_CR_COUNT];       /* CYCLE/CYCLEH/IPEND are computed */
    uint32_t ipend;                  /* interrupt line levels */
    bool waiting;                    /* in wfi */
    uint8_t *ram;
    uint32_t ram_size;
    struct tlb_entry *tlb;
    unsigned tlb_n, tlb_next;        /* FIFO replacement pointer */
    uint32_t tlb_gen;                /* bumped whenever a translation goes away */
    struct device dev[NDEV_SLOTS];
    struct machine_config cfg;

    /* layer 2: time */
    uint64_t cycle;                  /* valid whenever the CPU is not running */
    uint64_t stop_at;                /* the running slice ends here */
    uint64_t instret;
    uint64_t fast_data;              /* data accesses done on the fast path */
    bool slice_paged;                /* paging was on when this slice began */
    struct evq evq;

    /* layer 3: host fast paths */
    struct stlb_entry stlb[2][3][STLB_SIZE];   /* [user][ACC_*][index] */
    struct dpage **dpages;           /* per physical page of RAM, or NULL */
    uint32_t ndpages;

    /* run control */
    enum machine_stop stop;          /* set to end the run */
    bool exit_slice;                 /* leave the fast loop after this insn */
    volatile sig_atomic_t stop_request;
    bool stepping;
    uint32_t exit_status;
    struct machine_trap last_trap;
    bool trapped_this_step;
    bool trap_exits;                 /* deliver traps to the host (monitor) */

    void (*trace_fn)(void *ctx, const struct machine_trace_rec *rec);
    void *trace_ctx;
    void (*console_out)(void *ctx, uint8_t byte);
    void *console_ctx;
    void (*idle_fn)(void *ctx);
    void *idle_ctx;
    void (*event_fn)(void *ctx, const struct machine_event *ev);
    void *event_ctx;

    struct machine_stats stats;

    /* debugger support (machine.c, mem.c) */
    uint32_t *breaks;  size_t nbreaks;
    struct machine_watch *watches;  size_t nwatches;
    struct machine_watch_hit watch_hit;
    bool watch_stop;                 /* a watchpoint fired in this instruction */
};

static inline bool cpu_user(const struct machine *m)
{
    return (m->cr[ISA_CR_STATUS] & ISA_STATUS_UM) != 0;
}

/* Report an event to the hook, if any (slow paths only). */
static inline void mev(struct machine *m, enum machine_event_kind kind, uint32_t a, uint32_t b,
                       uint32_t c, uint32_t d, const char *dev)
{
    if (m->event_fn) {
        struct machine_event ev = { kind, m->cycle, m->pc, a, b, c, d, dev };
        m->event_fn(m->event_ctx, &ev);
    }
}

/* cpu.c */
void cpu_execute(struct machine *m);          /* run until m->stop_at */
void cpu_trap(struct machine *m, uint32_t cause, uint32_t badvaddr);
void cpu_take_interrupt(struct machine *m);   /* if one is deliverable */
void cpu_cr_write(struct machine *m, unsigned cr, uint32_t v);   /* mtcr's effects */

/* mem.c: translation, physical access, the fast-path caches */
struct mem_result {
    uint8_t *host;                   /* RAM: host pointer to the byte */
    struct device *dev;              /* MMIO: the device, offset below */
    uint32_t offset;
};
/* Translate and check one access; on failure a trap is taken (cpu_trap)
 * and false returned.  Fills the software TLB on success for RAM. */
bool mem_access(struct machine *m, uint32_t va, unsigned size, int acc,
                struct mem_result *res);
bool mem_load_slow(struct machine *m, uint32_t va, unsigned size, uint32_t *val);
bool mem_store_slow(struct machine *m, uint32_t va, unsigned size, uint32_t val);
/* The decoded page for the instruction at va (fetch), or NULL after a trap. */
struct dpage *mem_fetch_page(struct machine *m, uint32_t va, uint8_t **host_page);
void mem_flush_stlb(struct machine *m);
void mem_flush_stlb_page(struct machine *m, uint32_t vpage);
void mem_invalidate_code(struct machine *m, uint32_t pa, uint32_t len);
void mem_free_dpages(struct machine *m);

/* mmu.c: the architectural TLB and the page-table walker */
enum walk_status { WALK_OK, WALK_FAULT, WALK_BUS_ERROR };
enum walk_status mmu_translate(struct machine *m, uint32_t va, int acc, bool user,
                               uint32_t *pa);
void mmu_flush_all(struct machine *m);
void mmu_flush_page(struct machine *m, uint32_t va);

/* mem.c: called on every slow-path data access while watchpoints exist */
void mem_check_watch(struct machine *m, uint32_t va, unsigned size, bool write, uint32_t value);

/* machine.c */
void machine_set_irq(void *ctx, unsigned line, bool level);
uint64_t machine_now(const struct machine *m);

#endif
