/*
 * shadow.c - shadow paging: how a guest's page tables become real ones.
 *
 * Owns: the guest's virtual TLB, the walk of the guest's page tables, and
 * the shadow tables the real MMU walks.  The real MMU never sees a guest
 * page table; it sees a shadow table that maps guest-virtual addresses
 * straight to real frames of the guest's memory.
 *
 * Three shadow address spaces per guest, each a real root table:
 *   SH_NOPG    the guest has paging off: guest-virtual = guest-physical,
 *              every page of guest RAM mapped on first touch;
 *   SH_KERNEL  paging on, the guest is in its (virtual) kernel mode;
 *   SH_USER    paging on, virtual user mode: only pages the guest maps U.
 * Every real PTE has U set (the whole guest runs in real user mode); the
 * guest's own user/kernel protection comes from using two spaces.
 *
 * The invariant that makes this exact:  with paging on, a shadow entry
 * exists only while the guest's VIRTUAL TLB holds that page.  The virtual
 * TLB is the bare machine's TLB entry for entry (same size, same FIFO
 * replacement), filled only on real faults, which happen exactly when the
 * bare TLB would miss.  So a guest sees the same A/D bits, the same stale
 * entries after a forgotten tlbi, and - charged to its virtual clock - the
 * same walk cycles as bare.  Nothing a guest does can map a frame outside
 * its memory: guest-physical addresses are checked against its RAM size,
 * then offset by its base.
 */
#include <string.h>

#include "monitor/internal.h"

/* ---- real frames for the shadow tables --------------------------------- */

static void wr(struct guest *g, uint32_t pa, uint32_t v) { machine_phys_write(g->mon->m, pa, &v, 4); }
static uint32_t rd(struct guest *g, uint32_t pa)
{
    uint32_t v = 0;
    machine_phys_read(g->mon->m, pa, &v, 4);
    return v;
}

static uint32_t pool_alloc(struct guest *g)
{
    static const uint8_t zero[ISA_PAGE_SIZE];
    for (unsigned i = 0; i < MON_POOL_PAGES; i++)
        if (!g->pool_used[i]) {
            g->pool_used[i] = true;
            uint32_t pa = g->pool_base + i * ISA_PAGE_SIZE;
            machine_phys_write(g->mon->m, pa, zero, ISA_PAGE_SIZE);
            return pa;
        }
    return 0;
}

static void pool_free(struct guest *g, uint32_t pa)
{
    g->pool_used[(pa - g->pool_base) / ISA_PAGE_SIZE] = false;
}

/* Drop every mapping of one shadow space (its L2 tables go back to the pool). */
static void zap(struct guest *g, int space)
{
    uint32_t root = g->root[space];
    for (uint32_t i = 0; i < 1024; i++) {
        uint32_t l1 = rd(g, root + i * 4);
        if (l1 & ISA_PTE_V) {
            pool_free(g, l1 & ~0xFFFu);
            wr(g, root + i * 4, 0);
        }
    }
    machine_tlb_flush(g->mon->m, 0, true);
}

/* Set (pte != 0) or clear one shadow PTE; the real TLB forgets the page. */
static void sh_set(struct guest *g, int space, uint32_t va, uint32_t pte)
{
    uint32_t l1a = g->root[space] + (va >> 22) * 4, l1 = rd(g, l1a);
    if (!(l1 & ISA_PTE_V)) {
        if (!pte)
            return;
        uint32_t l2 = pool_alloc(g);
        if (!l2) {                     /* pool full: start the shadows afresh */
            for (int s = 0; s < SH_COUNT; s++)
                zap(g, s);
            l2 = pool_alloc(g);
        }
        l1 = l2 | ISA_PTE_V;
        wr(g, l1a, l1);
    }
    wr(g, (l1 & ~0xFFFu) + ((va >> 12) & 0x3FF) * 4, pte);
    machine_tlb_flush(g->mon->m, va, false);
}

void shadow_init(struct guest *g)
{
    memset(g->pool_used, 0, sizeof g->pool_used);
    for (int s = 0; s < SH_COUNT; s++)
        g->root[s] = pool_alloc(g);
}

uint32_t shadow_current_root(const struct guest *g)
{
    if (!(g->cr[ISA_CR_STATUS] & ISA_STATUS_PG))
        return g->root[SH_NOPG];
    return g->root[(g->cr[ISA_CR_STATUS] & ISA_STATUS_UM) ? SH_USER : SH_KERNEL];
}

/* ---- the virtual TLB ----------------------------------------------------- */

