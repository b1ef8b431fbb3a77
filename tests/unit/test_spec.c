/*
 * test_spec.c - isa/SPEC.md agrees with the instruction table.
 *
 * The table between the BEGIN/END markers of SPEC.md must be, byte for
 * byte, what isa_write_spec_table() prints from sm32.def; and every trap
 * cause and control register the ISA defines must be documented.  Run from
 * the repository root (as tests/run.sh does); SIMMON_SRCDIR overrides it.
 *
 * To regenerate the table after changing sm32.def: `simmon isa-table
 * --update isa/SPEC.md` (or any program that calls isa_spec_update_file).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "isa/isa.h"
#include "isa/spec_table.h"

static char *spec_text;      /* the whole of SPEC.md */
static char spec_path[4096];

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0)
            break;
        if (cap - len < 1024) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
            } else {
                buf = nb;
            }
        }
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    return buf;
}

static int load_spec(void **state)
{
    (void)state;
    const char *dir = getenv("SIMMON_SRCDIR");
    snprintf(spec_path, sizeof spec_path, "%s%sisa/SPEC.md",
             dir ? dir : "", dir ? "/" : "");
    spec_text = read_all(spec_path);
    if (!spec_text) {
        fprintf(stderr, "test_spec: cannot read %s: run the tests from the "
                "repository root, or set SIMMON_SRCDIR\n", spec_path);
        return -1;
    }
    return 0;
}

static int free_spec(void **state)
{
    (void)state;
    free(spec_text);
    spec_text = NULL;
    return 0;
}

