/*
 * isa.c - the instruction table expanded into data, and the decoder and
 * encoder that everything else uses.
 *
 * Owns: isa_insns[], isa_formats[], decode/encode, register and control
 * register names.  Pure functions of their arguments; no state.
 */
#include "isa.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const struct isa_insn_info isa_insns[ISA_OP_COUNT] = {
    [ISA_OP_INVALID] = { "(invalid)", 0x00, ISA_FMT_N, 1, 0, "trap(ILLEGAL)" },
#define INSN(name, opc, fmt, cyc, flags, meaning) \
    [ISA_OP_##name] = { #name, opc, ISA_FMT_##fmt, cyc, flags, meaning },
#include "sm32.def"
#undef INSN
};

const struct isa_format_info isa_formats[ISA_FMT_COUNT] = {
#define X(name, zero, syntax) [ISA_FMT_##name] = { #name, zero, syntax },
    ISA_FORMATS(X)
#undef X
};

/* Opcode byte -> op.  Built from the table at first use; opcode 0x00 and
 * every unassigned byte map to ISA_OP_INVALID. */
static uint8_t opcode_to_op[256];
static bool opcode_map_ready;

static void build_opcode_map(void)
{
    if (opcode_map_ready)
        return;
    for (int op = 1; op < ISA_OP_COUNT; op++)
        opcode_to_op[isa_insns[op].opcode] = (uint8_t)op;
    opcode_map_ready = true;
}

/* Pin a few encoding facts the rest of the code relies on. */
_Static_assert(ISA_OP_COUNT < 256, "ops fit in a byte");
_Static_assert(ISA_OPCODE(0x21340010u) == 0x21 && ISA_A(0x21340010u) == 3 &&
               ISA_B(0x21340010u) == 4 && ISA_IMM16(0x21340010u) == 0x10,
               "the example in isa.h decodes as documented");

uint32_t isa_match(enum isa_op op) { return (uint32_t)isa_insns[op].opcode << 24; }
uint32_t isa_mask(enum isa_op op)
{
    return 0xFF000000u | isa_formats[isa_insns[op].format].zero_mask;
}

bool isa_decode(uint32_t w, struct isa_decoded *d)
{
    build_opcode_map();
    memset(d, 0, sizeof *d);
    enum isa_op op = (enum isa_op)opcode_to_op[ISA_OPCODE(w)];
    if (op == ISA_OP_INVALID || (w & isa_formats[isa_insns[op].format].zero_mask))
        return false;
    d->op = op;
    switch (isa_insns[op].format) {
    case ISA_FMT_R:   d->rd = ISA_A(w); d->rs1 = ISA_B(w); d->rs2 = ISA_C(w); break;
    case ISA_FMT_I:
    case ISA_FMT_L:   d->rd = ISA_A(w); d->rs1 = ISA_B(w); d->imm = isa_sext(w, 16); break;
    case ISA_FMT_IU:
    case ISA_FMT_SH:  d->rd = ISA_A(w); d->rs1 = ISA_B(w); d->imm = ISA_IMM16(w); break;
    case ISA_FMT_S:   d->rs2 = ISA_A(w); d->rs1 = ISA_B(w); d->imm = isa_sext(w, 16); break;
    case ISA_FMT_B:   d->rs1 = ISA_A(w); d->rs2 = ISA_B(w); d->imm = isa_sext(w, 16) << 2; break;
    case ISA_FMT_J:   d->rd = ISA_A(w); d->imm = isa_sext(w, 20) << 2; break;
    case ISA_FMT_U:   d->rd = ISA_A(w); d->imm = ISA_IMM16(w); break;
    case ISA_FMT_A:   d->rd = ISA_A(w); d->rs1 = ISA_B(w); d->rs2 = ISA_C(w); break;
    case ISA_FMT_N:   break;
    case ISA_FMT_CRR: d->rd = ISA_A(w); d->cr = (uint16_t)ISA_IMM16(w); break;
    case ISA_FMT_CRW: d->rs1 = ISA_B(w); d->cr = (uint16_t)ISA_IMM16(w); break;
    case ISA_FMT_R1:  d->rs1 = ISA_B(w); break;
    case ISA_FMT_COUNT: return false;
    }
    return true;
}

static bool fits_signed(uint32_t v, unsigned bits)
{
    int32_t s = (int32_t)v;
    return s >= -(1 << (bits - 1)) && s < (1 << (bits - 1));
}

#define FAIL(...) do { if (err) snprintf(err, errlen, __VA_ARGS__); return false; } while (0)

