/*
 * test_image.c - unit tests for isa/image.c: building images, the queries
 * the debugger relies on (symbol and line for an address), image_check's
 * messages and image_equal.
 *
 * Owns nothing but its tests; each test builds a fresh image.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa/image.h"

/* A small program: .text [0x1000, 0x1100), .data [0x2000, 0x2100) with a
 * zero-filled tail from 0x2040. */
static void make_two_segments(struct image *img)
{
    image_init(img);
    uint8_t text[0x100] = { 0 }, data[0x40] = { 0 };
    assert_true(image_add_segment(img, ".text", 0x1000, text, sizeof text, sizeof text,
                                  IMAGE_R | IMAGE_X));
    assert_true(image_add_segment(img, ".data", 0x2000, data, sizeof data, 0x100,
                                  IMAGE_R | IMAGE_W));
    img->entry = 0x1000;
}

/* ---- life cycle and builders ------------------------------------------------ */

static void test_init_is_empty(void **state)
{
    (void)state;
    struct image img;
    memset(&img, 0xAB, sizeof img);
    image_init(&img);
    assert_int_equal(img.nsegs + img.nsyms + img.nfiles + img.nlines, 0);
    assert_null(img.segs);
    assert_null(img.syms);
    assert_int_equal(img.entry, 0);
    image_free(&img);                    /* freeing an empty image is fine */
    image_free(&img);
    assert_int_equal(img.nsegs, 0);
}

static void test_segment_copies_data(void **state)
{
    (void)state;
    struct image img;
    image_init(&img);
    uint8_t bytes[4] = { 1, 2, 3, 4 };
    char name[8] = ".text";
    assert_true(image_add_segment(&img, name, 0x100, bytes, 4, 8, IMAGE_R | IMAGE_X));
    bytes[0] = 99;                       /* the image must not alias our buffers */
    name[1] = 'X';
    assert_int_equal(img.nsegs, 1);
    assert_string_equal(img.segs[0].name, ".text");
    assert_int_equal(img.segs[0].data[0], 1);
    assert_int_equal(img.segs[0].vaddr, 0x100);
    assert_int_equal(img.segs[0].filesz, 4);
    assert_int_equal(img.segs[0].memsz, 8);
    assert_int_equal(img.segs[0].flags, IMAGE_R | IMAGE_X);

    assert_true(image_add_segment(&img, ".bss", 0x200, NULL, 0, 64, IMAGE_R | IMAGE_W));
    assert_null(img.segs[1].data);
    assert_true(image_add_segment(&img, ".zero", 0x300, NULL, 3, 3, IMAGE_R));
    assert_non_null(img.segs[2].data);
    assert_memory_equal(img.segs[2].data, "\0\0\0", 3);
    image_free(&img);
}

static void test_symbols_copy_and_find(void **state)
{
    (void)state;
    struct image img;
    image_init(&img);
    char name[16] = "main";
    assert_true(image_add_symbol(&img, name, 0x1000, 12, IMAGE_SYM_FUNC, true));
    strcpy(name, "gone");
    assert_true(image_add_symbol(&img, "count", 0x2000, 4, IMAGE_SYM_OBJECT, false));
    const struct image_symbol *s = image_find_symbol(&img, "main");
    assert_non_null(s);
    assert_int_equal(s->value, 0x1000);
    assert_int_equal(s->size, 12);
    assert_int_equal(s->kind, IMAGE_SYM_FUNC);
    assert_true(s->global);
    assert_false(image_find_symbol(&img, "count")->global);
    assert_null(image_find_symbol(&img, "gone"));
    assert_null(image_find_symbol(&img, "mai"));
    image_free(&img);
}

static void test_many_symbols_grow(void **state)
{
    (void)state;
    struct image img;
    image_init(&img);
    char name[32];
    for (unsigned i = 0; i < 5000; i++) {
        snprintf(name, sizeof name, "sym%u", i);
        assert_true(image_add_symbol(&img, name, i * 4, 0, IMAGE_SYM_NOTYPE, i & 1));
    }
    assert_int_equal(img.nsyms, 5000);
    assert_int_equal(image_find_symbol(&img, "sym4999")->value, 4999 * 4);
    assert_int_equal(image_find_symbol(&img, "sym0")->value, 0);
    image_free(&img);
}

static void test_files_dedup(void **state)
{
    (void)state;
    struct image img;
    image_init(&img);
    assert_int_equal(image_add_file(&img, "main.s"), 0);
    assert_int_equal(image_add_file(&img, "lib/io.s"), 1);
    assert_int_equal(image_add_file(&img, "main.s"), 0);
    assert_int_equal(image_add_file(&img, "main.S"), 2);   /* case matters */
    assert_int_equal(img.nfiles, 3);
    assert_string_equal(img.files[1], "lib/io.s");
    image_free(&img);
}

