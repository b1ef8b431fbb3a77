/*
 * cpu.c - the SM32 interpreter: executes instructions until the cycle
 * budget of the current slice runs out or something needs the machine's
 * attention (a trap stopping the run, a device access, an interrupt that
 * may have become deliverable).
 *
 * Owns: instruction semantics, trap entry, interrupt entry, the privileged
 * instructions.  Uses mem.c for every memory access that the fast path
 * cannot do, and mmu.c for TLB instructions.
 *
 * How it is fast (measure with `make bench`):
 *   - Instructions are decoded once per physical page into struct dinsn
 *     (mem.c keeps those pages and drops a decoded slot when its word is
 *     written).  `d` points at the current one; sequential execution is
 *     d++, a branch inside the page is d += offset.  A sentinel slot after
 *     the last one sends execution off the end of a page to `resync`.
 *   - Cycles are a countdown: `left` = cycles until the slice ends; each
 *     instruction subtracts its cost.  The cycle counter is derived
 *     (m->stop_at - left) only when something reads it.
 *   - Loads and stores first try the software TLB (one compare that also
 *     checks alignment); everything else is mem.c's slow path.
 *
 * Exactness: every way out of the fast loop syncs pc and cycle first, and
 * a slow path that changes the architectural TLB (m->tlb_gen) ends the
 * slice, so the next fetch is looked up again exactly as the spec says.
 */
#include <string.h>

#include "sim/internal.h"

/* Base cycle cost of each instruction, from the table: CY_add, CY_lw... */
enum {
#define INSN(name, opc, fmt, cyc, flags, meaning) CY_##name = cyc,
#include "isa/sm32.def"
#undef INSN
    CY_invalid = 1,
};

#if defined(__GNUC__)
#define LIKELY(x)   __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define LIKELY(x)   (x)
#define UNLIKELY(x) (x)
#endif

/* Portable sign handling on guest values (unsigned everywhere else). */
static inline int64_t sx64(uint32_t x) { return (int64_t)(x ^ 0x80000000u) - 0x80000000LL; }
static inline bool lt_signed(uint32_t a, uint32_t b) { return (a ^ 0x80000000u) < (b ^ 0x80000000u); }
static inline uint32_t asr(uint32_t x, unsigned s)
{
    return (x >> s) | ((x & 0x80000000u) ? ~(0xFFFFFFFFu >> s) : 0);
}

static uint32_t div_s(uint32_t a, uint32_t b)
{
    if (b == 0) return 0xFFFFFFFFu;
    if (a == 0x80000000u && b == 0xFFFFFFFFu) return 0x80000000u;
    return (uint32_t)(sx64(a) / sx64(b));
}
static uint32_t rem_s(uint32_t a, uint32_t b)
{
    if (b == 0) return a;
    if (a == 0x80000000u && b == 0xFFFFFFFFu) return 0;
    return (uint32_t)(sx64(a) % sx64(b));
}

/* Fill one decoded slot from an instruction word. */
static void predecode(struct dinsn *d, uint32_t w)
{
    struct isa_decoded x;
    if (!isa_decode(w, &x)) {
        *d = (struct dinsn){ .op = DOP_ILLEGAL };
        return;
    }
    d->op = (uint8_t)x.op;
    d->rd = x.rd ? x.rd : REG_SINK;
    d->rs1 = x.rs1;
    d->rs2 = x.rs2;
    switch (isa_insns[x.op].format) {
    case ISA_FMT_B: case ISA_FMT_J: d->imm = (uint32_t)((int32_t)x.imm / 4); break;
    case ISA_FMT_CRR: case ISA_FMT_CRW: d->imm = x.cr; break;
    case ISA_FMT_U: d->imm = x.imm << 16; break;
    case ISA_FMT_R: case ISA_FMT_I: case ISA_FMT_IU: case ISA_FMT_SH: case ISA_FMT_L:
    case ISA_FMT_S: case ISA_FMT_A: case ISA_FMT_N: case ISA_FMT_R1: case ISA_FMT_COUNT:
        d->imm = x.imm;
        break;
    }
}