bool isa_encode(const struct isa_decoded *d, uint32_t *word, char *err, size_t errlen)
{
    if (d->op <= ISA_OP_INVALID || d->op >= ISA_OP_COUNT)
        FAIL("not an instruction");
    const struct isa_insn_info *in = &isa_insns[d->op];
    if (d->rd > 15 || d->rs1 > 15 || d->rs2 > 15)
        FAIL("register number out of range");
    uint32_t w = (uint32_t)in->opcode << 24;
    uint32_t a = (uint32_t)d->rd << 20, b = (uint32_t)d->rs1 << 16;
    int32_t simm = (int32_t)d->imm;
    switch (in->format) {
    case ISA_FMT_R: case ISA_FMT_A:
        w |= a | b | (uint32_t)d->rs2 << 12; break;
    case ISA_FMT_I: case ISA_FMT_L:
        if (!fits_signed(d->imm, 16))
            FAIL("immediate %ld does not fit in 16 bits (signed: -32768..32767)", (long)simm);
        w |= a | b | (d->imm & 0xFFFF); break;
    case ISA_FMT_IU:
        if (d->imm > 0xFFFF)
            FAIL("immediate %lu does not fit in 16 bits (unsigned: 0..65535)", (unsigned long)d->imm);
        w |= a | b | d->imm; break;
    case ISA_FMT_SH:
        if (d->imm > 31)
            FAIL("shift amount %ld is out of range (0..31)", (long)simm);
        w |= a | b | d->imm; break;
    case ISA_FMT_S:
        if (!fits_signed(d->imm, 16))
            FAIL("offset %ld does not fit in 16 bits (signed: -32768..32767)", (long)simm);
        w |= (uint32_t)d->rs2 << 20 | b | (d->imm & 0xFFFF); break;
    case ISA_FMT_B:
        if (d->imm & 3)
            FAIL("branch target is not 4-byte aligned");
        if (!fits_signed((uint32_t)(simm >> 2), 16))
            FAIL("branch target is out of range (%ld bytes; at most +-128 KiB)", (long)simm);
        w |= (uint32_t)d->rs1 << 20 | (uint32_t)d->rs2 << 16 | ((uint32_t)(simm >> 2) & 0xFFFF); break;
    case ISA_FMT_J:
        if (d->imm & 3)
            FAIL("jump target is not 4-byte aligned");
        if (!fits_signed((uint32_t)(simm >> 2), 20))
            FAIL("jump target is out of range (%ld bytes; at most +-2 MiB)", (long)simm);
        w |= a | ((uint32_t)(simm >> 2) & 0xFFFFF); break;
    case ISA_FMT_U:
        if (d->imm > 0xFFFF)
            FAIL("immediate %lu does not fit in 16 bits (unsigned: 0..65535)", (unsigned long)d->imm);
        w |= a | d->imm; break;
    case ISA_FMT_N: break;
    case ISA_FMT_CRR: w |= a | d->cr; break;
    case ISA_FMT_CRW: w |= b | d->cr; break;
    case ISA_FMT_R1:  w |= b; break;
    case ISA_FMT_COUNT: FAIL("bad format");
    }
    *word = w;
    return true;
}

enum isa_op isa_lookup(const char *mnemonic)
{
    for (int op = 1; op < ISA_OP_COUNT; op++)
        if (strcasecmp(isa_insns[op].name, mnemonic) == 0)
            return (enum isa_op)op;
    return ISA_OP_INVALID;
}

const char *const isa_reg_abi[ISA_NREGS] = {
    "zero", "ra", "sp", "fp", "a0", "a1", "a2", "a3",
    "t0", "t1", "t2", "t3", "s1", "s2", "s3", "s4",
};

int isa_reg_lookup(const char *name)
{
    if ((name[0] == 'r' || name[0] == 'R') && name[1] >= '0' && name[1] <= '9') {
        int n = name[1] - '0';
        if (name[2] == '\0')
            return n;
        if (n == 1 && name[2] >= '0' && name[2] <= '5' && name[3] == '\0')
            return 10 + (name[2] - '0');
        return -1;
    }
    if (strcasecmp(name, "s0") == 0)
        return 3;                       /* s0 is another name for fp */
    for (int i = 0; i < ISA_NREGS; i++)
        if (strcasecmp(isa_reg_abi[i], name) == 0)
            return i;
    return -1;
}

static const struct { const char *name; bool writable; } cr_table[ISA_CR_COUNT] = {
#define X(name, num, writable, doc) [num] = { #name, writable },
    ISA_CONTROL_REGS(X)
#undef X
};

const char *isa_cr_name(unsigned cr) { return cr < ISA_CR_COUNT ? cr_table[cr].name : NULL; }
bool isa_cr_writable(unsigned cr) { return cr < ISA_CR_COUNT && cr_table[cr].writable; }

int isa_cr_lookup(const char *name)
{
    for (unsigned i = 0; i < ISA_CR_COUNT; i++)
        if (strcasecmp(cr_table[i].name, name) == 0)
            return (int)i;
    return -1;
}

const char *isa_cause_name(unsigned cause)
{
    switch (cause) {
#define X(name, num, doc) case num: return #name;
    ISA_CAUSES(X)
#undef X
    default: return NULL;
    }
}

const char *isa_cause_doc(unsigned cause)
{
    switch (cause) {
#define X(name, num, doc) case num: return doc;
    ISA_CAUSES(X)
#undef X
    default: return NULL;
    }
}

const struct isa_timing isa_timing_default = {
    .branch_taken = 1,
    .mmio = 8,
    .walk_level = 4,
    .trap_entry = 5,
};