static void test_free_then_reuse(void **state)
{
    (void)state;
    struct image img;
    make_two_segments(&img);
    image_add_symbol(&img, "x", 0x1000, 0, IMAGE_SYM_FUNC, true);
    image_add_file(&img, "a.s");
    image_add_line(&img, 0x1000, 0, 1);
    image_free(&img);
    assert_int_equal(img.nsegs + img.nsyms + img.nfiles + img.nlines, 0);
    assert_null(img.lines);
    /* Reusable: build again, and the old contents are gone. */
    assert_int_equal(image_add_file(&img, "b.s"), 0);
    assert_true(image_add_symbol(&img, "y", 4, 0, IMAGE_SYM_NOTYPE, false));
    assert_null(image_find_symbol(&img, "x"));
    assert_non_null(image_find_symbol(&img, "y"));
    image_free(&img);
}

/* ---- the line table ------------------------------------------------------------ */

static void test_sort_lines_is_stable(void **state)
{
    (void)state;
    struct image img;
    image_init(&img);
    /* Enough rows for the merge sort to do several passes; the line number
     * records insertion order so stability is visible. */
    enum { N = 1000 };
    for (uint32_t i = 0; i < N; i++)
        assert_true(image_add_line(&img, ((i * 7919u) % 97u) * 4u, 0, i));
    image_sort_lines(&img);
    assert_int_equal(img.nlines, N);
    for (size_t i = 1; i < N; i++) {
        assert_true(img.lines[i - 1].addr <= img.lines[i].addr);
        if (img.lines[i - 1].addr == img.lines[i].addr)
            assert_true(img.lines[i - 1].line < img.lines[i].line);
    }
    image_free(&img);
}

static void test_sort_lines_small_and_sorted(void **state)
{
    (void)state;
    struct image img;
    image_init(&img);
    image_sort_lines(&img);              /* empty */
    image_add_line(&img, 8, 0, 3);
    image_add_line(&img, 4, 0, 2);
    image_add_line(&img, 4, 1, 9);
    image_add_line(&img, 0, 0, 1);
    image_sort_lines(&img);
    uint32_t want[4][2] = { { 0, 1 }, { 4, 2 }, { 4, 9 }, { 8, 3 } };
    for (int i = 0; i < 4; i++) {
        assert_int_equal(img.lines[i].addr, want[i][0]);
        assert_int_equal(img.lines[i].line, want[i][1]);
    }
    image_sort_lines(&img);              /* already sorted: unchanged */
    assert_int_equal(img.lines[2].file, 1);
    image_free(&img);
}

static void test_line_for(void **state)
{
    (void)state;
    struct image img;
    image_init(&img);
    image_add_file(&img, "a.s");
    image_add_file(&img, "b.s");
    for (uint32_t a = 0x1000; a < 0x1040; a += 4)
        image_add_line(&img, a, a >= 0x1020, (a - 0x1000) / 4 + 10);
    image_add_line(&img, 0x1010, 1, 99);      /* a second row for 0x1010 */
    image_sort_lines(&img);
    const struct image_line *l = image_line_for(&img, 0x1000);
    assert_non_null(l);
    assert_int_equal(l->line, 10);
    assert_int_equal(l->file, 0);
    assert_int_equal(image_line_for(&img, 0x103C)->line, 25);
    assert_int_equal(image_line_for(&img, 0x103C)->file, 1);
    assert_int_equal(image_line_for(&img, 0x1010)->line, 14);   /* first one wins */
    assert_null(image_line_for(&img, 0x1002));                  /* exact match only */
    assert_null(image_line_for(&img, 0x0FFC));
    assert_null(image_line_for(&img, 0x1040));
    image_free(&img);
    assert_null(image_line_for(&img, 0x1000));                  /* empty table */
}

static void test_addr_for_line(void **state)
{
    (void)state;
    struct image img;
    image_init(&img);
    image_add_line(&img, 0x1008, 0, 5);
    image_add_line(&img, 0x1004, 0, 5);       /* two rows for line 5 (a macro) */
    image_add_line(&img, 0x100C, 1, 5);
    image_add_line(&img, 0x1000, 0, 4);
    image_sort_lines(&img);
    uint32_t addr = 0;
    assert_true(image_addr_for_line(&img, 0, 5, &addr));
    assert_int_equal(addr, 0x1004);
    assert_true(image_addr_for_line(&img, 1, 5, &addr));
    assert_int_equal(addr, 0x100C);
    assert_true(image_addr_for_line(&img, 0, 4, &addr));
    assert_int_equal(addr, 0x1000);
    addr = 0x1234;
    assert_false(image_addr_for_line(&img, 0, 6, &addr));
    assert_false(image_addr_for_line(&img, 2, 5, &addr));
    assert_int_equal(addr, 0x1234);           /* untouched when not found */
    image_free(&img);
}