/* Trap entry (SPEC.md "Traps").  m->pc is the trapping instruction (or,
 * for an interrupt, the next one) and m->cycle is up to date. */
void cpu_trap(struct machine *m, uint32_t cause, uint32_t badvaddr)
{
    bool mem = isa_cause_sets_badvaddr(cause);
    m->last_trap = (struct machine_trap){ cause, m->pc, mem ? badvaddr : m->cr[ISA_CR_BADVADDR],
                                          m->cycle, cpu_user(m) };
    m->trapped_this_step = true;
    m->stats.traps[cause & 31]++;
    if (cause < ISA_CAUSE_IRQ_BASE && (m->cr[ISA_CR_STATUS] & ISA_STATUS_PG))
        m->stats.tlb_lookups++;       /* the trapping instruction was fetched */
    m->waiting = false;
    if (m->trap_exits || m->cr[ISA_CR_TVEC] == 0)
        mev(m, MEV_TRAP, cause, m->last_trap.badvaddr, m->last_trap.user, 0, NULL);
    if (m->trap_exits) {              /* the monitor takes it from here */
        m->stop = MACHINE_TRAPPED;
        return;
    }
    if (m->cr[ISA_CR_TVEC] == 0) {    /* no handler: stop, and say why */
        m->stop = MACHINE_UNHANDLED_TRAP;
        return;
    }
    uint32_t st = m->cr[ISA_CR_STATUS];
    uint32_t saved = ((st & ISA_STATUS_IE) ? ISA_STATUS_PIE : 0) |
                     ((st & ISA_STATUS_UM) ? ISA_STATUS_PUM : 0);
    m->cr[ISA_CR_STATUS] = (st & ISA_STATUS_PG) | saved;   /* kernel mode, IE off */
    m->cr[ISA_CR_EPC] = m->pc;
    m->cr[ISA_CR_CAUSE] = cause;
    if (mem)
        m->cr[ISA_CR_BADVADDR] = badvaddr;
    m->pc = m->cr[ISA_CR_TVEC];
    m->cycle += m->cfg.timing.trap_entry;
    mev(m, MEV_TRAP, cause, m->last_trap.badvaddr, m->last_trap.user, m->pc, NULL);
}

void cpu_take_interrupt(struct machine *m)
{
    uint32_t pending = m->ipend & m->cr[ISA_CR_IENABLE];
    if (!(m->cr[ISA_CR_STATUS] & ISA_STATUS_IE) || !pending)
        return;
    unsigned line = 0;
    while (!(pending & (1u << line)))
        line++;                        /* lowest line first */
    m->stats.interrupts++;
    cpu_trap(m, ISA_CAUSE_IRQ_BASE + line, 0);
}

/* mtcr, with the side effects on the fast paths. */
void cpu_cr_write(struct machine *m, unsigned cr, uint32_t v)
{
    switch (cr) {
    case ISA_CR_STATUS: {
        uint32_t old = m->cr[cr];
        v &= ISA_STATUS_MASK;
        m->cr[cr] = v;
        if ((old ^ v) & ISA_STATUS_PG)
            mem_flush_stlb(m);         /* identity map <-> page tables */
        break;
    }
    case ISA_CR_EPC:
    case ISA_CR_TVEC:
        m->cr[cr] = v & ~3u;           /* instruction addresses: low bits are 0 */
        break;
    case ISA_CR_PTBR:
        m->cr[cr] = v & ~0xFFFu;
        mmu_flush_all(m);              /* a new address space: the TLB is flushed */
        break;
    default:
        m->cr[cr] = v;
        break;
    }
    m->exit_slice = true;              /* an interrupt may now be deliverable */
}

/* swap: an atomic exchange; always the slow path.  False if it trapped. */
static bool do_swap(struct machine *m, const struct dinsn *d)
{
    uint32_t va = m->r[d->rs1];
    struct mem_result a;
    if (va & 3) {
        cpu_trap(m, ISA_CAUSE_MISALIGNED, va);
        return false;
    }
    if (!mem_access(m, va, 4, ACC_SWAP, &a))   /* one access: needs R and W */
        return false;
    if (!a.host) {                     /* no atomics on device registers */
        cpu_trap(m, ISA_CAUSE_BUS_ERROR, va);
        return false;
    }
    uint32_t old, val = m->r[d->rs2];
    memcpy(&old, a.host, 4);
    memcpy(a.host, &val, 4);
    mem_invalidate_code(m, (uint32_t)(a.host - m->ram), 4);
    m->r[d->rd] = old;
    return true;
}

