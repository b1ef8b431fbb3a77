/*
 * test_machine.c - the machine executing hand-encoded programs: exact
 * cycle counts worked out from SPEC.md's timing table, traps, privilege,
 * the leaky variant, paging with the TLB, self-modifying code, stepping
 * and determinism, and random words that must end in traps, never in a
 * simulator failure.  A fresh machine per test; no assembler involved.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "isa/isa.h"
#include "sim/machine.h"

/* ---- a tiny encoder: one function per format ------------------------- */
static uint32_t enc(struct isa_decoded d)
{
    uint32_t w;
    char err[128];
    if (!isa_encode(&d, &w, err, sizeof err))
        fail_msg("encode %s: %s", isa_insns[d.op].name, err);
    return w;
}
#define OP(x) ISA_OP_##x
static uint32_t R(enum isa_op op, int rd, int rs1, int rs2) { return enc((struct isa_decoded){ .op = op, .rd = (uint8_t)rd, .rs1 = (uint8_t)rs1, .rs2 = (uint8_t)rs2 }); }
static uint32_t I(enum isa_op op, int rd, int rs1, int32_t imm) { return enc((struct isa_decoded){ .op = op, .rd = (uint8_t)rd, .rs1 = (uint8_t)rs1, .imm = (uint32_t)imm }); }
static uint32_t S(enum isa_op op, int rs2, int rs1, int32_t imm) { return enc((struct isa_decoded){ .op = op, .rs2 = (uint8_t)rs2, .rs1 = (uint8_t)rs1, .imm = (uint32_t)imm }); }
static uint32_t B(enum isa_op op, int rs1, int rs2, int32_t off) { return enc((struct isa_decoded){ .op = op, .rs1 = (uint8_t)rs1, .rs2 = (uint8_t)rs2, .imm = (uint32_t)off }); }
static uint32_t U(enum isa_op op, int rd, uint32_t imm) { return enc((struct isa_decoded){ .op = op, .rd = (uint8_t)rd, .imm = imm }); }
static uint32_t N(enum isa_op op) { return enc((struct isa_decoded){ .op = op }); }
static uint32_t MFCR(int rd, int cr) { return enc((struct isa_decoded){ .op = ISA_OP_mfcr, .rd = (uint8_t)rd, .cr = (uint16_t)cr }); }
static uint32_t MTCR(int cr, int rs) { return enc((struct isa_decoded){ .op = ISA_OP_mtcr, .rs1 = (uint8_t)rs, .cr = (uint16_t)cr }); }
static uint32_t J(int rd, int32_t off) { return enc((struct isa_decoded){ .op = ISA_OP_jal, .rd = (uint8_t)rd, .imm = (uint32_t)off }); }

enum { ZERO = 0, RA = 1, SP = 2, FP = 3, A0 = 4, A1 = 5, A2 = 6, A3 = 7, T0 = 8, T1 = 9, T2 = 10, T3 = 11, S1 = 12 };

/* The three instructions that stop the machine with status in a0 (12 cycles:
 * lui 1 + ori 1 + sw 2 + MMIO 8). */
#define EXIT_SEQ U(OP(lui), T3, 0xF000), I(OP(ori), T3, T3, 0x3000), S(OP(sw), A0, T3, 0)

static struct machine *new_machine(enum isa_variant v)
{
    struct machine_config cfg;
    machine_config_default(&cfg);
    cfg.variant = v;
    char err[256];
    struct machine *m = machine_new(&cfg, err, sizeof err);
    assert_non_null(m);
    return m;
}

static void put(struct machine *m, uint32_t addr, const uint32_t *w, size_t n)
{
    assert_true(machine_phys_write(m, addr, w, (uint32_t)(n * 4)));
}

static struct machine *boot(const uint32_t *w, size_t n)
{
    struct machine *m = new_machine(ISA_VARIANT_STRICT);
    put(m, 0x1000, w, n);
    machine_set_pc(m, 0x1000);
    return m;
}

static void test_exit_and_cycles(void **state)
{
    (void)state;
    uint32_t p[] = { I(OP(addi), A0, ZERO, 42), EXIT_SEQ };
    struct machine *m = boot(p, 4);
    assert_int_equal(machine_run(m, 1000), MACHINE_EXITED);
    assert_int_equal(machine_exit_status(m), 42);
    /* addi 1 + lui 1 + ori 1 + sw (2 + 8 MMIO) = 13 */
    assert_int_equal(machine_cycles(m), 13);
    assert_int_equal(machine_instret(m), 4);
    machine_free(m);
}

static void test_loop_cycles(void **state)
{
    (void)state;
    uint32_t p[] = {
        I(OP(addi), A0, ZERO, 10),        /* 0x1000 */
        I(OP(addi), A0, A0, -1),          /* 0x1004 loop: */
        B(OP(bne), A0, ZERO, -4),         /* 0x1008 */
        EXIT_SEQ,
    };
    struct machine *m = boot(p, 6);
    assert_int_equal(machine_run(m, 1000), MACHINE_EXITED);
    /* addi 1; 10 x addi 1; bne taken 9 x (1+1) and not taken once 1; exit 12
     * = 1 + 10 + 18 + 1 + 12 = 42 */
    assert_int_equal(machine_cycles(m), 42);
    assert_int_equal(machine_instret(m), 1 + 20 + 3);
    machine_free(m);
}

