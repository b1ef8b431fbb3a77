/*
 * vcpu.c - the virtual CPU: what the guest believes its processor is.
 *
 * Owns: trap REFLECTION (delivering a trap into the guest exactly as the
 * bare machine's trap entry would: virtual EPC, CAUSE, BADVADDR, STATUS,
 * jump to the virtual TVEC), the EMULATION of privileged instructions that
 * the guest kernel executes (they trap, since the guest runs in real user
 * mode), and the injection of virtual interrupts.
 *
 * Every step keeps the guest's virtual clock equal to the bare machine's:
 * a reflected trap adds the trap-entry cost, an emulated instruction costs
 * what the bare instruction costs (its base cost was already counted when
 * the real machine charged the trapping attempt).
 */
#include <string.h>

#include "monitor/internal.h"

static const struct isa_timing *timing(const struct guest *g)
{
    return &machine_config(g->mon->m)->timing;
}

void vcpu_reset(struct guest *g)
{
    memset(g->r, 0, sizeof g->r);
    memset(g->cr, 0, sizeof g->cr);
    g->r[2] = g->ram_size;             /* boot convention: sp = top of RAM */
    g->pc = g->image.entry;
    g->ipend = 0;
    g->waiting = false;
    g->vtime = g->vclock = 0;
}

bool vcpu_user(const struct guest *g)
{
    return (g->cr[ISA_CR_STATUS] & ISA_STATUS_UM) != 0;
}

bool vcpu_reflect(struct guest *g, uint32_t cause, uint32_t badvaddr)
{
    if (g->cr[ISA_CR_TVEC] == 0) {     /* the guest has no handler: as bare, it stops */
        mon_stop_guest(g, MON_GUEST_CRASHED, cause);
        return false;
    }
    uint32_t st = g->cr[ISA_CR_STATUS];
    g->cr[ISA_CR_STATUS] = (st & ISA_STATUS_PG) |
                           ((st & ISA_STATUS_IE) ? ISA_STATUS_PIE : 0) |
                           ((st & ISA_STATUS_UM) ? ISA_STATUS_PUM : 0);
    g->cr[ISA_CR_EPC] = g->pc;
    g->cr[ISA_CR_CAUSE] = cause;
    if (isa_cause_sets_badvaddr(cause))
        g->cr[ISA_CR_BADVADDR] = badvaddr;
    g->pc = g->cr[ISA_CR_TVEC];
    g->vtime += timing(g)->trap_entry;
    g->waiting = false;
    return true;
}

enum mon_exit_reason vcpu_emulate(struct guest *g, uint32_t insn, const char **action)
{
    struct isa_decoded d;
    if (!isa_decode(insn, &d) || !(isa_insns[d.op].flags & ISA_F_PRIV)) {
        *action = "reflect ILLEGAL";           /* cannot happen on a sane machine */
        vcpu_reflect(g, ISA_CAUSE_ILLEGAL, 0);
        return MON_EXIT_TRAP;
    }
    uint32_t base = isa_insns[d.op].cycles;
    switch ((int)d.op) {   /* only the privileged rows reach here */
    case ISA_OP_mfcr: {
        if (d.cr >= ISA_CR_COUNT) {
            *action = "reflect ILLEGAL (no such control register)";
            vcpu_reflect(g, ISA_CAUSE_ILLEGAL, 0);
            return MON_EXIT_TRAP;
        }
        uint64_t start = g->vtime - base;      /* cycles before this instruction */
        uint32_t v = d.cr == ISA_CR_CYCLE ? (uint32_t)start
                   : d.cr == ISA_CR_CYCLEH ? (uint32_t)(start >> 32)
                   : d.cr == ISA_CR_IPEND ? g->ipend : g->cr[d.cr];
        if (d.rd)
            g->r[d.rd] = v;
        *action = "emulate mfcr";
        break;
    }
    case ISA_OP_mtcr: {
        if (!isa_cr_writable(d.cr)) {
            *action = "reflect ILLEGAL (read-only control register)";
            vcpu_reflect(g, ISA_CAUSE_ILLEGAL, 0);
            return MON_EXIT_TRAP;
        }
        uint32_t v = g->r[d.rs1];
        switch (d.cr) {
        case ISA_CR_STATUS: v &= ISA_STATUS_MASK; break;
        case ISA_CR_EPC: case ISA_CR_TVEC: v &= ~3u; break;
        case ISA_CR_PTBR: v &= ~0xFFFu; break;
        default: break;
        }
        g->cr[d.cr] = v;
        if (d.cr == ISA_CR_PTBR)
            shadow_flush_all(g);               /* as the bare TLB is flushed */
        *action = d.cr == ISA_CR_PTBR ? "emulate mtcr ptbr: flush virtual TLB and shadows"
                                      : "emulate mtcr";
        break;
    }
    case ISA_OP_eret: {
        uint32_t st = g->cr[ISA_CR_STATUS] & ~(ISA_STATUS_UM | ISA_STATUS_IE);
        st |= (st & ISA_STATUS_PUM) ? ISA_STATUS_UM : 0;
        st |= (st & ISA_STATUS_PIE) ? ISA_STATUS_IE : 0;
        g->cr[ISA_CR_STATUS] = st;
        g->pc = g->cr[ISA_CR_EPC];
        g->instret++;
        *action = (st & ISA_STATUS_UM) ? "emulate eret: to virtual user mode"
                                       : "emulate eret: to virtual kernel mode";
        return MON_EXIT_PRIV;
    }
    case ISA_OP_tlbi:
        shadow_flush_page(g, g->r[d.rs1]);
        *action = "emulate tlbi: drop virtual TLB entry and shadow entries";
        break;
    case ISA_OP_tlbia:
        shadow_flush_all(g);
        *action = "emulate tlbia: flush virtual TLB and shadows";
        break;
    case ISA_OP_wfi:
        g->waiting = true;
        *action = "emulate wfi: the guest sleeps";
        break;
    case ISA_OP_halt:
        g->pc += 4;
        g->instret++;
        mon_stop_guest(g, MON_GUEST_HALTED, 0);
        *action = "emulate halt: the guest stops";
        return MON_EXIT_HALT;
    default:
        *action = "reflect ILLEGAL";
        vcpu_reflect(g, ISA_CAUSE_ILLEGAL, 0);
        return MON_EXIT_TRAP;
    }
    g->pc += 4;
    g->instret++;
    return MON_EXIT_PRIV;
}

bool vcpu_deliver(struct guest *g)
{
    g->vclock = g->vtime;
    evq_run_due(&g->evq, g->vtime);    /* the guest's devices act on its clock */
    uint32_t deliverable = g->ipend & g->cr[ISA_CR_IENABLE];
    if (g->waiting && deliverable)
        g->waiting = false;
    if (!(g->cr[ISA_CR_STATUS] & ISA_STATUS_IE) || !deliverable)
        return false;
    unsigned line = 0;
    while (!(deliverable & (1u << line)))
        line++;
    g->st.injected++;
    return vcpu_reflect(g, ISA_CAUSE_IRQ_BASE + line, 0);
}