#if defined(__GNUC__) && !defined(SIMMON_SWITCH_DISPATCH)
#define USE_COMPUTED_GOTO 1
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#endif

void cpu_execute(struct machine *m)
{
    uint32_t *const r = m->r;
    const uint32_t taken = m->cfg.timing.branch_taken;
    const bool leaky = m->cfg.variant == ISA_VARIANT_LEAKY;
    struct dinsn *base = NULL, *d = NULL;
    uint8_t *hpage = NULL;
    uint32_t vbase = 0, gen = 0;
    struct stlb_entry *sl = NULL, *ss = NULL;
    uint64_t n = 0;                       /* instructions retired */
    /* For the TLB statistics (kept in memory, not in registers: the hot
     * loop needs those).  Paging can only change at mtcr STATUS, which
     * ends the slice: every instruction of this call is fetched with the
     * paging state of now. */
    const uint64_t data0 = m->fast_data;
    m->slice_paged = (m->cr[ISA_CR_STATUS] & ISA_STATUS_PG) != 0;
    int64_t left;

#ifdef USE_COMPUTED_GOTO
    static const void *const labels[DOP_COUNT] = {
        [DOP_DECODE] = &&L_decode, [DOP_ILLEGAL] = &&L_illegal, [DOP_PAGE_END] = &&L_page_end,
#define INSN(name, opc, fmt, cyc, flags, meaning) [ISA_OP_##name] = &&L_##name,
#include "isa/sm32.def"
#undef INSN
    };
#define DISPATCH() goto *labels[d->op]
#define LABEL(name) L_##name:
#else
#define DISPATCH() goto dispatch
#define LABEL(name)
#endif
#define CASE(name) case ISA_OP_##name: LABEL(name)
#define PC() (vbase + ((uint32_t)(d - base) << 2))
/* Leave the fast loop: make pc and cycle architectural again. */
#define SYNC() do { m->pc = PC(); m->cycle = m->stop_at - (uint64_t)left; } while (0)
/* Retire the current instruction and go on to the next. */
#define NEXT(cy) do { left -= (cy); d++; n++; \
        if (UNLIKELY(left <= 0)) goto out; else DISPATCH(); } while (0)
/* The same after a slow path (which may have ended the slice). */
#define NEXT_SLOW(cy) do { left = (int64_t)(m->stop_at - m->cycle) - (cy); d++; n++; \
        if (left <= 0 || m->exit_slice || m->tlb_gen != gen) goto out; else DISPATCH(); } while (0)
/* The current instruction traps: it costs its base cycles plus entry. */
#define TRAP(cause, bad, cy) do { SYNC(); m->cycle += (cy); \
        cpu_trap(m, (cause), (bad)); goto resync; } while (0)
#define SLOW_FAILED(cy) do { m->cycle += (cy); goto resync; } while (0)
#define PRIVILEGED(cy) do { if (cpu_user(m)) TRAP(ISA_CAUSE_PRIV, 0, cy); } while (0)
/* Transfer control to address t (already charged). */
#define JUMP_TO(t) do { uint32_t t_ = (t); \
        if ((t_ & ~0xFFFu) == vbase) { d = base + ((t_ & 0xFFFu) >> 2); \
            if (UNLIKELY(left <= 0)) goto out; else DISPATCH(); } \
        m->pc = t_; m->cycle = m->stop_at - (uint64_t)left; goto resync; } while (0)
#define BRANCH(cond, cy) do { if (cond) { \
        int32_t i_ = (int32_t)(d - base) + (int32_t)d->imm; left -= (cy) + taken; n++; \
        if ((uint32_t)i_ < PAGE_WORDS) { d = base + i_; \
            if (UNLIKELY(left <= 0)) goto out; else DISPATCH(); } \
        m->pc = vbase + ((uint32_t)i_ << 2); m->cycle = m->stop_at - (uint64_t)left; \
        goto resync; } NEXT(cy); } while (0)
