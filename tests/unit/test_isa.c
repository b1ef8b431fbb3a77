/*
 * test_isa.c - the instruction table tested as data (after Spike): no two
 * rows overlap, every row round-trips encode -> decode -> disassemble ->
 * assemble, immediates are range-checked, reserved bits make a word
 * illegal, names resolve.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "isa/asm.h"
#include "isa/disasm.h"
#include "isa/isa.h"

static void test_rows_do_not_overlap(void **state)
{
    (void)state;
    for (int a = 1; a < ISA_OP_COUNT; a++)
        for (int b = a + 1; b < ISA_OP_COUNT; b++) {
            uint32_t common = isa_mask((enum isa_op)a) & isa_mask((enum isa_op)b);
            /* Two rows overlap if some word matches both. */
            bool overlap = ((isa_match((enum isa_op)a) ^ isa_match((enum isa_op)b)) & common) == 0;
            if (overlap)
                fail_msg("rows %s and %s overlap", isa_insns[a].name, isa_insns[b].name);
        }
}

static void test_every_opcode_byte(void **state)
{
    (void)state;
    int rows = 0;
    for (unsigned byte = 0; byte < 256; byte++) {
        int owner = 0;
        for (int op = 1; op < ISA_OP_COUNT; op++)
            if (isa_insns[op].opcode == byte)
                owner = op;
        struct isa_decoded d;
        bool ok = isa_decode(byte << 24, &d);
        assert_int_equal(ok, owner != 0);     /* all-zero operand fields are legal */
        if (owner) {
            assert_int_equal(d.op, owner);
            rows++;
        }
    }
    assert_int_equal(rows, ISA_OP_COUNT - 1);
    struct isa_decoded d;
    assert_false(isa_decode(0x00000000u, &d));   /* zeroed memory is illegal */
    assert_false(isa_decode(0xFFFFFFFFu, &d));
}

static void test_reserved_bits_are_illegal(void **state)
{
    (void)state;
    for (int op = 1; op < ISA_OP_COUNT; op++) {
        uint32_t zero = isa_formats[isa_insns[op].format].zero_mask;
        for (int bit = 0; bit < 24; bit++) {
            if (!(zero & (1u << bit)))
                continue;
            struct isa_decoded d;
            if (isa_decode(isa_match((enum isa_op)op) | (1u << bit), &d))
                fail_msg("%s with reserved bit %d set decodes", isa_insns[op].name, bit);
        }
    }
}

/* Sample operands for a format, in range, distinct registers. */
static struct isa_decoded sample(enum isa_op op, int variant)
{
    struct isa_decoded d = { .op = op };
    int32_t imms[3] = { -5, 1234, -32768 };
    switch (isa_insns[op].format) {
    case ISA_FMT_R: case ISA_FMT_A: d.rd = 4; d.rs1 = 5; d.rs2 = (uint8_t)(6 + variant); break;
    case ISA_FMT_I: case ISA_FMT_L: d.rd = 8; d.rs1 = 9; d.imm = (uint32_t)imms[variant]; break;
    case ISA_FMT_S: d.rs2 = 10; d.rs1 = 2; d.imm = (uint32_t)imms[variant]; break;
    case ISA_FMT_IU: d.rd = 12; d.rs1 = 13; d.imm = variant == 2 ? 0xFFFF : 0x1234u; break;
    case ISA_FMT_SH: d.rd = 14; d.rs1 = 15; d.imm = variant == 2 ? 31 : 7; break;
    case ISA_FMT_B: d.rs1 = 4; d.rs2 = 5; d.imm = (uint32_t)(variant == 1 ? 64 : -16); break;
    case ISA_FMT_J: d.rd = 1; d.imm = (uint32_t)(variant == 1 ? 4096 : -8); break;
    case ISA_FMT_U: d.rd = 3; d.imm = variant == 2 ? 0xF000 : 0x0012; break;
    case ISA_FMT_CRR: d.rd = 7; d.cr = (uint16_t)(variant == 2 ? ISA_CR_IENABLE : ISA_CR_STATUS); break;
    case ISA_FMT_CRW: d.rs1 = 7; d.cr = (uint16_t)(variant == 2 ? ISA_CR_PTBR : ISA_CR_TVEC); break;
    case ISA_FMT_R1: d.rs1 = 11; break;
    case ISA_FMT_N: case ISA_FMT_COUNT: break;
    }
    return d;
}

static void test_every_row_round_trips(void **state)
{
    (void)state;
    const uint32_t pc = 0x2000;
    for (int op = 1; op < ISA_OP_COUNT; op++)
        for (int v = 0; v < 3; v++) {
            struct isa_decoded in = sample((enum isa_op)op, v), out;
            uint32_t w, w2;
            char err[128], text[160], src[256];
            if (!isa_encode(&in, &w, err, sizeof err))
                fail_msg("%s: %s", isa_insns[op].name, err);
            assert_true(isa_decode(w, &out));
            assert_int_equal(out.op, op);
            assert_int_equal(out.rd, in.rd);
            assert_int_equal(out.rs1, in.rs1);
            assert_int_equal(out.rs2, in.rs2);
            assert_int_equal(out.imm, in.imm);
            assert_int_equal(out.cr, in.cr);
            assert_true(isa_encode(&out, &w2, NULL, 0));
            assert_int_equal(w, w2);
            /* disassemble, then assemble that text at the same address */
            isa_disasm(w, pc, NULL, text, sizeof text);
            assert_non_null(strstr(text, isa_insns[op].name));
            snprintf(src, sizeof src, ".org 0x%x\n%s\n", pc, text);
            struct asm_options o;
            asm_options_default(&o);
            o.diag = fopen("/dev/null", "w");
            struct image img;
            image_init(&img);
            int errors = asm_string("roundtrip.s", src, &o, &img);
            fclose(o.diag);
            if (errors)
                fail_msg("'%s' (from %08x) does not assemble", text, w);
            assert_true(img.nsegs >= 1);
            memcpy(&w2, img.segs[0].data, 4);
            if (w2 != w)
                fail_msg("'%s': assembled %08x, expected %08x", text, w2, w);
            image_free(&img);
        }
}