static void test_alu_semantics(void **state)
{
    (void)state;
    uint32_t p[] = {
        U(OP(lui), T0, 0x8000),                 /* t0 = INT_MIN */
        I(OP(addi), T1, ZERO, -1),              /* t1 = -1 */
        R(OP(div), A0, T0, T1),                 /* INT_MIN / -1 = INT_MIN */
        R(OP(rem), A1, T0, T1),                 /* INT_MIN % -1 = 0 */
        R(OP(div), A2, T1, ZERO),               /* x / 0 = -1 */
        R(OP(remu), A3, T0, ZERO),              /* x % 0 = x */
        R(OP(mulh), S1, T0, T1),                /* high(-2^31 * -1) = 0 */
        R(OP(mulhu), 13, T1, T1),               /* high(0xFFFFFFFF^2) = 0xFFFFFFFE */
        I(OP(srai), 14, T0, 31),                /* -1 */
        I(OP(srli), 15, T0, 31),                /* 1 */
        I(OP(addi), ZERO, ZERO, 5),             /* r0 stays 0 */
        I(OP(andi), T2, T1, 0xFFFF),            /* zext: 0x0000FFFF */
        N(OP(halt)),
    };
    struct machine *m = boot(p, sizeof p / 4);
    assert_int_equal(machine_run(m, 1000), MACHINE_HALTED);
    assert_int_equal(machine_reg(m, A0), 0x80000000u);
    assert_int_equal(machine_reg(m, A1), 0);
    assert_int_equal(machine_reg(m, A2), 0xFFFFFFFFu);
    assert_int_equal(machine_reg(m, A3), 0x80000000u);
    assert_int_equal(machine_reg(m, S1), 0);
    assert_int_equal(machine_reg(m, 13), 0xFFFFFFFEu);
    assert_int_equal(machine_reg(m, 14), 0xFFFFFFFFu);
    assert_int_equal(machine_reg(m, 15), 1);
    assert_int_equal(machine_reg(m, 0), 0);
    assert_int_equal(machine_reg(m, T2), 0xFFFF);
    /* 1+1 + 12*4 (div rem div remu) + 3+3 + 1+1+1+1 + halt 1 */
    assert_int_equal(machine_cycles(m), 2 + 48 + 6 + 4 + 1);
    machine_free(m);
}

static void test_boot_state(void **state)
{
    (void)state;
    uint32_t p[] = { N(OP(halt)) };
    struct machine *m = boot(p, 1);
    assert_int_equal(machine_reg(m, SP), 16u << 20);   /* sp = top of RAM */
    assert_int_equal(machine_cr(m, ISA_CR_STATUS), 0); /* kernel, no paging, no IE */
    machine_free(m);
}

static void test_unhandled_traps(void **state)
{
    (void)state;
    uint32_t p1[] = { I(OP(addi), T0, ZERO, 0x102), I(OP(lw), A0, T0, 0) };
    struct machine *m = boot(p1, 2);
    assert_int_equal(machine_run(m, 1000), MACHINE_UNHANDLED_TRAP);
    struct machine_trap t = machine_last_trap(m);
    assert_int_equal(t.cause, ISA_CAUSE_MISALIGNED);
    assert_int_equal(t.epc, 0x1004);
    assert_int_equal(t.badvaddr, 0x102);
    assert_int_equal(machine_reg(m, A0), 0);          /* no architectural effect */
    machine_free(m);

    uint32_t p2[] = { I(OP(addi), A0, ZERO, 1), 0x00000000u };
    m = boot(p2, 2);
    assert_int_equal(machine_run(m, 1000), MACHINE_UNHANDLED_TRAP);
    assert_int_equal(machine_last_trap(m).cause, ISA_CAUSE_ILLEGAL);
    assert_int_equal(machine_last_trap(m).epc, 0x1004);
    machine_free(m);

    uint32_t p3[] = { U(OP(lui), T0, 0xE000), I(OP(lw), A0, T0, 0) };   /* nothing there */
    m = boot(p3, 2);
    assert_int_equal(machine_run(m, 1000), MACHINE_UNHANDLED_TRAP);
    assert_int_equal(machine_last_trap(m).cause, ISA_CAUSE_BUS_ERROR);
    assert_int_equal(machine_last_trap(m).badvaddr, 0xE0000000u);
    machine_free(m);

    /* Regression (found by fuzz_exec): a misaligned halfword load in page 0
     * must trap, not match the software TLB's "invalid" tag. */
    uint32_t p5[] = { I(OP(lbu), A1, ZERO, 0x40), I(OP(lhu), A0, ZERO, 0x45) };
    m = boot(p5, 2);
    assert_int_equal(machine_run(m, 1000), MACHINE_UNHANDLED_TRAP);
    assert_int_equal(machine_last_trap(m).cause, ISA_CAUSE_MISALIGNED);
    assert_int_equal(machine_last_trap(m).badvaddr, 0x45);
    machine_free(m);

    uint32_t p4[] = { U(OP(lui), T0, 0xF000), I(OP(lb), A0, T0, 0) };   /* MMIO is word-only */
    m = boot(p4, 2);
    assert_int_equal(machine_run(m, 1000), MACHINE_UNHANDLED_TRAP);
    assert_int_equal(machine_last_trap(m).cause, ISA_CAUSE_BUS_ERROR);
    machine_free(m);
}