/* ---- segments and symbols for addresses -------------------------------------- */

static void test_segment_for(void **state)
{
    (void)state;
    struct image img;
    make_two_segments(&img);
    assert_string_equal(image_segment_for(&img, 0x1000)->name, ".text");
    assert_string_equal(image_segment_for(&img, 0x10FF)->name, ".text");
    assert_null(image_segment_for(&img, 0x1100));            /* end is exclusive */
    assert_null(image_segment_for(&img, 0x0FFF));
    assert_string_equal(image_segment_for(&img, 0x20FF)->name, ".data");  /* bss tail */
    assert_null(image_segment_for(&img, 0x2100));
    assert_true(image_add_segment(&img, "top", 0xFFFFF000u, NULL, 0, 0x1000, IMAGE_R));
    assert_string_equal(image_segment_for(&img, 0xFFFFFFFFu)->name, "top");
    assert_true(image_add_segment(&img, "empty", 0x5000, NULL, 0, 0, IMAGE_R));
    assert_null(image_segment_for(&img, 0x5000));
    image_free(&img);
}

static void test_symbol_for_nearest(void **state)
{
    (void)state;
    struct image img;
    make_two_segments(&img);
    image_add_symbol(&img, "start", 0x1000, 0, IMAGE_SYM_FUNC, true);
    image_add_symbol(&img, "loop", 0x1010, 0, IMAGE_SYM_NOTYPE, false);
    image_add_symbol(&img, "done", 0x1020, 0, IMAGE_SYM_NOTYPE, false);
    uint32_t off = 77;
    const struct image_symbol *s = image_symbol_for(&img, 0x1000, &off);
    assert_string_equal(s->name, "start");
    assert_int_equal(off, 0);
    s = image_symbol_for(&img, 0x101C, &off);
    assert_string_equal(s->name, "loop");
    assert_int_equal(off, 0xC);
    s = image_symbol_for(&img, 0x10FC, &off);
    assert_string_equal(s->name, "done");
    assert_int_equal(off, 0xDC);
    assert_non_null(image_symbol_for(&img, 0x1004, NULL));   /* off may be NULL */
    image_free(&img);
}

static void test_symbol_for_preferences(void **state)
{
    (void)state;
    struct image img;
    make_two_segments(&img);
    /* At 0x1000: a local label, a global label, a local function. */
    image_add_symbol(&img, "l_local", 0x1000, 0, IMAGE_SYM_NOTYPE, false);
    image_add_symbol(&img, "l_global", 0x1000, 0, IMAGE_SYM_NOTYPE, true);
    image_add_symbol(&img, "f_local", 0x1000, 0, IMAGE_SYM_FUNC, false);
    assert_string_equal(image_symbol_for(&img, 0x1004, NULL)->name, "f_local");
    image_add_symbol(&img, "f_global", 0x1000, 0, IMAGE_SYM_FUNC, true);
    assert_string_equal(image_symbol_for(&img, 0x1004, NULL)->name, "f_global");
    /* At 0x1010: two plain locals, then a global: global beats local,
     * and among equals the first added wins. */
    image_add_symbol(&img, "a", 0x1010, 0, IMAGE_SYM_NOTYPE, false);
    image_add_symbol(&img, "b", 0x1010, 0, IMAGE_SYM_NOTYPE, false);
    assert_string_equal(image_symbol_for(&img, 0x1010, NULL)->name, "a");
    image_add_symbol(&img, "c", 0x1010, 0, IMAGE_SYM_OBJECT, true);
    assert_string_equal(image_symbol_for(&img, 0x1010, NULL)->name, "c");
    /* Nearer beats preferred. */
    image_add_symbol(&img, "near", 0x1014, 0, IMAGE_SYM_NOTYPE, false);
    assert_string_equal(image_symbol_for(&img, 0x1018, NULL)->name, "near");
    image_free(&img);
}

static void test_symbol_for_ignores_abs_and_other_segments(void **state)
{
    (void)state;
    struct image img;
    make_two_segments(&img);
    image_add_symbol(&img, "code", 0x1000, 0, IMAGE_SYM_FUNC, true);
    image_add_symbol(&img, "SIZE", 0x2004, 0, IMAGE_SYM_ABS, true);   /* .equ */
    uint32_t off;
    /* 0x2008 is in .data, which has no symbol at or below it: "code" is in
     * another segment and SIZE is not a place. */
    assert_null(image_symbol_for(&img, 0x2008, &off));
    image_add_symbol(&img, "table", 0x2000, 64, IMAGE_SYM_OBJECT, true);
    assert_string_equal(image_symbol_for(&img, 0x2008, &off)->name, "table");
    assert_int_equal(off, 8);
    assert_string_equal(image_symbol_for(&img, 0x20F0, &off)->name, "table"); /* bss */
    /* Outside every segment: nothing, even with symbols below. */
    assert_null(image_symbol_for(&img, 0x3000, &off));
    assert_null(image_symbol_for(&img, 0x1100, &off));
    image_free(&img);
}