static struct vtlb_entry *vtlb_lookup(struct guest *g, uint32_t vpn)
{
    for (unsigned i = 0; i < g->tlb_n; i++)
        if (g->tlb[i].valid && g->tlb[i].vpn == vpn)
            return &g->tlb[i];
    return NULL;
}

static void unmap_both(struct guest *g, uint32_t vpn)
{
    sh_set(g, SH_KERNEL, vpn << ISA_PAGE_SHIFT, 0);
    sh_set(g, SH_USER, vpn << ISA_PAGE_SHIFT, 0);
}

/* Fill as the bare TLB fills: refresh in place, else replace FIFO. */
static void vtlb_fill(struct guest *g, uint32_t vpn, uint32_t pte)
{
    struct vtlb_entry *e = vtlb_lookup(g, vpn);
    if (!e) {
        e = &g->tlb[g->tlb_next];
        g->tlb_next = (g->tlb_next + 1) % g->tlb_n;
        if (e->valid)
            unmap_both(g, e->vpn);     /* the evicted translation leaves the shadow */
    }
    *e = (struct vtlb_entry){ true, vpn, pte };
}

void shadow_flush_all(struct guest *g)
{
    for (unsigned i = 0; i < g->tlb_n; i++)
        g->tlb[i].valid = false;
    g->tlb_next = 0;
    zap(g, SH_KERNEL);
    zap(g, SH_USER);
    g->st.tlb_flushes++;
}

void shadow_flush_page(struct guest *g, uint32_t va)
{
    struct vtlb_entry *e = vtlb_lookup(g, va >> ISA_PAGE_SHIFT);
    if (e)
        e->valid = false;
    unmap_both(g, va >> ISA_PAGE_SHIFT);
}

/* ---- the guest's page tables, walked as the bare MMU walks them -------- */

static bool gread(struct guest *g, uint32_t gpa, uint32_t *v)
{
    if (gpa >= g->ram_size || g->ram_size - gpa < 4)
        return false;                  /* a table outside the guest's RAM */
    *v = rd(g, g->ram_base + gpa);
    return true;
}

/* Returns the levels read (for the cycles the bare walker would charge);
 * *ok tells whether the walk found a permitted leaf (A/D then updated). */
static unsigned guest_walk(struct guest *g, uint32_t va, enum isa_access acc, bool user,
                           uint32_t *leaf, bool *ok)
{
    uint32_t p1, p2, l1 = (g->cr[ISA_CR_PTBR] & ~0xFFFu) + ((va >> 22) << 2);
    *ok = false;
    if (!gread(g, l1, &p1) || !isa_pte_is_pointer(p1))
        return 1;
    uint32_t l2 = (p1 & ~0xFFFu) + (((va >> 12) & 0x3FF) << 2);
    if (!gread(g, l2, &p2) || !isa_pte_is_leaf(p2) || !isa_pte_permits(p2, acc, user))
        return 2;
    bool writes = acc == ISA_ACC_STORE || acc == ISA_ACC_SWAP;
    uint32_t upd = p2 | ISA_PTE_A | (writes ? ISA_PTE_D : 0);
    if (upd != p2)
        wr(g, g->ram_base + l2, upd);
    *leaf = upd;
    *ok = true;
    return 2;
}

/* ---- device accesses (never mapped: they always come here) --------------- */

static enum mon_exit_reason mmio(struct guest *g, uint32_t gpa, uint32_t va, uint32_t insn,
                                 uint32_t base, uint32_t *cost, const char **action)
{
    struct isa_decoded d;
    const struct isa_timing *t = &machine_config(g->mon->m)->timing;
    *cost += g->mon->cfg.costs.mmio;
    if (!vdev_present(g, gpa)) {
        *action = "reflect BUS_ERROR (no device at that address)";
        vcpu_reflect(g, ISA_CAUSE_BUS_ERROR, va);
        return MON_EXIT_TRAP;
    }
    if (!isa_decode(insn, &d) || (d.op != ISA_OP_lw && d.op != ISA_OP_sw)) {
        *action = "reflect BUS_ERROR (devices take lw/sw only)";
        vcpu_reflect(g, ISA_CAUSE_BUS_ERROR, va);
        return MON_EXIT_TRAP;
    }
    bool write = d.op == ISA_OP_sw;
    uint32_t value = write ? g->r[d.rs2] : 0;
    g->vclock = g->vtime - base;       /* devices see the instruction's start */
    bool ok = vdev_access(g, gpa, write, &value);
    g->vclock = g->vtime;
    g->vtime += t->mmio;
    if (!ok) {
        *action = "reflect BUS_ERROR (no such device register)";
        vcpu_reflect(g, ISA_CAUSE_BUS_ERROR, va);
        return MON_EXIT_TRAP;
    }
    if (!write && d.rd)
        g->r[d.rd] = value;
    g->pc += 4;
    g->instret++;
    *action = write ? "emulate device write" : "emulate device read";
    return MON_EXIT_MMIO;
}

