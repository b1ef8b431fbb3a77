/*
 * fuzz_exec.c - libFuzzer target: the decoder and executor on arbitrary
 * instruction streams.  The input's first bytes choose the mode, whether
 * paging is on and where the page table root is; the rest is copied into
 * RAM as code and data (so page tables are random too), with the trap
 * vector pointing into it.  Whatever the bytes, the run must end in traps,
 * the cycle limit or a stop, never in a sanitizer report; and the cycle
 * counter must stay within the limit plus the cost of one instruction.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/machine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void discard(void *ctx, uint8_t b)
{
    (void)ctx;
    (void)b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4)
        return 0;
    struct machine_config cfg;
    machine_config_default(&cfg);
    cfg.ram_size = 64 * 1024;
    cfg.tlb_entries = 1 + (data[0] & 7);
    cfg.variant = (data[0] & 8) ? ISA_VARIANT_LEAKY : ISA_VARIANT_STRICT;
    cfg.console_out = discard;
    char err[128];
    struct machine *m = machine_new(&cfg, err, sizeof err);
    if (!m)
        abort();
    size_t n = size - 4;
    if (n > cfg.ram_size - 0x1000)
        n = cfg.ram_size - 0x1000;
    machine_phys_write(m, 0x1000, data + 4, (uint32_t)n);

    /* A boot stub at 0x100: set TVEC, PTBR, STATUS (mode, paging) and eret
     * into the fuzzed code. */
    uint32_t status = ((data[1] & 1) ? ISA_STATUS_PUM : 0) | ((data[1] & 2) ? ISA_STATUS_PG : 0) |
                      ((data[1] & 4) ? ISA_STATUS_PIE : 0);
    uint32_t ptbr = 0x1000u + (uint32_t)(data[2] & 0x0F) * 0x1000u;
    uint32_t tvec = 0x1000u + (uint32_t)data[3] * 16u;
    struct { enum isa_op op; uint8_t rd, rs1; uint32_t imm; uint16_t cr; } stub[] = {
        { ISA_OP_lui, 8, 0, tvec >> 16, 0 }, { ISA_OP_ori, 8, 8, tvec & 0xFFFF, 0 },
        { ISA_OP_mtcr, 0, 8, 0, ISA_CR_TVEC },
        { ISA_OP_lui, 8, 0, ptbr >> 16, 0 }, { ISA_OP_ori, 8, 8, ptbr & 0xFFFF, 0 },
        { ISA_OP_mtcr, 0, 8, 0, ISA_CR_PTBR },
        { ISA_OP_addi, 8, 0, 0x1000, 0 }, { ISA_OP_mtcr, 0, 8, 0, ISA_CR_EPC },
        { ISA_OP_addi, 8, 0, 0, 0 }, { ISA_OP_mtcr, 0, 8, 0, ISA_CR_IENABLE },
        { ISA_OP_lui, 8, 0, 0, 0 }, { ISA_OP_ori, 8, 8, status, 0 },
        { ISA_OP_mtcr, 0, 8, 0, ISA_CR_STATUS },
        { ISA_OP_eret, 0, 0, 0, 0 },
    };
    for (size_t i = 0; i < sizeof stub / sizeof stub[0]; i++) {
        struct isa_decoded d = { .op = stub[i].op, .rd = stub[i].rd, .rs1 = stub[i].rs1,
                                 .imm = stub[i].imm, .cr = stub[i].cr };
        uint32_t w;
        if (!isa_encode(&d, &w, NULL, 0))
            abort();
        machine_phys_write(m, 0x100 + 4 * (uint32_t)i, &w, 4);
    }
    machine_set_pc(m, 0x100);
    const uint64_t limit = 20000;
    enum machine_stop s = machine_run(m, limit);
    if (s == MACHINE_STEPPED || s == MACHINE_TRAPPED)
        abort();
    if (machine_cycles(m) > limit + 64)   /* one instruction + a walk + a trap */
        abort();
    machine_free(m);
    return 0;
}
