/*
 * mem.c - the memory access path: physical memory map (RAM and devices),
 * the slow path of loads, stores and fetches, and the host fast paths that
 * make the common case cheap.
 *
 * Owns: RAM contents, the software TLB (m->stlb), the predecoded pages
 * (m->dpages).  Translation itself belongs to mmu.c.
 *
 * The fast path (in cpu.c) is: index m->stlb[mode][kind] by virtual page,
 * compare the tag, add the addend, touch host memory.  Everything else
 * lands here: the first access to a page, MMIO, misalignment, faults.  An
 * access that succeeds on a RAM page installs a fast-path entry, except a
 * store to a page holding predecoded code: such stores must come here so
 * the decoded copy can be dropped (self-modifying code stays correct).
 */
#include <stdlib.h>
#include <string.h>

#include "sim/internal.h"

static uint32_t fault_cause(int acc)
{
    return acc == ACC_LOAD ? ISA_CAUSE_LOAD_FAULT
         : acc == ACC_FETCH ? ISA_CAUSE_FETCH_FAULT : ISA_CAUSE_STORE_FAULT;
}

static struct device *device_at(struct machine *m, uint32_t pa)
{
    if (pa < ISA_MMIO_BASE)
        return NULL;
    uint32_t slot = (pa - ISA_MMIO_BASE) >> ISA_PAGE_SHIFT;
    return slot < NDEV_SLOTS && m->dev[slot].ops ? &m->dev[slot] : NULL;
}

void mem_flush_stlb(struct machine *m)
{
    m->tlb_gen++;
    for (int u = 0; u < 2; u++)
        for (int k = 0; k < 3; k++)
            for (int i = 0; i < STLB_SIZE; i++)
                m->stlb[u][k][i].tag = STLB_INVALID;
}

void mem_flush_stlb_page(struct machine *m, uint32_t vpage)
{
    unsigned i = (vpage >> ISA_PAGE_SHIFT) & (STLB_SIZE - 1);
    m->tlb_gen++;
    for (int u = 0; u < 2; u++)
        for (int k = 0; k < 3; k++)
            if (m->stlb[u][k][i].tag == vpage)
                m->stlb[u][k][i].tag = STLB_INVALID;
}

static void stlb_fill(struct machine *m, int acc, uint32_t va, uint32_t pa)
{
    uint32_t vpage = va & ~0xFFFu;
    struct stlb_entry *e = &m->stlb[cpu_user(m)][acc][(va >> ISA_PAGE_SHIFT) & (STLB_SIZE - 1)];
    e->tag = vpage;
    e->addend = (uintptr_t)(m->ram + (pa & ~0xFFFu)) - vpage;
}

bool mem_access(struct machine *m, uint32_t va, unsigned size, int acc, struct mem_result *res)
{
    uint32_t pa;
    memset(res, 0, sizeof *res);
    if (acc != ACC_FETCH && (m->cr[ISA_CR_STATUS] & ISA_STATUS_PG))
        m->stats.tlb_lookups++;              /* a slow-path data access */
    if (mmu_translate(m, va, acc, cpu_user(m), &pa) != WALK_OK) {
        cpu_trap(m, fault_cause(acc), va);
        return false;
    }
    if (pa < m->ram_size && m->ram_size - pa >= size) {
        res->host = m->ram + pa;
        uint32_t ppn = pa >> ISA_PAGE_SHIFT;
        /* no fast path for stores to code pages, nor for data while
         * watchpoints exist (every access must be checked) */
        if (acc != ACC_SWAP && (acc != ACC_STORE || !m->dpages[ppn]) &&
            (acc == ACC_FETCH || !m->nwatches))
            stlb_fill(m, acc, va, pa);
        return true;
    }
    struct device *dev = device_at(m, pa);
    if (dev && acc != ACC_FETCH && size == 4) {
        res->dev = dev;
        res->offset = pa & 0xFFFu;
        return true;
    }
    cpu_trap(m, ISA_CAUSE_BUS_ERROR, va);
    return false;
}

bool mem_load_slow(struct machine *m, uint32_t va, unsigned size, uint32_t *val)
{
    struct mem_result r;
    if (va & (size - 1)) {
        cpu_trap(m, ISA_CAUSE_MISALIGNED, va);
        return false;
    }
    if (!mem_access(m, va, size, ACC_LOAD, &r))
        return false;
    if (r.host) {
        uint32_t v = 0;
        memcpy(&v, r.host, size);            /* the host is little-endian, like SM32 */
        *val = v;
        if (m->nwatches)
            mem_check_watch(m, va, size, false, v);
        return true;
    }
    /* The device sees the access at the cycle the instruction started;
     * the MMIO latency is charged after. */
    m->stats.mmio_reads++;
    m->exit_slice = true;                    /* a device may have changed the plan */
    bool ok = r.dev->ops->read(r.dev->state, r.offset, val);
    mev(m, MEV_MMIO, r.offset, ok ? *val : 0, 0, ok, r.dev->ops->name);
    m->cycle += m->cfg.timing.mmio;
    if (!ok) {
        cpu_trap(m, ISA_CAUSE_BUS_ERROR, va);
        return false;
    }
    return true;
}

