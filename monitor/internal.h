/*
 * internal.h - the monitor's own data, shared by the files of monitor/ and
 * nothing else.  One struct guest per virtual machine, one struct mon for
 * the monitor; both reach the real machine only through sim/machine.h.
 */
#ifndef SIMMON_MONITOR_INTERNAL_H
#define SIMMON_MONITOR_INTERNAL_H

#include "devices/device.h"
#include "devices/evq.h"
#include "monitor/monitor.h"

/* The three shadow address spaces of a guest: which one the real MMU
 * uses depends on the guest's virtual paging bit and virtual mode. */
enum { SH_NOPG = 0, SH_KERNEL = 1, SH_USER = 2, SH_COUNT };

#define MON_POOL_PAGES 96     /* shadow-table frames per guest */

struct vtlb_entry {
    bool valid;
    uint32_t vpn, pte;        /* the guest PTE as the bare TLB would hold it */
};

struct guest {
    int id;
    struct mon *mon;
    char name[32];
    struct image image;
    enum mon_guest_state state;
    uint32_t exit_status;

    /* guest-physical memory: real frames [ram_base, ram_base + ram_size) */
    uint32_t ram_base, ram_size;

    /* the vCPU */
    uint32_t r[16], pc;
    uint32_t cr[ISA_CR_COUNT];     /* virtual control registers */
    uint32_t ipend;                /* virtual interrupt lines */
    bool waiting;                  /* in wfi */
    uint64_t vtime;                /* virtual cycles (= the bare machine's) */
    uint64_t vclock;               /* what the devices read as "now" */
    uint64_t instret;

    /* the virtual TLB: the bare machine's TLB, entry for entry */
    struct vtlb_entry *tlb;
    unsigned tlb_n, tlb_next;

    /* shadow page tables in real frames from the guest's pool */
    uint32_t pool_base;            /* MON_POOL_PAGES frames */
    uint32_t root[SH_COUNT];
    bool pool_used[MON_POOL_PAGES];

    /* virtual devices, on the guest's virtual clock */
    struct evq evq;
    struct device dev[4];          /* console, timer, disk, power (by slot) */
    uint8_t *input;
    char line[256];                /* console output, a line at a time, */
    size_t line_len;               /* when several guests share stdout */
    void (*out_fn)(void *ctx, uint8_t byte);
    void *out_ctx;

    struct mon_guest_stats st;
};

struct mon {
    struct mon_config cfg;
    struct machine *m;
    struct guest **g;
    size_t ng;
    bool started;
    int current;                   /* guest whose state is on the real CPU, -1 */
    uint32_t real_ptbr;            /* what we last wrote into the real PTBR */

    struct mon_exit *log;          /* ring */
    size_t log_head, log_count;
    uint64_t log_total;            /* exits logged since the start */

    /* where the run loop is, so that it can stop for the debugger and
     * resume exactly there */
    size_t rr;                     /* the guest whose turn it is */
    bool in_slice;
    uint64_t slice_end;
    bool stepping;
    bool (*exit_hook)(void *ctx, const struct mon_exit *e);
    void *exit_hook_ctx;
    bool hook_stop;                /* the hook asked to stop */
};

/* shadow.c: the virtual TLB, the guest walker and the shadow tables */
void shadow_init(struct guest *g);
uint32_t shadow_current_root(const struct guest *g);
void shadow_flush_all(struct guest *g);               /* tlbia, PTBR write */
void shadow_flush_page(struct guest *g, uint32_t va); /* tlbi */
/* Handle a real fault at va: returns the exit reason it turned out to be
 * (SHADOW, PAGE_FAULT, MMIO, TRAP) after doing the work, and adds to *cost. */
enum mon_exit_reason shadow_fault(struct guest *g, uint32_t cause, uint32_t va,
                                  uint32_t insn, uint32_t *cost, const char **action,
                                  uint32_t *addr);

/* vcpu.c: emulation and reflection against the virtual CPU */
void vcpu_reset(struct guest *g);
bool vcpu_user(const struct guest *g);
/* Deliver a trap into the guest as the bare machine would; false (and the
 * guest is stopped) if it has no handler. */
bool vcpu_reflect(struct guest *g, uint32_t cause, uint32_t badvaddr);
/* Emulate the privileged instruction at pc (virtual kernel mode). */
enum mon_exit_reason vcpu_emulate(struct guest *g, uint32_t insn, const char **action);
/* Before entering: fire due virtual events, wake from wfi, inject an
 * interrupt.  Returns true if one was injected. */
bool vcpu_deliver(struct guest *g);

/* vdev.c: the guest's devices */
bool vdev_create(struct guest *g, const struct mon_guest_config *gc, char *err, size_t errlen);
void vdev_destroy(struct guest *g);
void vdev_flush_console(struct guest *g);      /* a partial line, at the end */
/* Is there a device at guest-physical gpa?  (If not, bare raises BUS_ERROR
 * before any device latency.) */
bool vdev_present(const struct guest *g, uint32_t gpa);
/* Emulate a lw/sw to guest-physical device address gpa; false = bus error. */
bool vdev_access(struct guest *g, uint32_t gpa, bool write, uint32_t *value);

/* run.c */
/* Log an exit that happened at pc/user; the guest's current pc and mode
 * are where it goes on. */
void mon_log_exit(struct mon *mon, struct guest *g, uint32_t pc, bool user,
                  enum mon_exit_reason r, uint32_t insn, uint32_t cause, uint32_t addr,
                  const char *action, uint32_t cost);
void mon_stop_guest(struct guest *g, enum mon_guest_state st, uint32_t status);
uint32_t mon_fetch_insn(struct guest *g, uint32_t pc);

#endif