static void expect_encode_fail(struct isa_decoded d, const char *words)
{
    uint32_t w;
    char err[128] = "";
    assert_false(isa_encode(&d, &w, err, sizeof err));
    if (!strstr(err, words))
        fail_msg("message '%s' lacks '%s'", err, words);
}

static void test_immediate_ranges(void **state)
{
    (void)state;
    uint32_t w;
    struct isa_decoded d = { .op = ISA_OP_addi, .rd = 1, .rs1 = 2 };
    d.imm = 32767;               assert_true(isa_encode(&d, &w, NULL, 0));
    d.imm = (uint32_t)-32768;    assert_true(isa_encode(&d, &w, NULL, 0));
    d.imm = 32768;               expect_encode_fail(d, "does not fit in 16 bits");
    d.imm = (uint32_t)-32769;    expect_encode_fail(d, "does not fit in 16 bits");
    d.op = ISA_OP_ori;
    d.imm = 65535;               assert_true(isa_encode(&d, &w, NULL, 0));
    d.imm = 65536;               expect_encode_fail(d, "unsigned");
    d.imm = (uint32_t)-1;        expect_encode_fail(d, "unsigned");
    d.op = ISA_OP_slli;
    d.imm = 31;                  assert_true(isa_encode(&d, &w, NULL, 0));
    d.imm = 32;                  expect_encode_fail(d, "0..31");
    d.op = ISA_OP_beq;
    d.imm = 2;                   expect_encode_fail(d, "aligned");
    d.imm = 4 * 32767;           assert_true(isa_encode(&d, &w, NULL, 0));
    d.imm = 4 * 32768;           expect_encode_fail(d, "out of range");
    d.op = ISA_OP_jal;
    d.imm = (uint32_t)(-4 * 524288); assert_true(isa_encode(&d, &w, NULL, 0));
    d.imm = 4 * 524288;          expect_encode_fail(d, "out of range");
}

static void test_example_word(void **state)
{
    (void)state;
    struct isa_decoded d;
    char text[64];
    assert_true(isa_decode(0x21340010u, &d));
    assert_int_equal(d.op, ISA_OP_addi);
    assert_string_equal(isa_disasm(0x21340010u, 0, NULL, text, sizeof text), "addi    fp, a0, 16");
}

static void test_names(void **state)
{
    (void)state;
    assert_int_equal(isa_reg_lookup("r0"), 0);
    assert_int_equal(isa_reg_lookup("r15"), 15);
    assert_int_equal(isa_reg_lookup("r16"), -1);
    assert_int_equal(isa_reg_lookup("sp"), 2);
    assert_int_equal(isa_reg_lookup("s0"), 3);
    assert_int_equal(isa_reg_lookup("FP"), 3);
    assert_int_equal(isa_reg_lookup("a3"), 7);
    assert_int_equal(isa_reg_lookup("t0"), 8);
    assert_int_equal(isa_reg_lookup("s4"), 15);
    assert_int_equal(isa_reg_lookup("x1"), -1);
    for (unsigned cr = 0; cr < ISA_CR_COUNT; cr++)
        assert_int_equal(isa_cr_lookup(isa_cr_name(cr)), (int)cr);
    assert_null(isa_cr_name(ISA_CR_COUNT));
    assert_false(isa_cr_writable(ISA_CR_CYCLE));
    assert_true(isa_cr_writable(ISA_CR_TVEC));
    assert_int_equal(isa_lookup("ADDI"), ISA_OP_addi);
    assert_int_equal(isa_lookup("nope"), ISA_OP_INVALID);
    assert_string_equal(isa_cause_name(ISA_CAUSE_PRIV), "PRIV");
    assert_null(isa_cause_name(15));
}

static void test_privileged_rows_are_sensitive(void **state)
{
    (void)state;
    /* Popek-Goldberg: every sensitive instruction must be privileged. */
    for (int op = 1; op < ISA_OP_COUNT; op++)
        if (isa_insns[op].flags & ISA_F_SENSITIVE)
            assert_true(isa_insns[op].flags & ISA_F_PRIV);
}

static void test_random_words_decode_encode(void **state)
{
    (void)state;
    uint32_t x = 12345, valid = 0;
    for (int i = 0; i < 200000; i++) {
        x = x * 1664525u + 1013904223u;    /* a fixed LCG: same words every run */
        struct isa_decoded d;
        uint32_t w;
        if (!isa_decode(x, &d))
            continue;
        valid++;
        assert_true(isa_encode(&d, &w, NULL, 0));
        assert_int_equal(w, x);
    }
    assert_true(valid > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_do_not_overlap),
        cmocka_unit_test(test_every_opcode_byte),
        cmocka_unit_test(test_reserved_bits_are_illegal),
        cmocka_unit_test(test_every_row_round_trips),
        cmocka_unit_test(test_immediate_ranges),
        cmocka_unit_test(test_example_word),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_privileged_rows_are_sensitive),
        cmocka_unit_test(test_random_words_decode_encode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