bool mem_store_slow(struct machine *m, uint32_t va, unsigned size, uint32_t val)
{
    struct mem_result r;
    if (va & (size - 1)) {
        cpu_trap(m, ISA_CAUSE_MISALIGNED, va);
        return false;
    }
    if (!mem_access(m, va, size, ACC_STORE, &r))
        return false;
    if (r.host) {
        memcpy(r.host, &val, size);
        mem_invalidate_code(m, (uint32_t)(r.host - m->ram), size);
        if (m->nwatches)
            mem_check_watch(m, va, size, true, val);
        return true;
    }
    m->stats.mmio_writes++;
    m->exit_slice = true;
    bool ok = r.dev->ops->write(r.dev->state, r.offset, val);
    mev(m, MEV_MMIO, r.offset, val, 1, ok, r.dev->ops->name);
    m->cycle += m->cfg.timing.mmio;
    if (!ok) {
        cpu_trap(m, ISA_CAUSE_BUS_ERROR, va);
        return false;
    }
    return true;
}

/* Drop every fast-path store entry that points into host page `hp`: that
 * page now holds decoded code, so stores to it must take the slow path. */
static void forbid_fast_stores(struct machine *m, uint8_t *hp)
{
    for (int u = 0; u < 2; u++)
        for (int i = 0; i < STLB_SIZE; i++) {
            struct stlb_entry *e = &m->stlb[u][ACC_STORE][i];
            if (e->tag != STLB_INVALID && (uint8_t *)(e->addend + e->tag) == hp)
                e->tag = STLB_INVALID;
        }
}

struct dpage *mem_fetch_page(struct machine *m, uint32_t va, uint8_t **host_page)
{
    struct stlb_entry *e = &m->stlb[cpu_user(m)][ACC_FETCH][(va >> ISA_PAGE_SHIFT) & (STLB_SIZE - 1)];
    uint8_t *hp;
    if (e->tag == (va & ~0xFFFu)) {
        hp = (uint8_t *)(e->addend + e->tag);
    } else {
        struct mem_result r;
        if (!mem_access(m, va, 4, ACC_FETCH, &r))
            return NULL;
        hp = r.host - (va & 0xFFFu);
    }
    uint32_t ppn = (uint32_t)(hp - m->ram) >> ISA_PAGE_SHIFT;
    struct dpage *p = m->dpages[ppn];
    if (!p) {
        p = calloc(1, sizeof *p);            /* every slot DOP_DECODE */
        if (!p) {                            /* the host, not the guest, failed */
            fprintf(stderr, "simmon: out of host memory\n");
            abort();
        }
        p->insn[PAGE_WORDS].op = DOP_PAGE_END;
        m->dpages[ppn] = p;
        forbid_fast_stores(m, hp);
    }
    *host_page = hp;
    return p;
}

void mem_invalidate_code(struct machine *m, uint32_t pa, uint32_t len)
{
    uint64_t end = (uint64_t)pa + len;
    if (end > m->ram_size)
        end = m->ram_size;
    for (uint64_t a = pa & ~3u; a < end;) {
        struct dpage *p = m->dpages[a >> ISA_PAGE_SHIFT];
        if (!p) {                            /* no code here: skip the page */
            a = (a & ~0xFFFull) + ISA_PAGE_SIZE;
            continue;
        }
        p->insn[(a & 0xFFFu) >> 2].op = DOP_DECODE;
        a += 4;
    }
}

void mem_check_watch(struct machine *m, uint32_t va, unsigned size, bool write, uint32_t value)
{
    for (size_t i = 0; i < m->nwatches; i++) {
        const struct machine_watch *w = &m->watches[i];
        if (!(w->kind & (write ? 2u : 1u)))
            continue;
        uint64_t a0 = va, a1 = (uint64_t)va + size, w0 = w->addr, w1 = (uint64_t)w->addr + w->len;
        if (a0 < w1 && w0 < a1) {
            m->watch_hit = (struct machine_watch_hit){ m->pc, va, size, value, write, i };
            m->watch_stop = true;
            m->exit_slice = true;
            return;
        }
    }
}

void mem_free_dpages(struct machine *m)
{
    for (uint32_t i = 0; i < m->ndpages; i++) {
        free(m->dpages[i]);
        m->dpages[i] = NULL;
    }
}