static void test_syscall_handler_cycles(void **state)
{
    (void)state;
    uint32_t p[] = {
        I(OP(addi), T2, ZERO, 0x1100),     /* 1 */
        MTCR(ISA_CR_TVEC, T2),             /* 2 */
        N(OP(syscall)),                    /* 1 + 5 trap entry */
        N(OP(halt)),                       /* 1 */
    };
    uint32_t h[] = {
        MFCR(T0, ISA_CR_EPC),              /* 2 */
        I(OP(addi), T0, T0, 4),            /* 1 */
        MTCR(ISA_CR_EPC, T0),              /* 2 */
        MFCR(T1, ISA_CR_CAUSE),            /* 2 */
        MFCR(A0, ISA_CR_STATUS),           /* 2 */
        N(OP(eret)),                       /* 3 */
    };
    struct machine *m = boot(p, 4);
    put(m, 0x1100, h, 6);
    assert_int_equal(machine_run(m, 1000), MACHINE_HALTED);
    assert_int_equal(machine_reg(m, T1), ISA_CAUSE_SYSCALL);
    assert_int_equal(machine_reg(m, T0), 0x100C);
    assert_int_equal(machine_reg(m, A0), 0);           /* kernel, IE off, PIE/PUM 0 */
    assert_int_equal(machine_cycles(m), 1 + 2 + 6 + 2 + 1 + 2 + 2 + 2 + 3 + 1);
    machine_free(m);
}

/* Enter user mode at `user` and run until the handler at 0x1100 halts;
 * the handler saves CAUSE in a0 and the STATUS it sees in a1. */
static struct machine *run_user(enum isa_variant v, const uint32_t *user, size_t n)
{
    uint32_t p[] = {
        I(OP(addi), T2, ZERO, 0x1100), MTCR(ISA_CR_TVEC, T2),
        I(OP(addi), T2, ZERO, 0x2000), MTCR(ISA_CR_EPC, T2),
        I(OP(addi), T2, ZERO, ISA_STATUS_PUM), MTCR(ISA_CR_STATUS, T2),
        N(OP(eret)),
    };
    uint32_t h[] = { MFCR(A0, ISA_CR_CAUSE), MFCR(A1, ISA_CR_STATUS), N(OP(halt)) };
    struct machine *m = new_machine(v);
    put(m, 0x1000, p, sizeof p / 4);
    put(m, 0x1100, h, 3);
    put(m, 0x2000, user, n);
    machine_set_pc(m, 0x1000);
    assert_int_equal(machine_run(m, 10000), MACHINE_HALTED);
    return m;
}

static void test_privileged_in_user_mode(void **state)
{
    (void)state;
    /* Every privileged row traps with PRIV from user mode (strict ISA). */
    for (int op = 1; op < ISA_OP_COUNT; op++) {
        if (!(isa_insns[op].flags & ISA_F_PRIV))
            continue;
        uint32_t u[] = { isa_match((enum isa_op)op) };
        struct machine *m = run_user(ISA_VARIANT_STRICT, u, 1);
        if (machine_reg(m, A0) != ISA_CAUSE_PRIV)
            fail_msg("%s in user mode: cause %u", isa_insns[op].name, machine_reg(m, A0));
        /* the trap saved user mode in PUM and entered kernel mode */
        assert_int_equal(machine_reg(m, A1), ISA_STATUS_PUM);
        assert_int_equal(machine_last_trap(m).epc, 0x2000);
        machine_free(m);
    }
}

static void test_leaky_status(void **state)
{
    (void)state;
    uint32_t u[] = { MFCR(T0, ISA_CR_STATUS), N(OP(syscall)) };
    struct machine *m = run_user(ISA_VARIANT_LEAKY, u, 2);
    assert_int_equal(machine_reg(m, A0), ISA_CAUSE_SYSCALL);   /* mfcr did not trap */
    assert_true(machine_reg(m, T0) & ISA_STATUS_UM);         /* and saw user mode */
    machine_free(m);
    m = run_user(ISA_VARIANT_STRICT, u, 2);
    assert_int_equal(machine_reg(m, A0), ISA_CAUSE_PRIV);
    machine_free(m);
    uint32_t u2[] = { MFCR(T0, ISA_CR_EPC) };          /* other CRs still trap */
    m = run_user(ISA_VARIANT_LEAKY, u2, 1);
    assert_int_equal(machine_reg(m, A0), ISA_CAUSE_PRIV);
    machine_free(m);
}

static void test_self_modifying_code(void **state)
{
    (void)state;
    uint32_t p[] = {
        I(OP(addi), A1, ZERO, 0),          /* 0x1000 */
        I(OP(addi), A2, ZERO, 2),          /* 0x1004 loop count */
        I(OP(addi), A1, A1, 1),            /* 0x1008 X: patched below */
        I(OP(addi), A2, A2, -1),           /* 0x100c */
        B(OP(beq), A2, ZERO, 16),          /* 0x1010 -> 0x1020 halt */
        S(OP(sw), T1, T0, 0x1008),         /* 0x1014 patch X */
        J(ZERO, -0x10),                    /* 0x1018 -> 0x1008 */
        0,                                 /* 0x101c */
        N(OP(halt)),                       /* 0x1020 */
    };
    struct machine *m = boot(p, sizeof p / 4);
    machine_set_reg(m, T1, I(OP(addi), A1, A1, 100));
    assert_int_equal(machine_run(m, 1000), MACHINE_HALTED);
    assert_int_equal(machine_reg(m, A1), 101);          /* 1, then the new X: +100 */
    machine_free(m);
}

static struct machine *work_machine(void);

/* ---- paging ---------------------------------------------------------- */
#define ROOT 0x10000u
#define L2   0x11000u
static void map(struct machine *m, uint32_t va, uint32_t pa, uint32_t bits)
{
    uint32_t l1 = L2 | ISA_PTE_V, pte = (pa & ~0xFFFu) | bits | ISA_PTE_V;
    assert_true(va < 0x400000u);       /* one L2 table covers the first 4 MiB */
    machine_phys_write(m, ROOT + (va >> 22) * 4, &l1, 4);
    machine_phys_write(m, L2 + ((va >> 12) & 0x3FF) * 4, &pte, 4);
}
static uint32_t pte_of(struct machine *m, uint32_t va)
{
    uint32_t pte;
    machine_phys_read(m, L2 + ((va >> 12) & 0x3FF) * 4, &pte, 4);
    return pte;
}