/* ---- image_check and image_equal ----------------------------------------------- */

static void check_fails_with(struct image *img, const char *words)
{
    char err[256] = "";
    assert_false(image_check(img, err, sizeof err));
    if (strstr(err, words) == NULL)
        fail_msg("expected \"%s\" in \"%s\"", words, err);
}

static void test_check(void **state)
{
    (void)state;
    struct image img;
    image_init(&img);
    check_fails_with(&img, "no loadable segment");
    make_two_segments(&img);
    char err[256];
    assert_true(image_check(&img, err, sizeof err));

    img.entry = 0x2000;
    check_fails_with(&img, "entry point 0x00002000 is not inside an executable segment");
    img.entry = 0x1100;
    check_fails_with(&img, "entry point 0x00001100 is not inside an executable segment");
    img.entry = 0x1002;
    check_fails_with(&img, "entry point 0x00001002 is not 4-byte aligned");
    img.entry = 0x10FC;
    assert_true(image_check(&img, err, sizeof err));

    image_add_line(&img, 0x1000, 0, 1);
    check_fails_with(&img, "line row 0 names file 0, but there are 0 files");
    image_add_file(&img, "a.s");
    assert_true(image_check(&img, err, sizeof err));

    image_add_segment(&img, "x", 0x20F0, NULL, 0, 0x20, IMAGE_R);
    check_fails_with(&img, "segment 2 (x) [0x000020f0-0x00002110) overlaps segment 1 (.data) "
                       "[0x00002000-0x00002100)");
    img.segs[2].vaddr = 0x2100;                           /* touching is fine */
    assert_true(image_check(&img, err, sizeof err));
    img.segs[2].vaddr = 0xFFFFFFF0u;
    check_fails_with(&img, "segment 2 (x) [0xfffffff0, +0x20) wraps past 4 GiB");
    img.segs[2].vaddr = 0xFFFFFFE0u;                      /* ends exactly at 4 GiB */
    assert_true(image_check(&img, err, sizeof err));
    img.segs[2].flags = 8;
    check_fails_with(&img, "segment 2 (x) has unknown flags 0x8");
    img.segs[2].flags = IMAGE_R;
    img.segs[2].memsz = 0;
    img.segs[2].filesz = 1;
    check_fails_with(&img, "segment 2 (x): file size 0x1 exceeds memory size 0x0");
    image_free(&img);
}

static void test_equal(void **state)
{
    (void)state;
    struct image a, b;
    make_two_segments(&a);
    make_two_segments(&b);
    image_add_symbol(&a, "s", 0x1000, 0, IMAGE_SYM_FUNC, true);
    image_add_symbol(&b, "s", 0x1000, 0, IMAGE_SYM_FUNC, true);
    char why[256];
    assert_true(image_equal(&a, &b, why, sizeof why));
    b.segs[0].data[7] = 1;
    assert_false(image_equal(&a, &b, why, sizeof why));
    assert_non_null(strstr(why, "segment 0"));
    b.segs[0].data[7] = 0;
    b.syms[0].global = false;
    assert_false(image_equal(&a, &b, why, sizeof why));
    assert_non_null(strstr(why, "symbol 0"));
    b.syms[0].global = true;
    b.entry = 4;
    assert_false(image_equal(&a, &b, NULL, 0));
    b.entry = a.entry;
    image_add_file(&b, "f.s");
    assert_false(image_equal(&a, &b, why, sizeof why));
    assert_non_null(strstr(why, "counts differ"));
    image_free(&a);
    image_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_is_empty),
        cmocka_unit_test(test_segment_copies_data),
        cmocka_unit_test(test_symbols_copy_and_find),
        cmocka_unit_test(test_many_symbols_grow),
        cmocka_unit_test(test_files_dedup),
        cmocka_unit_test(test_free_then_reuse),
        cmocka_unit_test(test_sort_lines_is_stable),
        cmocka_unit_test(test_sort_lines_small_and_sorted),
        cmocka_unit_test(test_line_for),
        cmocka_unit_test(test_addr_for_line),
        cmocka_unit_test(test_segment_for),
        cmocka_unit_test(test_symbol_for_nearest),
        cmocka_unit_test(test_symbol_for_preferences),
        cmocka_unit_test(test_symbol_for_ignores_abs_and_other_segments),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_equal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
