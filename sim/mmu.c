/*
 * mmu.c - the architectural MMU: the TLB and the two-level page-table
 * walker of SPEC.md "Paging".
 *
 * Owns: m->tlb (what the program can observe, including stale entries),
 * the walk, A/D updates, and the cycles a walk costs.  Knows nothing about
 * the host fast path except that it must drop fast-path entries whenever a
 * TLB entry goes away (mem_flush_stlb_page), so the fast path never
 * outlives the entry that justified it.
 *
 *   VA: | L1 index (10) | L2 index (10) | offset (12) |
 *   root table at PTBR -> L1 entry (a pointer: V=1, R=W=X=0)
 *                      -> L2 table -> leaf PTE (V=1 and some of R/W/X)
 */
#include <string.h>

#include "sim/internal.h"

/* Read one page-table entry from RAM; false if the table is outside RAM. */
static bool read_pte(struct machine *m, uint32_t pa, uint32_t *pte)
{
    if (pa >= m->ram_size || m->ram_size - pa < 4)
        return false;
    memcpy(pte, m->ram + pa, 4);
    return true;
}

static void write_pte(struct machine *m, uint32_t pa, uint32_t pte)
{
    memcpy(m->ram + pa, &pte, 4);
    mem_invalidate_code(m, pa, 4);
}

static struct tlb_entry *tlb_lookup(struct machine *m, uint32_t vpn)
{
    for (unsigned i = 0; i < m->tlb_n; i++)
        if (m->tlb[i].valid && m->tlb[i].vpn == vpn)
            return &m->tlb[i];
    return NULL;
}

/* Insert (or refresh) the entry for vpn.  FIFO replacement: the victim is
 * the slot after the last one filled, whatever was used since, so the
 * TLB's contents depend only on the sequence of misses. */
static void tlb_fill(struct machine *m, uint32_t vpn, uint32_t pte)
{
    struct tlb_entry *e = tlb_lookup(m, vpn);
    if (!e) {
        e = &m->tlb[m->tlb_next];
        m->tlb_next = (m->tlb_next + 1) % m->tlb_n;
        if (e->valid)
            mem_flush_stlb_page(m, e->vpn << ISA_PAGE_SHIFT);
    }
    e->valid = true;
    e->vpn = vpn;
    e->pte = pte;
}

/* The walk.  Charges walk_level cycles per table entry it reads. */
static bool walk(struct machine *m, uint32_t va, int acc, bool user, uint32_t *leaf)
{
    uint32_t cost = m->cfg.timing.walk_level;
    uint32_t root = m->cr[ISA_CR_PTBR] & ~0xFFFu;
    uint32_t l1_pa = root + ((va >> 22) << 2), pte1, pte2;

    m->stats.page_walks++;
    m->cycle += cost;
    m->stats.walk_cycles += cost;
    if (!read_pte(m, l1_pa, &pte1) || !isa_pte_is_pointer(pte1))
        return false;                       /* invalid or malformed L1 entry */

    uint32_t l2_pa = (pte1 & ~0xFFFu) + (((va >> 12) & 0x3FF) << 2);
    m->cycle += cost;
    m->stats.walk_cycles += cost;
    if (!read_pte(m, l2_pa, &pte2) || !isa_pte_is_leaf(pte2))
        return false;                       /* invalid, or a non-leaf at the last level */
    if (!isa_pte_permits(pte2, (enum isa_access)acc, user))
        return false;

    bool writes = acc == ACC_STORE || acc == ACC_SWAP;
    uint32_t upd = pte2 | ISA_PTE_A | (writes ? ISA_PTE_D : 0);
    if (upd != pte2)
        write_pte(m, l2_pa, upd);
    *leaf = upd;
    return true;
}

enum walk_status mmu_translate(struct machine *m, uint32_t va, int acc, bool user,
                               uint32_t *pa)
{
    if (!(m->cr[ISA_CR_STATUS] & ISA_STATUS_PG)) {
        *pa = va;
        return WALK_OK;
    }
    uint32_t vpn = va >> ISA_PAGE_SHIFT, pte;
    struct tlb_entry *e = tlb_lookup(m, vpn);
    bool writes = acc == ACC_STORE || acc == ACC_SWAP;
    if (e && !(writes && !(e->pte & ISA_PTE_D))) {
        /* A hit uses the cached PTE, stale or not.  No walk, no cost. */
        if (!isa_pte_permits(e->pte, (enum isa_access)acc, user))
            return WALK_FAULT;
        pte = e->pte;
    } else {
        /* A miss (or a store to a page whose cached PTE has D clear: the
         * walker must set D in memory, so it walks again). */
        m->stats.tlb_misses++;
        if (!walk(m, va, acc, user, &pte)) {
            mev(m, MEV_WALK, va, 0, 0, (uint32_t)(acc == ACC_SWAP ? ACC_STORE : acc), NULL);
            return WALK_FAULT;
        }
        tlb_fill(m, vpn, pte);
        mev(m, MEV_WALK, va, (pte & ~0xFFFu) | (va & 0xFFFu), 1, (uint32_t)(acc == ACC_SWAP ? ACC_STORE : acc), NULL);
    }
    *pa = (pte & ~0xFFFu) | (va & 0xFFFu);
    return WALK_OK;
}

void mmu_flush_all(struct machine *m)
{
    for (unsigned i = 0; i < m->tlb_n; i++)
        m->tlb[i].valid = false;
    m->tlb_next = 0;
    m->stats.tlb_flushes++;
    mem_flush_stlb(m);
    mev(m, MEV_TLB_FLUSH, 0, 0, 1, 0, NULL);
}

void mmu_flush_page(struct machine *m, uint32_t va)
{
    struct tlb_entry *e = tlb_lookup(m, va >> ISA_PAGE_SHIFT);
    if (e)
        e->valid = false;
    mem_flush_stlb_page(m, va & ~0xFFFu);
    mev(m, MEV_TLB_FLUSH, va, 0, 0, 0, NULL);
}