static void test_paging_costs_and_ad_bits(void **state)
{
    (void)state;
    uint32_t p[] = {
        U(OP(lui), T0, 0x0001),            /* 0x1000  t0 = ROOT           1 */
        MTCR(ISA_CR_PTBR, T0),             /* 0x1004  (flushes the TLB)   2 */
        I(OP(addi), T0, ZERO, ISA_STATUS_PG), /* 0x1008                   1 */
        MTCR(ISA_CR_STATUS, T0),           /* 0x100c  paging on           2 */
        U(OP(lui), T1, 0x0020),            /* 0x1010  first paged fetch: miss, walk 8; 1 */
        I(OP(lw), A0, T1, 0),              /* 0x1014  miss, walk 8; 2       */
        I(OP(lw), A1, T1, 4),              /* 0x1018  hit; 2                */
        S(OP(sw), A0, T1, 8),              /* 0x101c  hit, D clear: walk 8; 2 */
        N(OP(halt)),                       /* 0x1020  1                     */
    };
    struct machine *m = boot(p, sizeof p / 4);
    map(m, 0x1000, 0x1000, ISA_PTE_R | ISA_PTE_X);
    map(m, 0x200000, 0x30000, ISA_PTE_R | ISA_PTE_W);
    uint32_t val = 0xCAFE;
    machine_phys_write(m, 0x30000, &val, 4);
    assert_int_equal(machine_run(m, 1000), MACHINE_HALTED);
    assert_int_equal(machine_reg(m, A0), 0xCAFE);
    /* 1+2+1+2 + (1+8) + (2+8) + 2 + (2+8) + 1 = 38 */
    assert_int_equal(machine_cycles(m), 38);
    assert_true(pte_of(m, 0x200000) & ISA_PTE_A);
    assert_true(pte_of(m, 0x200000) & ISA_PTE_D);
    assert_true(pte_of(m, 0x1000) & ISA_PTE_A);
    assert_false(pte_of(m, 0x1000) & ISA_PTE_D);
    uint32_t back;
    machine_phys_read(m, 0x30008, &back, 4);
    assert_int_equal(back, 0xCAFE);
    struct machine_stats st;
    machine_get_stats(m, &st);
    assert_int_equal(st.page_walks, 3);
    /* paged: 5 fetches (lui .. halt) and 3 data accesses; 3 of them missed */
    assert_int_equal(st.tlb_lookups, 8);
    assert_int_equal(st.tlb_misses, 3);
    assert_int_equal(st.tlb_hits, 5);
    machine_free(m);
}

static void test_page_faults(void **state)
{
    (void)state;
    uint32_t p[] = {
        U(OP(lui), T0, 0x0001), MTCR(ISA_CR_PTBR, T0),
        I(OP(addi), T0, ZERO, ISA_STATUS_PG), MTCR(ISA_CR_STATUS, T0),
        U(OP(lui), T1, 0x0020),
        S(OP(sw), A0, T1, 0),              /* 0x1014: read-only page */
    };
    struct machine *m = boot(p, sizeof p / 4);
    map(m, 0x1000, 0x1000, ISA_PTE_R | ISA_PTE_X);
    map(m, 0x200000, 0x30000, ISA_PTE_R);
    assert_int_equal(machine_run(m, 1000), MACHINE_UNHANDLED_TRAP);
    assert_int_equal(machine_last_trap(m).cause, ISA_CAUSE_STORE_FAULT);
    assert_int_equal(machine_last_trap(m).badvaddr, 0x200000);
    assert_int_equal(machine_last_trap(m).epc, 0x1014);
    assert_false(pte_of(m, 0x200000) & ISA_PTE_A);     /* a faulting access sets nothing */
    machine_free(m);

    uint32_t q[] = {
        U(OP(lui), T0, 0x0001), MTCR(ISA_CR_PTBR, T0),
        I(OP(addi), T0, ZERO, ISA_STATUS_PG), MTCR(ISA_CR_STATUS, T0),
        U(OP(lui), T1, 0x0030), I(OP(lw), A0, T1, 0),   /* unmapped */
    };
    m = boot(q, sizeof q / 4);
    map(m, 0x1000, 0x1000, ISA_PTE_R | ISA_PTE_X);
    assert_int_equal(machine_run(m, 1000), MACHINE_UNHANDLED_TRAP);
    assert_int_equal(machine_last_trap(m).cause, ISA_CAUSE_LOAD_FAULT);
    assert_int_equal(machine_last_trap(m).badvaddr, 0x300000);
    machine_free(m);
}