/* ---- a real page fault -------------------------------------------------- */

enum mon_exit_reason shadow_fault(struct guest *g, uint32_t cause, uint32_t va,
                                  uint32_t insn, uint32_t *cost, const char **action,
                                  uint32_t *addr)
{
    const struct isa_timing *t = &machine_config(g->mon->m)->timing;
    const struct mon_costs *c = &g->mon->cfg.costs;
    struct isa_decoded d;
    enum isa_access acc = cause == ISA_CAUSE_FETCH_FAULT ? ISA_ACC_FETCH
                        : cause == ISA_CAUSE_LOAD_FAULT ? ISA_ACC_LOAD : ISA_ACC_STORE;
    bool decoded = acc != ISA_ACC_FETCH && isa_decode(insn, &d);
    if (decoded && d.op == ISA_OP_swap)
        acc = ISA_ACC_SWAP;
    /* what the faulting attempt cost in real time; if the access is made
     * good the instruction runs again and pays it again */
    uint32_t base = decoded ? isa_insns[d.op].cycles : 0;
    bool user = vcpu_user(g);
    uint32_t gpa, pte = 0;
    *addr = va;

    if (!(g->cr[ISA_CR_STATUS] & ISA_STATUS_PG)) {
        gpa = va;                      /* paging off: no TLB, no protection */
        if (gpa < g->ram_size) {
            sh_set(g, SH_NOPG, va, (g->ram_base + (gpa & ~0xFFFu)) | ISA_PTE_V | ISA_PTE_R |
                   ISA_PTE_W | ISA_PTE_X | ISA_PTE_U | ISA_PTE_A | ISA_PTE_D);
            g->vtime -= base;
            g->st.shadow_fills++;
            *cost += c->shadow;
            *action = "map guest-physical page (paging off)";
            return MON_EXIT_SHADOW;
        }
    } else {
        uint32_t vpn = va >> ISA_PAGE_SHIFT;
        bool writes = acc == ISA_ACC_STORE || acc == ISA_ACC_SWAP;
        struct vtlb_entry *e = vtlb_lookup(g, vpn);
        if (e && !(writes && !(e->pte & ISA_PTE_D))) {
            if (!isa_pte_permits(e->pte, acc, user)) {
                *action = "reflect page fault (virtual TLB entry forbids it)";
                vcpu_reflect(g, cause, va);
                return MON_EXIT_PAGE_FAULT;
            }
            pte = e->pte;
        } else {
            bool ok;
            unsigned levels = guest_walk(g, va, acc, user, &pte, &ok);
            g->vtime += levels * t->walk_level;   /* the bare walker's cycles */
            *cost += levels * c->walk_level;
            if (!ok) {
                *action = "reflect page fault (guest page table)";
                vcpu_reflect(g, cause, va);
                return MON_EXIT_PAGE_FAULT;
            }
            vtlb_fill(g, vpn, pte);
        }
        gpa = (pte & ~0xFFFu) | (va & 0xFFFu);
        if (gpa < g->ram_size) {
            uint32_t perm = ISA_PTE_V | ISA_PTE_U | ISA_PTE_A | ISA_PTE_D |
                            (pte & (ISA_PTE_R | ISA_PTE_X)) |
                            ((pte & ISA_PTE_W) && (pte & ISA_PTE_D) ? ISA_PTE_W : 0);
            sh_set(g, user ? SH_USER : SH_KERNEL, va, (g->ram_base + (gpa & ~0xFFFu)) | perm);
            g->vtime -= base;
            g->st.shadow_fills++;
            *cost += c->shadow;
            *action = "fill shadow entry from the guest's page table";
            return MON_EXIT_SHADOW;
        }
    }
    if (gpa >= ISA_MMIO_BASE && acc != ISA_ACC_FETCH) {
        *addr = gpa;
        return mmio(g, gpa, va, insn, base, cost, action);
    }
    *action = "reflect BUS_ERROR (no guest memory there)";
    vcpu_reflect(g, ISA_CAUSE_BUS_ERROR, va);
    return MON_EXIT_TRAP;
}