/* The start of `marker` alone on its line, or NULL. */
static const char *find_marker_line(const char *from, const char *marker)
{
    size_t n = strlen(marker);
    for (const char *p = strstr(from, marker); p; p = strstr(p + 1, marker))
        if ((p == spec_text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
            return p;
    return NULL;
}

/* Print the first line where two texts differ, so a failure says which
 * row drifted. */
static void report_first_difference(const char *want, const char *got)
{
    int line = 1;
    const char *lw = want, *lg = got;
    while (*want && *want == *got) {
        if (*want == '\n') {
            line++;
            lw = want + 1;
            lg = got + 1;
        }
        want++;
        got++;
    }
    fprintf(stderr, "first difference in line %d of the table:\n"
            "  generated: %.*s\n  SPEC.md:   %.*s\n", line,
            (int)strcspn(lw, "\n"), lw, (int)strcspn(lg, "\n"), lg);
}

static void test_table_matches_sm32_def(void **state)
{
    (void)state;
    const char *b = find_marker_line(spec_text, ISA_SPEC_BEGIN);
    if (!b)
        fail_msg("%s has no line \"%s\"", spec_path, ISA_SPEC_BEGIN);
    const char *body = b + strlen(ISA_SPEC_BEGIN);
    assert_int_equal(*body, '\n');
    body++;
    const char *e = find_marker_line(body, ISA_SPEC_END);
    if (!e)
        fail_msg("%s has no line \"%s\" after the BEGIN line", spec_path, ISA_SPEC_END);
    /* Exactly one generated table. */
    assert_null(find_marker_line(e + 1, ISA_SPEC_BEGIN));

    char *want = isa_spec_table_string();
    assert_non_null(want);
    size_t got_len = (size_t)(e - body);
    if (strlen(want) != got_len || memcmp(want, body, got_len) != 0) {
        char *got = strndup(body, got_len);
        assert_non_null(got);
        report_first_difference(want, got);
        free(got);
        free(want);
        fail_msg("the table in %s differs from sm32.def: regenerate it with "
                 "`simmon isa-table --update isa/SPEC.md`", spec_path);
    }
    free(want);
}

/* The generator itself: one row per instruction, each naming its opcode. */
static void test_table_has_every_instruction(void **state)
{
    (void)state;
    char *t = isa_spec_table_string();
    assert_non_null(t);
    int rows = 0;
    for (const char *p = t; (p = strstr(p, "\n| 0x")) != NULL; p++)
        rows++;
    assert_int_equal(rows, ISA_OP_COUNT - 1);
    for (int op = 1; op < ISA_OP_COUNT; op++) {
        char row[64];
        snprintf(row, sizeof row, "\n| 0x%02X | %s | `%s",
                 isa_insns[op].opcode, isa_insns[op].name, isa_insns[op].name);
        if (!strstr(t, row))
            fail_msg("no row for %s", isa_insns[op].name);
    }
    /* A '|' inside a cell must be escaped or it would split the cell. */
    assert_non_null(strstr(t, "`rd = rs1 \\| rs2`"));
    free(t);
}

static void test_causes_documented(void **state)
{
    (void)state;
    static const struct { const char *name; unsigned num; } causes[] = {
#define X(name, num, doc) { #name, num },
        ISA_CAUSES(X)
#undef X
    };
    for (size_t i = 0; i < sizeof causes / sizeof causes[0]; i++) {
        char needle[64];
        snprintf(needle, sizeof needle, "`%s`", causes[i].name);
        if (!strstr(spec_text, needle))
            fail_msg("cause %s (%u) is not documented in %s as %s",
                     causes[i].name, causes[i].num, spec_path, needle);
        /* ... and in the causes table with its number. */
        snprintf(needle, sizeof needle, "| %u | `%s` |", causes[i].num, causes[i].name);
        if (!strstr(spec_text, needle))
            fail_msg("%s: no causes-table row \"%s\"", spec_path, needle);
    }
}

static void test_control_registers_documented(void **state)
{
    (void)state;
    static const struct { const char *name; unsigned num; } crs[] = {
#define X(name, num, writable, doc) { #name, num },
        ISA_CONTROL_REGS(X)
#undef X
    };
    for (size_t i = 0; i < sizeof crs / sizeof crs[0]; i++) {
        char needle[64];
        snprintf(needle, sizeof needle, "| %u | `%s` |", crs[i].num, crs[i].name);
        if (!strstr(spec_text, needle))
            fail_msg("control register %s (%u) is not in the table of %s (\"%s\")",
                     crs[i].name, crs[i].num, spec_path, needle);
    }
}

/* isa_spec_update_file() rewrites only the text between the markers. */
static void test_update_file(void **state)
{
    (void)state;
    char path[] = "/tmp/test_spec_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("# Title\n" ISA_SPEC_BEGIN "\nstale text\n" ISA_SPEC_END "\nafter\n", f);
    fclose(f);

    char err[256];
    assert_true(isa_spec_update_file(path, err, sizeof err));
    char *got = read_all(path);
    char *table = isa_spec_table_string();
    assert_non_null(got);
    assert_non_null(table);
    size_t need = strlen(table) + 256;
    char *want = malloc(need);
    assert_non_null(want);
    snprintf(want, need, "# Title\n" ISA_SPEC_BEGIN "\n%s" ISA_SPEC_END "\nafter\n", table);
    assert_string_equal(got, want);
    free(want);
    free(table);
    free(got);

    /* Without markers: an error naming the file, and the file untouched. */
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("no markers\n", f);
    fclose(f);
    assert_false(isa_spec_update_file(path, err, sizeof err));
    assert_non_null(strstr(err, path));
    got = read_all(path);
    assert_string_equal(got, "no markers\n");
    free(got);
    remove(path);

    assert_false(isa_spec_update_file("/nonexistent/SPEC.md", err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/SPEC.md"));
}

int main(void)
{
    const struct CMUnitTest doc_tests[] = {
        cmocka_unit_test(test_table_matches_sm32_def),
        cmocka_unit_test(test_causes_documented),
        cmocka_unit_test(test_control_registers_documented),
    };
    const struct CMUnitTest gen_tests[] = {
        cmocka_unit_test(test_table_has_every_instruction),
        cmocka_unit_test(test_update_file),
    };
    int failed = cmocka_run_group_tests_name("spec_generator", gen_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("spec_document", doc_tests, load_spec, free_spec);
    return failed ? 1 : 0;
}