static void test_swap_is_one_store_access(void **state)
{
    (void)state;
    uint32_t p[] = {
        U(OP(lui), T0, 0x0001), MTCR(ISA_CR_PTBR, T0),
        I(OP(addi), T0, ZERO, ISA_STATUS_PG), MTCR(ISA_CR_STATUS, T0),
        U(OP(lui), T1, 0x0020),            /* 0x1010 */
        I(OP(addi), A1, ZERO, 7),          /* 0x1014 */
        enc((struct isa_decoded){ .op = ISA_OP_swap, .rd = A0, .rs1 = T1, .rs2 = A1 }),  /* 0x1018 */
        N(OP(halt)),
    };
    /* R W page: one walk (+8) that sets A and D; old value returned */
    struct machine *m = boot(p, sizeof p / 4);
    map(m, 0x1000, 0x1000, ISA_PTE_R | ISA_PTE_X);
    map(m, 0x200000, 0x30000, ISA_PTE_R | ISA_PTE_W);
    uint32_t v = 99, back;
    machine_phys_write(m, 0x30000, &v, 4);
    assert_int_equal(machine_run(m, 1000), MACHINE_HALTED);
    assert_int_equal(machine_reg(m, A0), 99);
    machine_phys_read(m, 0x30000, &back, 4);
    assert_int_equal(back, 7);
    assert_int_equal(pte_of(m, 0x200000) & (ISA_PTE_A | ISA_PTE_D), ISA_PTE_A | ISA_PTE_D);
    /* 1+2+1+2 + (1+8 fetch walk) + 1 + (3+8 one walk) + 1 */
    assert_int_equal(machine_cycles(m), 28);
    machine_free(m);
    /* unmapped or read-only: STORE_FAULT (swap faults as a store) */
    m = boot(p, sizeof p / 4);
    map(m, 0x1000, 0x1000, ISA_PTE_R | ISA_PTE_X);
    map(m, 0x200000, 0x30000, ISA_PTE_R);
    assert_int_equal(machine_run(m, 1000), MACHINE_UNHANDLED_TRAP);
    assert_int_equal(machine_last_trap(m).cause, ISA_CAUSE_STORE_FAULT);
    machine_free(m);
    m = boot(p, sizeof p / 4);
    map(m, 0x1000, 0x1000, ISA_PTE_R | ISA_PTE_X);
    assert_int_equal(machine_run(m, 1000), MACHINE_UNHANDLED_TRAP);
    assert_int_equal(machine_last_trap(m).cause, ISA_CAUSE_STORE_FAULT);
    machine_free(m);
}

static void test_breakpoints_and_watchpoints(void **state)
{
    (void)state;
    struct machine *a = work_machine(), *b = work_machine();
    /* break at the loop head 0x1008: stops there before executing it */
    uint32_t bp = 0x1008;
    assert_true(machine_set_breakpoints(b, &bp, 1));
    assert_int_equal(machine_run(b, UINT64_MAX), MACHINE_BREAKPOINT);
    assert_int_equal(machine_pc(b), 0x1008);
    assert_int_equal(machine_instret(b), 2);
    /* continuing goes on to the next time round the loop */
    assert_int_equal(machine_run(b, UINT64_MAX), MACHINE_BREAKPOINT);
    assert_int_equal(machine_instret(b), 2 + 7);
    /* a write watchpoint on the third buffer word fires after the store */
    assert_true(machine_set_breakpoints(b, NULL, 0));
    struct machine_watch w = { 0x40008, 4, 2 };
    assert_true(machine_set_watchpoints(b, &w, 1));
    assert_int_equal(machine_run(b, UINT64_MAX), MACHINE_WATCHPOINT);
    struct machine_watch_hit h = machine_last_watch_hit(b);
    assert_int_equal(h.addr, 0x40008);
    assert_true(h.write);
    assert_int_equal(h.value, 198);
    assert_int_equal(machine_pc(b), 0x100c);            /* after the sw */
    /* with everything cleared the run ends exactly as an undisturbed one */
    assert_true(machine_set_watchpoints(b, NULL, 0));
    assert_int_equal(machine_run(b, UINT64_MAX), MACHINE_EXITED);
    assert_int_equal(machine_run(a, UINT64_MAX), MACHINE_EXITED);
    assert_int_equal(machine_cycles(a), machine_cycles(b));
    assert_int_equal(machine_instret(a), machine_instret(b));
    machine_free(a);
    machine_free(b);
}

static void test_stale_tlb_entry(void **state)
{
    (void)state;
    /* The program remaps VA 0x200000 from PA 0x30000 to 0x31000 by storing
     * the PTE (through an identity mapping of the L2 table), loads again
     * WITHOUT tlbi (sees the old page: the stale entry), then tlbi and
     * loads (sees the new page). */
    uint32_t newpte = 0x31000 | ISA_PTE_R | ISA_PTE_V;
    uint32_t p[] = {
        U(OP(lui), T0, 0x0001), MTCR(ISA_CR_PTBR, T0),
        I(OP(addi), T0, ZERO, ISA_STATUS_PG), MTCR(ISA_CR_STATUS, T0),
        U(OP(lui), T1, 0x0020),
        I(OP(lw), A0, T1, 0),              /* old page: 111 */
        0,                                 /* sw s1, 0(t2): set below */
        I(OP(lw), A1, T1, 0),              /* stale: still 111 */
        0,                                 /* tlbi t1: set below */
        I(OP(lw), A2, T1, 0),              /* new page: 222 */
        N(OP(halt)),
    };
    p[6] = S(OP(sw), S1, T2, 0);           /* sw s1, 0(t2) with t2 = &PTE */
    p[8] = enc((struct isa_decoded){ .op = ISA_OP_tlbi, .rs1 = T1 });
    struct machine *m = boot(p, sizeof p / 4);
    map(m, 0x1000, 0x1000, ISA_PTE_R | ISA_PTE_X);
    map(m, 0x200000, 0x30000, ISA_PTE_R);
    map(m, L2, L2, ISA_PTE_R | ISA_PTE_W);
    machine_set_reg(m, S1, newpte);
    machine_set_reg(m, T2, L2 + ((0x200000 >> 12) & 0x3FF) * 4);
    uint32_t v1 = 111, v2 = 222;
    machine_phys_write(m, 0x30000, &v1, 4);
    machine_phys_write(m, 0x31000, &v2, 4);
    assert_int_equal(machine_run(m, 1000), MACHINE_HALTED);
    assert_int_equal(machine_reg(m, A0), 111);
    assert_int_equal(machine_reg(m, A1), 111);
    assert_int_equal(machine_reg(m, A2), 222);
    machine_free(m);
}