#define LOAD(name, size, type, conv) CASE(name) { \
        uint32_t va = r[d->rs1] + d->imm; \
        const struct stlb_entry *e = &sl[(va >> 12) & (STLB_SIZE - 1)]; \
        if (LIKELY(e->tag == (va & (0xFFFFF000u | (size - 1))))) { \
            type v_; memcpy(&v_, (const void *)(e->addend + va), size); \
            r[d->rd] = conv(v_); m->fast_data++; NEXT(CY_##name); } \
        uint32_t v_; SYNC(); \
        if (!mem_load_slow(m, va, size, &v_)) SLOW_FAILED(CY_##name); \
        r[d->rd] = conv((type)v_); NEXT_SLOW(CY_##name); }
#define STORE(name, size, type) CASE(name) { \
        uint32_t va = r[d->rs1] + d->imm; \
        const struct stlb_entry *e = &ss[(va >> 12) & (STLB_SIZE - 1)]; \
        if (LIKELY(e->tag == (va & (0xFFFFF000u | (size - 1))))) { \
            type v_ = (type)r[d->rs2]; memcpy((void *)(e->addend + va), &v_, size); \
            m->fast_data++; NEXT(CY_##name); } \
        SYNC(); \
        if (!mem_store_slow(m, va, size, r[d->rs2])) SLOW_FAILED(CY_##name); \
        NEXT_SLOW(CY_##name); }
#define SX8(v)  ((uint32_t)isa_sext((v), 8))
#define SX16(v) ((uint32_t)isa_sext((v), 16))
#define ZX(v)   ((uint32_t)(v))

resync:
    /* m->pc and m->cycle are architectural here: look up the page to fetch from. */
    left = (int64_t)(m->stop_at - m->cycle);
    if (left <= 0 || m->stop != MACHINE_RUNNING || m->exit_slice)
        goto done;
    if (UNLIKELY(m->pc & 3)) {           /* only reachable by a bad EPC/TVEC: masked */
        cpu_trap(m, ISA_CAUSE_MISALIGNED, m->pc);
        goto resync;
    }
    {
        struct dpage *p = mem_fetch_page(m, m->pc, &hpage);
        if (!p)
            goto resync;                 /* fetch fault or bus error: trap taken */
        base = p->insn;
        vbase = m->pc & ~0xFFFu;
        d = base + ((m->pc & 0xFFFu) >> 2);
        sl = m->stlb[cpu_user(m)][ACC_LOAD];
        ss = m->stlb[cpu_user(m)][ACC_STORE];
        gen = m->tlb_gen;
        /* The fetch (and its walk, if the TLB missed) is the start of the
         * instruction: it runs to completion even if the walk took the
         * cycle count past the end of the slice.  (So a single step always
         * retires an instruction, and an event due during a fetch walk is
         * seen after that instruction, like any other.) */
        left = (int64_t)(m->stop_at - m->cycle);
    }
    DISPATCH();

#ifndef USE_COMPUTED_GOTO
dispatch:
#endif
    switch (d->op) {
    case DOP_DECODE: LABEL(decode) {
        uint32_t w;
        memcpy(&w, hpage + ((uint32_t)(d - base) << 2), 4);
        predecode(d, w);
        DISPATCH();
    }
    case DOP_PAGE_END: LABEL(page_end)
        SYNC();
        goto resync;
    case DOP_ILLEGAL: LABEL(illegal)
        TRAP(ISA_CAUSE_ILLEGAL, 0, CY_invalid);

    /* ---- ALU ---- */
    CASE(add)   r[d->rd] = r[d->rs1] + r[d->rs2]; NEXT(CY_add);
    CASE(sub)   r[d->rd] = r[d->rs1] - r[d->rs2]; NEXT(CY_sub);
    CASE(and)   r[d->rd] = r[d->rs1] & r[d->rs2]; NEXT(CY_and);
    CASE(or)    r[d->rd] = r[d->rs1] | r[d->rs2]; NEXT(CY_or);
    CASE(xor)   r[d->rd] = r[d->rs1] ^ r[d->rs2]; NEXT(CY_xor);
    CASE(sll)   r[d->rd] = r[d->rs1] << (r[d->rs2] & 31); NEXT(CY_sll);
    CASE(srl)   r[d->rd] = r[d->rs1] >> (r[d->rs2] & 31); NEXT(CY_srl);
    CASE(sra)   r[d->rd] = asr(r[d->rs1], r[d->rs2] & 31); NEXT(CY_sra);
    CASE(slt)   r[d->rd] = lt_signed(r[d->rs1], r[d->rs2]); NEXT(CY_slt);
    CASE(sltu)  r[d->rd] = r[d->rs1] < r[d->rs2]; NEXT(CY_sltu);
    CASE(addi)  r[d->rd] = r[d->rs1] + d->imm; NEXT(CY_addi);
    CASE(andi)  r[d->rd] = r[d->rs1] & d->imm; NEXT(CY_andi);
    CASE(ori)   r[d->rd] = r[d->rs1] | d->imm; NEXT(CY_ori);
    CASE(xori)  r[d->rd] = r[d->rs1] ^ d->imm; NEXT(CY_xori);
    CASE(slli)  r[d->rd] = r[d->rs1] << d->imm; NEXT(CY_slli);
    CASE(srli)  r[d->rd] = r[d->rs1] >> d->imm; NEXT(CY_srli);
    CASE(srai)  r[d->rd] = asr(r[d->rs1], d->imm); NEXT(CY_srai);
    CASE(slti)  r[d->rd] = lt_signed(r[d->rs1], d->imm); NEXT(CY_slti);
    CASE(sltiu) r[d->rd] = r[d->rs1] < d->imm; NEXT(CY_sltiu);
    CASE(lui)   r[d->rd] = d->imm; NEXT(CY_lui);
    CASE(auipc) r[d->rd] = PC() + d->imm; NEXT(CY_auipc);

    /* ---- multiply / divide ---- */
    CASE(mul)   r[d->rd] = r[d->rs1] * r[d->rs2]; NEXT(CY_mul);
    CASE(mulh)  r[d->rd] = (uint32_t)((uint64_t)(sx64(r[d->rs1]) * sx64(r[d->rs2])) >> 32); NEXT(CY_mulh);
    CASE(mulhu) r[d->rd] = (uint32_t)(((uint64_t)r[d->rs1] * r[d->rs2]) >> 32); NEXT(CY_mulhu);
    CASE(div)   r[d->rd] = div_s(r[d->rs1], r[d->rs2]); NEXT(CY_div);
    CASE(divu)  r[d->rd] = r[d->rs2] ? r[d->rs1] / r[d->rs2] : 0xFFFFFFFFu; NEXT(CY_divu);
    CASE(rem)   r[d->rd] = rem_s(r[d->rs1], r[d->rs2]); NEXT(CY_rem);
    CASE(remu)  r[d->rd] = r[d->rs2] ? r[d->rs1] % r[d->rs2] : r[d->rs1]; NEXT(CY_remu);

    /* ---- memory ---- */
    LOAD(lb,  1, uint8_t,  SX8)
    LOAD(lh,  2, uint16_t, SX16)
    LOAD(lw,  4, uint32_t, ZX)
    LOAD(lbu, 1, uint8_t,  ZX)
    LOAD(lhu, 2, uint16_t, ZX)
    STORE(sb, 1, uint8_t)
    STORE(sh, 2, uint16_t)
    STORE(sw, 4, uint32_t)
    CASE(swap)
        SYNC();
        if (!do_swap(m, d)) SLOW_FAILED(CY_swap);
        NEXT_SLOW(CY_swap);

    /* ---- control transfer ---- */
    CASE(beq)  BRANCH(r[d->rs1] == r[d->rs2], CY_beq);
    CASE(bne)  BRANCH(r[d->rs1] != r[d->rs2], CY_bne);
    CASE(blt)  BRANCH(lt_signed(r[d->rs1], r[d->rs2]), CY_blt);
    CASE(bge)  BRANCH(!lt_signed(r[d->rs1], r[d->rs2]), CY_bge);
    CASE(bltu) BRANCH(r[d->rs1] < r[d->rs2], CY_bltu);
    CASE(bgeu) BRANCH(r[d->rs1] >= r[d->rs2], CY_bgeu);
    CASE(jal) {
        uint32_t pc = PC();
        r[d->rd] = pc + 4;
        left -= CY_jal;
        n++;
        JUMP_TO(pc + (d->imm << 2));
    }
    CASE(jalr) {
        uint32_t t = r[d->rs1] + d->imm;
        if (UNLIKELY(t & 3))
            TRAP(ISA_CAUSE_MISALIGNED, t, CY_jalr);
        r[d->rd] = PC() + 4;
        left -= CY_jalr;
        n++;
        JUMP_TO(t);
    }

    /* ---- system ---- */
    CASE(syscall) TRAP(ISA_CAUSE_SYSCALL, 0, CY_syscall);
    CASE(break)   TRAP(ISA_CAUSE_BREAK, 0, CY_break);
    CASE(mfcr)
        if (cpu_user(m) && !(leaky && d->imm == ISA_CR_STATUS))
            TRAP(ISA_CAUSE_PRIV, 0, CY_mfcr);   /* leaky: STATUS readable, the flaw */
        if (d->imm >= ISA_CR_COUNT)
            TRAP(ISA_CAUSE_ILLEGAL, 0, CY_mfcr);
        SYNC();
        r[d->rd] = machine_cr(m, d->imm);   /* CYCLE: cycles before this mfcr */
        NEXT_SLOW(CY_mfcr);
    CASE(mtcr)
        PRIVILEGED(CY_mtcr);
        if (!isa_cr_writable(d->imm))
            TRAP(ISA_CAUSE_ILLEGAL, 0, CY_mtcr);
        SYNC();
        cpu_cr_write(m, d->imm, r[d->rs1]);
        m->pc += 4;
        m->cycle += CY_mtcr;
        n++;
        goto resync;                    /* mode, paging or TLB may have changed */
    CASE(eret) {
        PRIVILEGED(CY_eret);
        SYNC();
        uint32_t st = m->cr[ISA_CR_STATUS];
        st &= ~(ISA_STATUS_UM | ISA_STATUS_IE);
        st |= (st & ISA_STATUS_PUM) ? ISA_STATUS_UM : 0;
        st |= (st & ISA_STATUS_PIE) ? ISA_STATUS_IE : 0;
        m->cr[ISA_CR_STATUS] = st;
        m->pc = m->cr[ISA_CR_EPC];
        m->cycle += CY_eret;
        m->exit_slice = true;           /* IE may be on again: check interrupts */
        n++;
        goto resync;
    }
    CASE(tlbi)
        PRIVILEGED(CY_tlbi);
        SYNC();
        mmu_flush_page(m, r[d->rs1]);
        m->pc += 4;
        m->cycle += CY_tlbi;
        n++;
        goto resync;
    CASE(tlbia)
        PRIVILEGED(CY_tlbia);
        SYNC();
        mmu_flush_all(m);
        m->pc += 4;
        m->cycle += CY_tlbia;
        n++;
        goto resync;
    CASE(wfi)
        PRIVILEGED(CY_wfi);
        SYNC();
        m->pc += 4;
        m->cycle += CY_wfi;
        m->waiting = true;
        m->exit_slice = true;
        n++;
        goto resync;
    CASE(halt)
        PRIVILEGED(CY_halt);
        SYNC();
        m->pc += 4;
        m->cycle += CY_halt;
        m->stop = MACHINE_HALTED;
        n++;
        goto resync;
    default:
        TRAP(ISA_CAUSE_ILLEGAL, 0, CY_invalid);   /* unreachable: every code has a case */
    }

out:
    SYNC();
done:
    m->instret += n;
    if (m->slice_paged)                     /* slow paths count their own */
        m->stats.tlb_lookups += n + (m->fast_data - data0);
}

#ifdef USE_COMPUTED_GOTO
#pragma GCC diagnostic pop
#endif