static void test_translate_has_no_side_effects(void **state)
{
    (void)state;
    uint32_t p[] = { U(OP(lui), T0, 0x0001), MTCR(ISA_CR_PTBR, T0),
                     I(OP(addi), T0, ZERO, ISA_STATUS_PG), MTCR(ISA_CR_STATUS, T0), N(OP(halt)) };
    struct machine *m = boot(p, sizeof p / 4);
    map(m, 0x1000, 0x1000, ISA_PTE_R | ISA_PTE_X);
    map(m, 0x200000, 0x30000, ISA_PTE_R);
    assert_int_equal(machine_run(m, 1000), MACHINE_HALTED);
    uint32_t pa;
    struct machine_walk w;
    assert_true(machine_translate(m, 0x200123, &pa, &w));
    assert_int_equal(pa, 0x30123);
    assert_int_equal(w.levels, 2);
    assert_false(pte_of(m, 0x200000) & ISA_PTE_A);
    assert_false(machine_translate(m, 0x300000, &pa, &w));
    machine_free(m);
}

/* ---- determinism, stepping ------------------------------------------- */
static struct machine *work_machine(void)
{
    uint32_t p[] = {
        I(OP(addi), A0, ZERO, 200),            /* 0x1000 */
        U(OP(lui), T0, 0x0004),                /* 0x1004 buffer at 0x40000 */
        S(OP(sw), A0, T0, 0),                  /* 0x1008 loop: */
        I(OP(lw), A1, T0, 0),                  /* 0x100c */
        R(OP(mul), A2, A1, A1),                /* 0x1010 */
        R(OP(add), A3, A3, A2),                /* 0x1014 */
        I(OP(addi), T0, T0, 4),                /* 0x1018 */
        I(OP(addi), A0, A0, -1),               /* 0x101c */
        B(OP(bne), A0, ZERO, -0x18),           /* 0x1020 -> 0x1008 */
        I(OP(andi), A0, A3, 0x7F), EXIT_SEQ,
    };
    return boot(p, sizeof p / 4);
}

static void test_determinism_and_stepping(void **state)
{
    (void)state;
    struct machine *a = work_machine(), *b = work_machine(), *c = work_machine();
    assert_int_equal(machine_run(a, UINT64_MAX), MACHINE_EXITED);
    enum machine_stop s;
    while ((s = machine_step(b)) == MACHINE_STEPPED)
        ;
    assert_int_equal(s, MACHINE_EXITED);
    uint64_t t = 0;
    while ((s = machine_run(c, t += 7)) == MACHINE_RUNNING)
        ;
    assert_int_equal(s, MACHINE_EXITED);
    assert_int_equal(machine_cycles(a), machine_cycles(b));
    assert_int_equal(machine_cycles(a), machine_cycles(c));
    assert_int_equal(machine_instret(a), machine_instret(b));
    assert_int_equal(machine_instret(a), machine_instret(c));
    assert_int_equal(machine_exit_status(a), machine_exit_status(b));
    for (unsigned r = 0; r < 16; r++)
        assert_int_equal(machine_reg(a, r), machine_reg(c, r));
    machine_free(a);
    machine_free(b);
    machine_free(c);
}

static void test_snapshot_replays_exactly(void **state)
{
    (void)state;
    struct machine *m = work_machine();
    assert_int_equal(machine_run(m, 500), MACHINE_RUNNING);
    struct machine_snapshot *s1 = machine_snapshot_take(m, NULL);
    assert_non_null(s1);
    assert_int_equal(machine_snapshot_cycles(s1), machine_cycles(m));
    assert_int_equal(machine_run(m, 900), MACHINE_RUNNING);
    struct machine_snapshot *s2 = machine_snapshot_take(m, s1);
    assert_non_null(s2);
    /* sharing: the second snapshot stores only the pages that changed */
    assert_true(machine_snapshot_bytes(s2) < machine_snapshot_bytes(s1) + 2 * 4096);
    assert_int_equal(machine_run(m, UINT64_MAX), MACHINE_EXITED);
    uint64_t cycles = machine_cycles(m), instret = machine_instret(m);
    uint32_t regs[16], buf[200], buf2[200];
    for (unsigned r = 0; r < 16; r++)
        regs[r] = machine_reg(m, r);
    machine_phys_read(m, 0x40000, buf, sizeof buf);
    /* back to cycle 500 (memory, registers, TLB, events), run again */
    assert_true(machine_snapshot_restore(m, s1));
    assert_int_equal(machine_cycles(m), machine_snapshot_cycles(s1));
    assert_int_equal(machine_run(m, UINT64_MAX), MACHINE_EXITED);
    assert_int_equal(machine_cycles(m), cycles);
    assert_int_equal(machine_instret(m), instret);
    for (unsigned r = 0; r < 16; r++)
        assert_int_equal(machine_reg(m, r), regs[r]);
    machine_phys_read(m, 0x40000, buf2, sizeof buf2);
    assert_memory_equal(buf, buf2, sizeof buf);
    /* and from the later one */
    assert_true(machine_snapshot_restore(m, s2));
    assert_int_equal(machine_instret(m), machine_snapshot_instret(s2));
    assert_int_equal(machine_run(m, UINT64_MAX), MACHINE_EXITED);
    assert_int_equal(machine_cycles(m), cycles);
    machine_snapshot_free(s1);
    machine_snapshot_free(s2);
    machine_free(m);
}

static void test_cycle_counter_register(void **state)
{
    (void)state;
    uint32_t p[] = { I(OP(addi), A0, ZERO, 1), I(OP(addi), A0, ZERO, 2),
                     MFCR(A1, ISA_CR_CYCLE), MFCR(A2, ISA_CR_CYCLE), N(OP(halt)) };
    struct machine *m = boot(p, sizeof p / 4);
    assert_int_equal(machine_run(m, 1000), MACHINE_HALTED);
    assert_int_equal(machine_reg(m, A1), 2);      /* cycles completed before it */
    assert_int_equal(machine_reg(m, A2), 4);
    machine_free(m);
}

/* ---- interrupts and devices, to the cycle ---------------------------- */
static void test_timer_interrupt_cycle(void **state)
{
    (void)state;
    uint32_t p[] = {
        I(OP(addi), T2, ZERO, 0x1100),     /* 0x1000  1  -> 1  */
        MTCR(ISA_CR_TVEC, T2),             /* 0x1004  2  -> 3  */
        U(OP(lui), T0, 0xF000),            /* 0x1008  1  -> 4  */
        I(OP(ori), T0, T0, 0x1000),        /* 0x100c  1  -> 5  timer base */
        I(OP(addi), T1, ZERO, 100),        /* 0x1010  1  -> 6  */
        S(OP(sw), T1, T0, 8),              /* 0x1014  10 -> 16 CMP_LO = 100 */
        I(OP(addi), T1, ZERO, 1),          /* 0x1018  1  -> 17 */
        S(OP(sw), T1, T0, 0x10),           /* 0x101c  10 -> 27 CTRL = EN */
        MTCR(ISA_CR_IENABLE, T1),          /* 0x1020  2  -> 29 line 0 enabled */
        MTCR(ISA_CR_STATUS, T1),           /* 0x1024  2  -> 31 IE on */
        J(ZERO, 0),                        /* 0x1028  2 each: 33, 35, ..., 99, 101 */
    };
    uint32_t h[] = { MFCR(A0, ISA_CR_CAUSE), MFCR(A1, ISA_CR_EPC), N(OP(halt)) };
    struct machine *m = boot(p, sizeof p / 4);
    put(m, 0x1100, h, 3);
    assert_int_equal(machine_run(m, 10000), MACHINE_HALTED);
    /* The compare fires at cycle 100, inside the jal that runs 99..101; the
     * interrupt is taken at the next boundary, 101: entry 5 -> 106, then
     * mfcr 2 + mfcr 2 + halt 1 = 111. */
    assert_int_equal(machine_last_trap(m).cycle, 101);
    assert_int_equal(machine_reg(m, A0), ISA_CAUSE_IRQ_TIMER);
    assert_int_equal(machine_reg(m, A1), 0x1028);
    assert_int_equal(machine_cycles(m), 111);
    machine_free(m);
}

static char *make_disk_image(unsigned sectors)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/simmon-test-disk.XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    for (unsigned s = 0; s < sectors; s++)
        for (unsigned i = 0; i < 512; i++)
            fputc((int)((s * 7 + i) & 0xFF), f);
    fclose(f);
    return path;
}

static struct machine *disk_machine(const char *image)
{
    struct machine_config cfg;
    machine_config_default(&cfg);
    snprintf(cfg.disk_path, sizeof cfg.disk_path, "%s", image);
    char err[256];
    struct machine *m = machine_new(&cfg, err, sizeof err);
    if (!m)
        fail_msg("%s", err);
    return m;
}

static void test_disk_read_completes_on_time(void **state)
{
    (void)state;
    char *img = make_disk_image(16);
    struct machine *m = disk_machine(img);
    uint32_t p[] = {
        I(OP(addi), T2, ZERO, 0x1100),     /* 1  -> 1  */
        MTCR(ISA_CR_TVEC, T2),             /* 2  -> 3  */
        U(OP(lui), T0, 0xF000),            /* 1  -> 4  */
        I(OP(ori), T0, T0, 0x2000),        /* 1  -> 5  disk base */
        I(OP(addi), T1, ZERO, 10),         /* 1  -> 6  */
        S(OP(sw), T1, T0, 0x00),           /* 10 -> 16 SECTOR = 10 */
        U(OP(lui), T1, 0x0004),            /* 1  -> 17 */
        S(OP(sw), T1, T0, 0x04),           /* 10 -> 27 ADDR = 0x40000 */
        I(OP(addi), T1, ZERO, 1),          /* 1  -> 28 */
        S(OP(sw), T1, T0, 0x08),           /* 10 -> 38 COUNT = 1 */
        S(OP(sw), T1, T0, 0x18),           /* 10 -> 48 CTRL = IE */
        I(OP(addi), T1, ZERO, 4),          /* 1  -> 49 */
        MTCR(ISA_CR_IENABLE, T1),          /* 2  -> 51 line 2 */
        I(OP(addi), T1, ZERO, 1),          /* 1  -> 52 */
        MTCR(ISA_CR_STATUS, T1),           /* 2  -> 54 IE */
        S(OP(sw), T1, T0, 0x0C),           /* starts at 54: CMD = READ; 10 -> 64 */
        N(OP(wfi)),                        /* 1  -> 65, then sleep */
        N(OP(halt)),
    };
    uint32_t h[] = { MFCR(A0, ISA_CR_CAUSE), U(OP(lui), T1, 0x0004), I(OP(lw), A1, T1, 0),
                     I(OP(lw), A2, T0, 0x10), N(OP(halt)) };
    put(m, 0x1000, p, sizeof p / 4);
    put(m, 0x1100, h, 5);
    machine_set_pc(m, 0x1000);
    assert_int_equal(machine_run(m, 100000), MACHINE_HALTED);
    /* READ at cycle 54, head at 0: seek 1000 + 2*10, transfer 256:
     * done at 54 + 1276 = 1330; the CPU sleeps in wfi until then. */
    assert_int_equal(machine_last_trap(m).cycle, 1330);
    assert_int_equal(machine_reg(m, A0), ISA_CAUSE_IRQ_DISK);
    assert_int_equal(machine_last_trap(m).epc, 0x1044);          /* after the wfi */
    /* sector 10 byte i = (70 + i) & 0xFF: bytes 70 71 72 73 */
    assert_int_equal(machine_reg(m, A1), 0x49484746u);
    assert_int_equal(machine_reg(m, A2) & 7, 2);                /* DONE, no ERROR */
    struct machine_stats st;
    machine_get_stats(m, &st);
    assert_int_equal(st.dma_bytes, 512);
    machine_free(m);
    unlink(img);
}

static void test_disk_dma_bounds(void **state)
{
    (void)state;
    char *img = make_disk_image(16);
    struct machine *m = disk_machine(img);
    uint32_t p[] = {
        U(OP(lui), T0, 0xF000), I(OP(ori), T0, T0, 0x2000),
        U(OP(lui), T1, 0x00FF), I(OP(ori), T1, T1, 0xFF00),      /* 256 bytes below the top of RAM */
        S(OP(sw), T1, T0, 0x04),
        I(OP(addi), T1, ZERO, 1), S(OP(sw), T1, T0, 0x08),       /* COUNT 1: 512 bytes */
        S(OP(sw), T1, T0, 0x0C),                                 /* READ */
        I(OP(lw), A0, T0, 0x10),                                 /* poll STATUS */
        I(OP(andi), A1, A0, 1), B(OP(bne), A1, ZERO, -8),        /* while BUSY */
        I(OP(lw), A1, T0, 0x14),                                 /* ERROR */
        N(OP(halt)),
    };
    put(m, 0x1000, p, sizeof p / 4);
    machine_set_pc(m, 0x1000);
    uint8_t before[256], after[256];
    machine_phys_read(m, 0xFFFF00, before, 256);
    assert_int_equal(machine_run(m, 100000), MACHINE_HALTED);
    assert_int_equal(machine_reg(m, A0) & 6, 6);     /* DONE | ERROR */
    assert_int_equal(machine_reg(m, A1), 2);         /* BAD_ADDRESS */
    machine_phys_read(m, 0xFFFF00, after, 256);
    assert_memory_equal(before, after, 256);         /* nothing was written */
    machine_free(m);
    unlink(img);
}

static void test_random_words_never_crash(void **state)
{
    (void)state;
    for (int mode = 0; mode < 2; mode++)
        for (uint32_t seed = 1; seed <= 8; seed++) {
            struct machine *m = new_machine(ISA_VARIANT_STRICT);
            uint32_t x = seed * 2654435761u;
            static uint32_t junk[16384];
            for (size_t i = 0; i < 16384; i++) {
                x = x * 1664525u + 1013904223u;
                junk[i] = x;
            }
            put(m, 0x1000, junk, 16384);
            /* a trap handler made of random words too: traps keep coming */
            uint32_t boot_code[] = {
                I(OP(addi), T2, ZERO, 0x1000), MTCR(ISA_CR_TVEC, T2),
                MTCR(ISA_CR_EPC, T2),
                I(OP(addi), T2, ZERO, mode ? ISA_STATUS_PUM : 0), MTCR(ISA_CR_STATUS, T2),
                N(OP(eret)),
            };
            put(m, 0x100, boot_code, 6);
            machine_set_pc(m, 0x100);
            enum machine_stop s = machine_run(m, 1000000);
            assert_true(s == MACHINE_RUNNING || s == MACHINE_HALTED || s == MACHINE_EXITED ||
                        s == MACHINE_UNHANDLED_TRAP || s == MACHINE_IDLE_FOREVER);
            assert_true(machine_cycles(m) <= 1000000 + 64);
            machine_free(m);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exit_and_cycles),
        cmocka_unit_test(test_loop_cycles),
        cmocka_unit_test(test_alu_semantics),
        cmocka_unit_test(test_boot_state),
        cmocka_unit_test(test_unhandled_traps),
        cmocka_unit_test(test_syscall_handler_cycles),
        cmocka_unit_test(test_privileged_in_user_mode),
        cmocka_unit_test(test_leaky_status),
        cmocka_unit_test(test_self_modifying_code),
        cmocka_unit_test(test_paging_costs_and_ad_bits),
        cmocka_unit_test(test_page_faults),
        cmocka_unit_test(test_swap_is_one_store_access),
        cmocka_unit_test(test_breakpoints_and_watchpoints),
        cmocka_unit_test(test_stale_tlb_entry),
        cmocka_unit_test(test_translate_has_no_side_effects),
        cmocka_unit_test(test_determinism_and_stepping),
        cmocka_unit_test(test_cycle_counter_register),
        cmocka_unit_test(test_snapshot_replays_exactly),
        cmocka_unit_test(test_timer_interrupt_cycle),
        cmocka_unit_test(test_disk_read_completes_on_time),
        cmocka_unit_test(test_disk_dma_bounds),
        cmocka_unit_test(test_random_words_never_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
