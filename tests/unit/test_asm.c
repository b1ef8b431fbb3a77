/*
 * test_asm.c - unit tests for the assembler (isa/asm*.c): every
 * pseudo-instruction's exact words, the directives, expressions, labels,
 * macros, .include, section layout, the line table, every error message
 * (place, words, source line and caret), and a round trip of every row of
 * the instruction table through the assembler and isa_decode.
 *
 * Owns nothing but its tests; each test assembles into a fresh image.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isa/asm.h"
#include "isa/isa.h"

/* ---- Helpers ------------------------------------------------------------ */

/* Assemble src as `name`; the messages go to *diag (the caller frees it). */
static int assemble_named(const char *name, const char *src, struct image *img, char **diag,
                          uint32_t text_base, int max_errors)
{
    size_t len = 0;
    FILE *f = open_memstream(diag, &len);
    assert_non_null(f);
    struct asm_options o;
    asm_options_default(&o);
    o.diag = f;
    o.text_base = text_base;
    o.max_errors = max_errors;
    image_init(img);
    int e = asm_string(name, src, &o, img);
    fclose(f);
    return e;
}

static int assemble(const char *src, struct image *img, char **diag)
{
    return assemble_named("t.s", src, img, diag, 0x1000, 100);
}

/* Assemble and insist on success. */
static void asm_ok(const char *src, struct image *img)
{
    char *diag;
    int e = assemble(src, img, &diag);
    if (e != 0)
        fail_msg("%d errors assembling:\n%s\n--- messages:\n%s", e, src, diag);
    free(diag);
}

static void release(struct image *img, char *diag)
{
    free(diag);
    image_free(img);
}

static const struct image_segment *seg(const struct image *img, const char *name)
{
    for (size_t i = 0; i < img->nsegs; i++)
        if (strcmp(img->segs[i].name, name) == 0)
            return &img->segs[i];
    fail_msg("no segment %s", name);
    return NULL;
}

static uint32_t word_at(const struct image *img, uint32_t addr)
{
    for (size_t i = 0; i < img->nsegs; i++) {
        const struct image_segment *s = &img->segs[i];
        if (addr >= s->vaddr && addr + 4 <= s->vaddr + s->filesz) {
            const uint8_t *p = s->data + (addr - s->vaddr);
            return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
        }
    }
    fail_msg("no word at 0x%08x", addr);
    return 0;
}

static uint32_t sym(const struct image *img, const char *name)
{
    const struct image_symbol *s = image_find_symbol(img, name);
    if (!s)
        fail_msg("no symbol %s", name);
    return s->value;
}

/* .text must hold exactly these words. */
static void check_text(const char *src, const uint32_t *w, size_t n)
{
    struct image img;
    asm_ok(src, &img);
    const struct image_segment *t = seg(&img, ".text");
    assert_int_equal(t->filesz, 4 * n);
    for (size_t i = 0; i < n; i++)
        if (word_at(&img, t->vaddr + 4 * (uint32_t)i) != w[i])
            fail_msg("%s\nword %zu: got 0x%08x, want 0x%08x", src, i,
                     word_at(&img, t->vaddr + 4 * (uint32_t)i), w[i]);
    image_free(&img);
}
#define TEXT(src, ...) do { const uint32_t w_[] = { __VA_ARGS__ }; \
        check_text(src, w_, sizeof w_ / sizeof w_[0]); } while (0)

/* .data must hold exactly these bytes. */
static void check_data(const char *src, const uint8_t *want, size_t n)
{
    struct image img;
    asm_ok(src, &img);
    const struct image_segment *d = seg(&img, ".data");
    assert_int_equal(d->filesz, n);
    assert_memory_equal(d->data, want, n);
    image_free(&img);
}
#define DATA(src, ...) do { const uint8_t b_[] = { __VA_ARGS__ }; \
        check_data(src, b_, sizeof b_); } while (0)

/* The message "file:line:col: error: ...key...", then the source line,
 * then a caret under column col. */
static void check_message(const char *diag, const char *file, int line, int col, const char *key)
{
    char prefix[600];
    snprintf(prefix, sizeof prefix, "%s:%d:%d: error: ", file, line, col);
    const char *p = strstr(diag, prefix);
    if (!p)
        fail_msg("no '%s' in:\n%s", prefix, diag);
    const char *eol = strchr(p, '\n');
    assert_non_null(eol);
    char msg[1000];
    snprintf(msg, sizeof msg, "%.*s", (int)(eol - p), p);
    if (key && !strstr(msg, key))
        fail_msg("'%s' not in the message '%s'", key, msg);
    const char *caret = strchr(eol + 1, '\n');
    assert_non_null(caret);
    caret++;
    for (int i = 0; i < col - 1; i++)
        if (caret[i] != ' ' && caret[i] != '\t')
            fail_msg("bad caret line under '%s'", msg);
    assert_int_equal(caret[col - 1], '^');
    assert_int_equal(caret[col], '\n');
}

/* src must fail with exactly nerr errors, one of them at line:col. */
static void expect_error(const char *src, int nerr, int line, int col, const char *key)
{
    struct image img;
    char *diag;
    int e = assemble(src, &img, &diag);
    if (e != nerr)
        fail_msg("expected %d errors, got %d for:\n%s\n--- messages:\n%s", nerr, e, src, diag);
    check_message(diag, "t.s", line, col, key);
    assert_int_equal(img.nsegs, 0);                 /* the image is left alone */
    assert_int_equal(img.nsyms, 0);
    release(&img, diag);
}

/* ---- Pseudo-instructions: the exact words ------------------------------------ */

static void test_pseudo_simple(void **state)
{
    (void)state;
    TEXT("nop\nmv a0, a1\nneg a0, a1\nsubi a0, a1, 5\nseqz a0, a1\nsnez a0, a1\n",
         0x21000000, 0x21450000, 0x12405000, 0x2145FFFB, 0x2A450001, 0x1A405000);
}

static void test_pseudo_li(void **state)
{
    (void)state;
    TEXT("li a0, 10\nli a0, -5\nli a0, 32767\nli a0, -32768\nli a0, 40000\nli a0, 0xFFFF\n",
         0x2140000A, 0x2140FFFB, 0x21407FFF, 0x21408000, 0x24409C40, 0x2440FFFF);
    TEXT("li a0, 0x10000\nli a0, -65536\nli a0, -2147483648\n",
         0x73400001, 0x7340FFFF, 0x73408000);
    TEXT("li a0, 0x12345678\nli a0, 0xFFFFFFFF\nli t0, -32769\n",
         0x73401234, 0x24445678, 0x7340FFFF, 0x2444FFFF, 0x7380FFFF, 0x24887FFF);
    /* A forward reference: two words, even for a small value. */
    TEXT("li a0, later\nli a1, early\n.equ later, 5\n.equ early, 7\n", 0x73400000, 0x24440005,
         0x73500000, 0x24550007);
    TEXT(".equ early, 7\nli a1, early\n", 0x21500007);
    TEXT("la a1, msg\nla t0, 0x12345678\n.data\nmsg: .byte 1\n",
         0x73500000, 0x24552000, 0x73801234, 0x24885678);
    TEXT("lui t0, %hi(0xDEADBEEF)\nori t0, t0, %lo(0xDEADBEEF)\n", 0x7380DEAD, 0x2488BEEF);
}

static void test_pseudo_jumps_branches(void **state)
{
    (void)state;
    TEXT("L: j L\njal L\ncall L\njal t0, L\njr a0\njalr a0\njalr t0, 8(a0)\nret\n",
         0x71000000, 0x711FFFFF, 0x711FFFFE, 0x718FFFFD, 0x72040000, 0x72140000,
         0x72840008, 0x72010000);
    TEXT("beqz a0, .\nbnez a0, .\nbltz a0, .\nbgez a0, .\nblez a0, .\nbgtz a0, .\n",
         0x61400000, 0x62400000, 0x63400000, 0x64400000, 0x64040000, 0x63040000);
    TEXT("bgt a0, a1, .\nble a0, a1, .\nbgtu a0, a1, .\nbleu a0, a1, .\n",
         0x63540000, 0x64540000, 0x65540000, 0x66540000);
    /* The examples of SPEC.md section 3. */
    TEXT("beq a0, zero, . - 12\nsw ra, 4(sp)\nlui t0, 0xF000\nmfcr t0, status\n"
         "mtcr tvec, t0\nsyscall\n",
         0x6140FFFD, 0x53120004, 0x7380F000, 0xF1800000, 0xF2080004, 0xE1000000);
}

/* ---- Directives ------------------------------------------------------------------ */

static void test_data_directives(void **state)
{
    (void)state;
    struct image img;
    asm_ok("nop\n.data\n.word 0x11223344, -1\n.half 0x5566, -2\n.byte 0x77, -128, 255\n"
           ".word f\n.text\nf: nop\n", &img);
    const struct image_segment *d = seg(&img, ".data");
    static const uint8_t want[] = { 0x44, 0x33, 0x22, 0x11, 0xFF, 0xFF, 0xFF, 0xFF, 0x66, 0x55,
                                    0xFE, 0xFF, 0x77, 0x80, 0xFF, 0x04, 0x10, 0x00, 0x00 };
    assert_int_equal(d->vaddr, 0x2000);
    assert_int_equal(d->filesz, sizeof want);
    assert_memory_equal(d->data, want, sizeof want);
    assert_int_equal(seg(&img, ".text")->filesz, 8);   /* switching back appends */
    image_free(&img);
}

static void test_string_directives(void **state)
{
    (void)state;
    DATA(".data\n.ascii \"ab\", \"c\"\n.asciz \"x\\n\"\n.string \"\\x41\\0\\\"\\\\\", \"#\"\n"
         ".byte '\\'', '\\t', 'z'  # comment\n",
         'a', 'b', 'c', 'x', '\n', 0, 'A', 0, '"', '\\', 0, '#', 0, '\'', '\t', 'z');
}

static void test_space_align(void **state)
{
    (void)state;
    DATA(".data\n.byte 1\n.space 3, 0xAA\n.skip 2\n.align 3\n.byte 2\n.balign 4\n.byte 3\n",
         1, 0xAA, 0xAA, 0xAA, 0, 0, 0, 0, 2, 0, 0, 0, 3);
    /* In .text the padding is zero: an illegal instruction. */
    TEXT("nop\n.byte 1\n.align 2\nnop\n", 0x21000000, 0x00000001, 0x21000000);
}

static void test_equ_set(void **state)
{
    (void)state;
    struct image img;
    asm_ok("nop\n.equ N, 3 * K\nK = 4\n.data\n.set x, 1\n.word x, N\n.set x, x + 1\n.word x\n"
           "msg: .ascii \"hello\"\nlen = . - msg\n.word len\n", &img);
    assert_int_equal(word_at(&img, 0x2000), 1);
    assert_int_equal(word_at(&img, 0x2004), 12);
    assert_int_equal(word_at(&img, 0x2008), 2);
    assert_int_equal(word_at(&img, 0x2011), 5);
    const struct image_symbol *n = image_find_symbol(&img, "N");
    assert_non_null(n);
    assert_int_equal(n->kind, IMAGE_SYM_ABS);
    assert_int_equal(n->value, 12);
    assert_int_equal(sym(&img, "x"), 2);            /* the last value */
    assert_int_equal(sym(&img, "len"), 5);
    image_free(&img);
    /* A length computed in .data is known in pass 1: li takes one word. */
    TEXT("li a0, len\n.data\nmsg: .ascii \"hi\"\nlen = . - msg\n", 0x73400000, 0x24440002);
    TEXT(".data\nmsg: .ascii \"hi\"\nlen = . - msg\n.text\nli a0, len\n", 0x21400002);
}

static void test_global_and_kinds(void **state)
{
    (void)state;
    struct image img;
    asm_ok(".global f, d\n.globl C\nf: nop\n.Lloop: j .Lloop\n.data\nd: .word 1\n.equ C, 9\n"
           ".bss\nb: .space 4\n", &img);
    static const struct { const char *name; enum image_symkind kind; bool global; } want[] = {
        { "f", IMAGE_SYM_FUNC, true }, { "d", IMAGE_SYM_OBJECT, true },
        { "C", IMAGE_SYM_ABS, true }, { "b", IMAGE_SYM_OBJECT, false },
    };
    for (int i = 0; i < 4; i++) {
        const struct image_symbol *s = image_find_symbol(&img, want[i].name);
        assert_non_null(s);
        assert_int_equal(s->kind, want[i].kind);
        assert_int_equal(s->global, want[i].global);
    }
    assert_null(image_find_symbol(&img, ".Lloop"));  /* assembler-local */
    assert_int_equal(img.nsyms, 4);
    assert_int_equal(word_at(&img, 0x1004), 0x71000000);
    image_free(&img);
}

/* ---- Expressions -------------------------------------------------------------------- */

static void test_expressions(void **state)
{
    (void)state;
    struct image img;
    asm_ok("nop\n.data\n.word 1+2*3, (1+2)*3, 1<<2+1, 10-3-2, -2*3, ~0, !5, !0\n"
           ".word 7/2, -7/2, -7%3, 6&3|8, 5^1|2, 1^3&2, 3|1^1, 'A', '\\n', 0b101\n"
           ".word 0x10, %hi(0x12345678), %lo(0x12345678), %lo(-1), 2*-3, -(-8>>1), +4\n"
           ".word 0xFFFFFFFF, -2147483648, 0B11, 0X1f\n", &img);
    static const int64_t want[] = { 7, 9, 8, 5, -6, -1, 0, 1, 3, -3, -1, 10, 6, 3, 3, 65, 10, 5,
                                    16, 0x1234, 0x5678, 0xFFFF, -6, 4, 4,
                                    0xFFFFFFFF, -2147483648LL, 3, 31 };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (word_at(&img, 0x2000 + 4 * (uint32_t)i) != (uint32_t)want[i])
            fail_msg("expression %zu: got 0x%08x, want 0x%08x", i,
                     word_at(&img, 0x2000 + 4 * (uint32_t)i), (uint32_t)want[i]);
    image_free(&img);
    TEXT("nop\n.word .\n.word . - 8\n", 0x21000000, 0x1004, 0x1000);
}

static void test_expression_errors(void **state)
{
    (void)state;
    expect_error(".word 1/0\n", 1, 1, 8, "division by zero");
    expect_error(".word 1%0\n", 1, 1, 8, "division by zero");
    expect_error(".word 1<<64\n", 1, 1, 8, "shift count 64 is out of range");
    expect_error(".word (1+2\n", 1, 1, 11, "expected ')'");
    expect_error(".word r3\n", 1, 1, 7, "'r3' is a register");
    expect_error(".word \"s\"\n", 1, 1, 7, "got a string");
    expect_error(".word %mid(3)\n", 1, 1, 8, "'hi' or 'lo'");
    expect_error(".word 0x100000000\n", 1, 1, 7, "out of range (-2147483648..4294967295)");
    expect_error(".word 99999999999999999999\n", 1, 1, 7, "is too large");
    expect_error(".word 12abc\n", 1, 1, 7, "bad number '12abc'");
    expect_error(".word 'ab'\n", 1, 1, 7, "exactly one character");
    expect_error(".word 'a\n", 1, 1, 7, "unterminated character literal");
    expect_error(".equ x, x + 1\n", 1, 1, 9, "circular definition");
    expect_error(".equ a, b\n.equ b, a\n", 2, 2, 9, "circular definition");
}

/* ---- Labels -------------------------------------------------------------------------- */

static void test_local_labels(void **state)
{
    (void)state;
    TEXT("1:  nop\n    j 1b\n    j 1f\n    nop\n1:  j 1b\n    j 2f\n2:  nop\n"
         "3: 3: j 3b\n",
         0x21000000, 0x710FFFFF, 0x71000002, 0x21000000, 0x71000000, 0x71000001,
         0x21000000, 0x71000000);
}

static void test_entry_point(void **state)
{
    (void)state;
    struct image img;
    asm_ok("nop\n_start: nop\n", &img);
    assert_int_equal(img.entry, 0x1004);
    image_free(&img);
    asm_ok("nop\n", &img);
    assert_int_equal(img.entry, 0x1000);
    image_free(&img);
    char *diag;
    assert_int_equal(assemble_named("t.s", "nop\n", &img, &diag, 0x400, 20), 0);
    assert_int_equal(img.entry, 0x400);
    assert_int_equal(seg(&img, ".text")->vaddr, 0x400);
    release(&img, diag);
}

/* ---- Macros ----------------------------------------------------------------------------- */

static void test_macros(void **state)
{
    (void)state;
    const char *src =
        ".macro push reg, size=4\n    addi sp, sp, -\\size\n    sw \\reg, 0(sp)\n.endm\n"
        ".MACRO loop n\nL\\@: addi \\n, \\n, -1\n    bnez \\n, L\\@\n.endm\n"
        ".macro glue x\n\\x\\()_lbl: nop\n.endm\n"
        "start: PUSH ra\n    push a0, 8\n    loop t0\n    loop t1\n    glue foo\n";
    TEXT(src, 0x2122FFFC, 0x53120000, 0x2122FFF8, 0x53420000, 0x2188FFFF, 0x6280FFFF,
         0x2199FFFF, 0x6290FFFF, 0x21000000);
    struct image img;
    asm_ok(src, &img);
    assert_int_equal(sym(&img, "start"), 0x1000);
    assert_int_equal(sym(&img, "L2"), 0x1010);      /* \@ counts expansions: 0, 1, 2 ... */
    assert_int_equal(sym(&img, "L3"), 0x1018);
    assert_int_equal(sym(&img, "foo_lbl"), 0x1020);
    /* Every word of an expansion maps to the line of the call. */
    const struct image_line *l = image_line_for(&img, 0x1014);
    assert_non_null(l);
    assert_int_equal(l->line, 14);
    assert_int_equal(image_line_for(&img, 0x1018)->line, 15);
    image_free(&img);
}

static void test_macro_errors(void **state)
{
    (void)state;
    expect_error("x: nop\n.macro m\nnop\n", 1, 2, 1, "unterminated .macro 'm'");
    expect_error("nop\n.endm\n", 1, 2, 1, ".endm without .macro");
    expect_error(".macro m a, b\n.endm\nm 1\n", 1, 3, 1, "macro 'm' expects 2 arguments (a, b), got 1");
    expect_error(".macro m a, b=2\n.endm\nm 1, 2, 3\n", 1, 3, 1, "expects 1 to 2 arguments");
    expect_error(".macro r\nr\n.endm\nr\n", 1, 4, 1, "nested too deeply");
    expect_error(".macro m\n.endm\n.macro m\n.endm\n", 1, 3, 8, "macro 'm' is already defined at t.s:1");
    expect_error(".macro m\n.macro n\n.endm\n", 1, 2, 1, "macros cannot be nested");
    expect_error(".macro m 1x\n.endm\n", 1, 1, 10, "bad macro parameter '1x'");
    expect_error(".macro .m\n.endm\n", 1, 1, 8, "must not start with '.'");
    /* An error inside an expansion points into the expanded text. */
    struct image img;
    char *diag;
    assert_int_equal(assemble(".macro m\naddi r1, r2, 70000\n.endm\nnop\nm\n", &img, &diag), 1);
    check_message(diag, "t.s", 5, 14, "does not fit in 16 bits");
    assert_non_null(strstr(diag, "t.s:5: note: in expansion of macro 'm' (defined at t.s:1)"));
    release(&img, diag);
    /* A bounded total: 11110 expansions are too many. */
    char src[400] = ".macro a\nnop\n.endm\n";
    for (char k = 'b'; k <= 'e'; k++) {          /* each calls the one before 10 times */
        char *p = src + strlen(src);
        p += sprintf(p, ".macro %c\n", k);
        for (int i = 0; i < 10; i++)
            p += sprintf(p, "%c\n", k - 1);
        strcpy(p, ".endm\n");
    }
    strcat(src, "e\n");
    assert_true(assemble(src, &img, &diag) >= 1);
    assert_non_null(strstr(diag, "too many macro expansions"));
    release(&img, diag);
}

/* ---- .include and several files ------------------------------------------------------- */

/* Write dir/name; its path goes into path[600]. */
static void write_file(char *path, const char *dir, const char *name, const char *text)
{
    snprintf(path, 600, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void remove_tree(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static int assemble_files(const char *const *paths, size_t n, struct image *img, char **diag)
{
    size_t len = 0;
    FILE *f = open_memstream(diag, &len);
    struct asm_options o;
    asm_options_default(&o);
    o.diag = f;
    image_init(img);
    int e = asm_files(paths, n, &o, img);
    fclose(f);
    return e;
}

static void test_include(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_asm_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[600], main_s[600], inc_s[600], inc2_s[600], one[600], two[600];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file(main_s, dir, "main.s", "_start: nop\n.include \"sub/inc.s\"\n j helper\n");
    write_file(inc_s, dir, "sub/inc.s", "helper: nop\n.include \"inc2.s\"\n");
    write_file(inc2_s, dir, "sub/inc2.s", "  .equ VAL, 42\n  li a0, VAL\n");
    const char *paths[] = { main_s };
    struct image img;
    char *diag;
    int e = assemble_files(paths, 1, &img, &diag);
    if (e)
        fail_msg("%s", diag);
    free(diag);
    assert_int_equal(word_at(&img, 0x1008), 0x2140002A);
    assert_int_equal(word_at(&img, 0x100C), 0x710FFFFE);
    assert_int_equal(img.nfiles, 3);
    assert_string_equal(img.files[0], main_s);
    assert_string_equal(img.files[1], inc_s);
    assert_string_equal(img.files[2], inc2_s);
    static const uint32_t file[] = { 0, 1, 2, 0 }, line[] = { 1, 1, 2, 3 };
    assert_int_equal(img.nlines, 4);
    for (uint32_t i = 0; i < 4; i++) {
        const struct image_line *l = image_line_for(&img, 0x1000 + 4 * i);
        assert_non_null(l);
        assert_int_equal(l->file, file[i]);
        assert_int_equal(l->line, line[i]);
    }
    image_free(&img);
    /* Several files are one program: labels and the section carry over. */
    write_file(one, dir, "one.s", "_start: j two_label\n.data\n");
    write_file(two, dir, "two.s", ".word 7\n.text\ntwo_label: nop\n");
    const char *both[] = { one, two };
    assert_int_equal(assemble_files(both, 2, &img, &diag), 0);
    assert_int_equal(word_at(&img, 0x1000), 0x71000001);
    assert_int_equal(word_at(&img, 0x2000), 7);
    assert_int_equal(image_line_for(&img, 0x1004)->file, 1);
    release(&img, diag);
    /* asm_string resolves .include relative to its name's directory. */
    assert_int_equal(assemble_named(main_s, ".include \"sub/inc2.s\"\n", &img, &diag, 0x1000, 9), 0);
    assert_int_equal(word_at(&img, 0x1000), 0x2140002A);
    release(&img, diag);
    remove_tree(dir);
}

static void test_include_errors(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_asm_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char a_s[600], b_s[600], none[600], chain[2000];
    write_file(a_s, dir, "a.s", "nop\n.include \"b.s\"\n");
    write_file(b_s, dir, "b.s", "nop\n.include \"a.s\"\n");
    snprintf(none, sizeof none, "%s/none.s", dir);
    snprintf(chain, sizeof chain, "include cycle: %s -> %s -> %s", a_s, b_s, a_s);
    const char *paths[] = { a_s };
    struct image img;
    char *diag;
    assert_int_equal(assemble_files(paths, 1, &img, &diag), 1);
    check_message(diag, b_s, 2, 10, chain);
    release(&img, diag);
    const char *two[] = { none, a_s };
    assert_true(assemble_files(two, 2, &img, &diag) >= 1);
    char want[700];
    snprintf(want, sizeof want, "%s: error: cannot open: No such file or directory\n", none);
    assert_non_null(strstr(diag, want));
    release(&img, diag);
    const char *dirpath[] = { dir };
    assert_int_equal(assemble_files(dirpath, 1, &img, &diag), 1);
    assert_non_null(strstr(diag, "cannot open: Is a directory"));
    release(&img, diag);
    remove_tree(dir);
    expect_error("nop\n.include \"nope.s\"\n", 1, 2, 10, "cannot open include file 'nope.s'");
    expect_error(".include nope.s\n", 1, 1, 10, "expected a file name in double quotes");
    expect_error(".include \"x.s\" junk\n", 1, 1, 16, "unexpected 'junk' after the file name");
}


/* ---- Sections and layout ------------------------------------------------------------- */

static void test_layout(void **state)
{
    (void)state;
    struct image img;
    asm_ok("nop\nnop\nnop\n.data\n.byte 1\n.bss\nb: .space 8\n", &img);
    assert_int_equal(img.nsegs, 2);
    const struct image_segment *t = seg(&img, ".text"), *d = seg(&img, ".data");
    assert_int_equal(t->vaddr, 0x1000);
    assert_int_equal(t->flags, IMAGE_R | IMAGE_X);
    assert_int_equal(d->vaddr, 0x2000);
    assert_int_equal(d->filesz, 1);
    assert_int_equal(d->memsz, 12);                 /* .bss at 0x2004, 8 bytes */
    assert_int_equal(d->flags, IMAGE_R | IMAGE_W);
    assert_int_equal(sym(&img, "b"), 0x2004);
    image_free(&img);
    asm_ok(".space 4100\n.data\nx: .word 1\n", &img);   /* the next 4 KiB boundary */
    assert_int_equal(sym(&img, "x"), 0x3000);
    image_free(&img);
    asm_ok("nop\n.bss\n.align 4\nx: .space 16\n", &img);  /* only .bss: filesz 0 */
    const struct image_segment *b = seg(&img, ".bss");
    assert_int_equal(b->vaddr, 0x2000);
    assert_int_equal(b->filesz, 0);
    assert_int_equal(b->memsz, 16);
    image_free(&img);
    asm_ok(".data\n.word 1\n.align 13\ny: .word 2\n", &img);  /* .data aligned to 8 KiB */
    assert_int_equal(sym(&img, "y") % 0x2000, 0);
    assert_int_equal(seg(&img, ".data")->vaddr % 0x2000, 0);
    image_free(&img);
}

static void test_org(void **state)
{
    (void)state;
    struct image img;
    asm_ok(".org 0x8000\n_start: nop\n", &img);   /* an empty section: its start */
    assert_int_equal(seg(&img, ".text")->vaddr, 0x8000);
    assert_int_equal(img.entry, 0x8000);
    image_free(&img);
    TEXT("nop\n.org 0x1010\nnop\n", 0x21000000, 0, 0, 0, 0x21000000);
    asm_ok("nop\n.data\n.org 0x4000\nd: .word 5\n.org d + 12\n.word 6\n", &img);
    assert_int_equal(seg(&img, ".data")->vaddr, 0x4000);
    assert_int_equal(sym(&img, "d"), 0x4000);
    assert_int_equal(word_at(&img, 0x400C), 6);
    image_free(&img);
    asm_ok("nop\n.data\nx: .word 1\n.org x + 8\n.word 2\n", &img);   /* relative, start unknown */
    assert_int_equal(seg(&img, ".data")->filesz, 12);
    assert_int_equal(word_at(&img, 0x2008), 2);
    image_free(&img);
    expect_error("nop\nnop\n.org 0x1004\n", 1, 3, 6, ".org 0x1004 would move backwards "
                 "(the location is already 0x1008)");
    expect_error("nop\n.data\n.org 0x1000\n.word 1\n", 1, 3, 1,
                 "sections .text [0x00001000-0x00001004) and .data [0x00001000-0x00001004) overlap");
    expect_error(".data\n.word 1\n.org 0x5000\n", 1, 3, 6, "needs the start of .data");
    expect_error(".org later\nlater: nop\n", 1, 1, 6, "must be known where it is written");
    expect_error(".org 0x100000000\n", 1, 1, 6, "outside the 32-bit address space");
}

static void test_line_table(void **state)
{
    (void)state;
    struct image img;
    asm_ok("nop\nli a0, 0x12345678\n.word 5\nadd a0, a0, a0\n.data\n.word 1\n", &img);
    assert_int_equal(img.nfiles, 1);
    assert_string_equal(img.files[0], "t.s");
    /* a .word in .text gets a row (it may be executed); in .data it does not */
    assert_int_equal(img.nlines, 5);
    static const uint32_t addr[] = { 0x1000, 0x1004, 0x1008, 0x100C, 0x1010 },
                          line[] = { 1, 2, 2, 3, 4 };
    for (int i = 0; i < 5; i++) {
        assert_int_equal(img.lines[i].addr, addr[i]);
        assert_int_equal(img.lines[i].line, line[i]);
        assert_int_equal(img.lines[i].file, 0);
    }
    assert_null(image_line_for(&img, 0x2000));
    image_free(&img);
}

/* ---- The catalogue of errors ---------------------------------------------------------- */

static void test_errors_mnemonics_operands(void **state)
{
    (void)state;
    expect_error("    addi t0, t0, 70000\n", 1, 1, 18, "immediate 70000 does not fit in 16 bits");
    expect_error("\taddi\tt0,\tt0,\t70000\n", 1, 1, 15, "immediate 70000");   /* tabs */
    expect_error("adi r1, r2, 3\n", 1, 1, 1, "unknown instruction 'adi' (did you mean 'addi'?)");
    expect_error("frobnicate r1\n", 1, 1, 1, "unknown instruction 'frobnicate'");
    expect_error("loop\n", 1, 1, 1, "if it is a label, add ':'");
    expect_error("addi r1, r2\n", 1, 1, 1, "addi expects 3 operands: rd, rs1, simm16");
    expect_error("ret r1\n", 1, 1, 1, "ret expects no operands");
    expect_error("jal a0, a1, x\n", 1, 1, 1, "jal expects 2 operands: rd, label (or 1: label)");
    expect_error("add r16, r1, r2\n", 1, 1, 5, "'r16' is not a register");
    expect_error("add r1, 5, r2\n", 1, 1, 9, "expected a register (rs1), got '5'");
    expect_error("andi r1, r2, -1\n", 1, 1, 14, "immediate -1 does not fit in 16 bits (unsigned");
    expect_error("slli r1, r2, 32\n", 1, 1, 14, "shift amount 32 is out of range");
    expect_error("sw r1, 40000(r2)\n", 1, 1, 8, "offset 40000 does not fit");
    expect_error("lui r1, 0x10000\n", 1, 1, 9, "immediate 65536 does not fit");
    expect_error("addi r1, r2, 0xFFFFFFFF\n", 1, 1, 14, "immediate 4294967295 does not fit");
    expect_error("lw a0, 8\n", 1, 1, 8, "lw expects a memory operand");
    expect_error("lw a0, 8(a9)\n", 1, 1, 10, "'a9' is not a register");
    expect_error("swap a0, a1, a2\n", 1, 1, 14, "expected '(' here: swap expects rd, rs2, (rs1)");
    expect_error("mfcr t0, bogus\n", 1, 1, 10, "'bogus' is not a control register");
    expect_error("mtcr 70000, t0\n", 1, 1, 6, "control register number 70000 is out of range");
    expect_error("add r1, r2, r3 r4\n", 1, 1, 16, "unexpected 'r4' after the operands");
    expect_error("li a0, 0x100000000\n", 1, 1, 8, "does not fit in 32 bits");
    expect_error("@foo\n", 1, 1, 1, "unexpected character '@'");
    expect_error("a0: nop\n", 1, 1, 1, "'a0' is a register name");
    expect_error("0x10: nop\n", 1, 1, 1, "expected a label, an instruction or a directive");
    TEXT("mfcr t0, 7\nmtcr STATUS, t0\nMFCR T0, Cause\n", 0xF1800007, 0xF2080000, 0xF1800002);
}

static void test_errors_symbols(void **state)
{
    (void)state;
    expect_error("j nowhere\n", 1, 1, 3, "undefined symbol 'nowhere'");
    expect_error("x: nop\nx: nop\n", 1, 2, 1, "duplicate label 'x' (first defined at t.s:1)");
    expect_error(".equ x, 1\n.equ x, 2\n", 1, 2, 6, "'x' is already defined at t.s:1");
    expect_error("x: nop\n.set x, 2\n", 1, 2, 6, "'x' is already defined as a label at t.s:1");
    expect_error(".global nothere\n", 1, 1, 9, "'nothere' is declared .global but never defined");
    expect_error("j 1f\n", 1, 1, 3, "local label 1f: there is no '1:' after this line");
    expect_error("1: nop\nj 1b\nj 2b\n", 1, 3, 3, "local label 2b: there is no '2:' before");
    expect_error(". = 4\n", 1, 1, 1, "'.' is the location counter");
}

static void test_errors_directives(void **state)
{
    (void)state;
    expect_error(".ascii \"abc\n", 1, 1, 8, "unterminated string");
    expect_error(".ascii \"a\\qb\"\n", 1, 1, 10, "bad escape '\\q'");
    expect_error(".ascii 5\n", 1, 1, 8, ".ascii expects a string");
    expect_error(".wrod 1\n", 1, 1, 1, "unknown directive '.wrod' (did you mean '.word'?)");
    expect_error(".frobnicate\n", 1, 1, 1, "unknown directive '.frobnicate'");
    expect_error(".byte 300\n", 1, 1, 7, ".byte value 300 is out of range (-128..255)");
    expect_error(".half -32769\n", 1, 1, 7, ".half value -32769 is out of range");
    expect_error(".word 1 2\n", 1, 1, 9, "unexpected '2' after the values");
    expect_error(".bss\n.word 1\n", 1, 2, 1, "data in .bss");
    expect_error(".bss\nnop\n", 1, 2, 1, "data in .bss");
    expect_error(".bss\n.space 4, 1\n", 1, 2, 11, "data in .bss");
    expect_error(".space n\n.equ n, 4\n", 1, 1, 8, "must be known where it is written");
    expect_error(".space 0x7fffffff\n", 1, 1, 8, "out of range");
    expect_error(".space 0x3000000\n.space 0x2000000\n", 1, 2, 8, "larger than 64 MiB");
    expect_error(".space -1\n", 1, 1, 8, "out of range");
    expect_error(".align 17\n", 1, 1, 8, "the exponent must be 0..16");
    expect_error(".balign 3\n", 1, 1, 9, "power of two");
    expect_error(".equ 5, 1\n", 1, 1, 6, ".equ expects a symbol name");
    expect_error(".text junk\n", 1, 1, 7, "unexpected 'junk' after .text");
}

static void test_errors_branches_and_layout(void **state)
{
    (void)state;
    expect_error("beq r0, r0, . + 0x20000\n", 1, 1, 13, "branch target is out of range");
    expect_error("beq r0, r0, . + 2\n", 1, 1, 13, "branch target is not 4-byte aligned");
    expect_error("j . + 0x200000\n", 1, 1, 3, "jump target is out of range");
    expect_error("li a0, 1/0\n", 1, 1, 9, "division by zero");
    expect_error(".byte 1\nnop\n", 1, 2, 1, "instruction at 0x00001001 is not 4-byte aligned");
    TEXT("beq r0, r0, . - 0x20000\n", 0x61008000);       /* the farthest back */
}

static void test_errors_limits(void **state)
{
    (void)state;
    static char src[6000] = "nop\n";
    memset(src + 4, 'x', 5000);
    strcpy(src + 5004, "\nnop\n");
    expect_error(src, 1, 2, 1, "line is too long (5000 characters");
    /* max_errors: three messages, then "too many errors". */
    struct image img;
    char *diag;
    int e = assemble_named("t.s", "bad1\nbad2\nbad3\nbad4\nbad5\n", &img, &diag, 0x1000, 3);
    assert_int_equal(e, 4);
    int n = 0;
    for (const char *p = diag; (p = strstr(p, ": error: ")); p++)
        n++;
    assert_int_equal(n, 3);
    assert_non_null(strstr(diag, "t.s:3:1: error:"));
    assert_null(strstr(diag, "t.s:4:1: error:"));
    assert_non_null(strstr(diag, "t.s: too many errors, stopping\n"));
    release(&img, diag);
    /* Errors come out in source order, whichever pass finds them. */
    assert_int_equal(assemble("j nowhere\nbad\n", &img, &diag), 2);
    const char *first = strstr(diag, "t.s:1:3"), *second = strstr(diag, "t.s:2:1");
    assert_true(first && second && first < second);
    release(&img, diag);
}

/* ---- Every row of the instruction table, through the assembler ------------------------ */

/* The syntax of a format with each operand name replaced by a sample. */
static void sample_operands(const char *syntax, char *out, size_t len)
{
    static const char *const subst[8][2] = {
        { "rd", "r3" }, { "rs1", "r4" }, { "rs2", "r5" }, { "simm16", "-7" },
        { "uimm16", "0x1234" }, { "shamt", "13" }, { "label", "(. + 8)" }, { "cr", "EPC" },
    };
    size_t n = 0;
    out[0] = '\0';
    for (const char *p = syntax; *p && n < len;) {
        size_t w = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789"), i = 0;
        while (w && i < 8 && (strlen(subst[i][0]) != w || strncmp(subst[i][0], p, w) != 0))
            i++;
        assert_true(w == 0 || i < 8);                /* every name has a sample */
        n += (size_t)snprintf(out + n, len - n, "%.*s", w ? (int)strlen(subst[i][1]) : 1,
                              w ? subst[i][1] : p);
        p += w ? w : 1;
    }
}

static void test_every_instruction(void **state)
{
    (void)state;
    for (int op = 1; op < ISA_OP_COUNT; op++) {
        const struct isa_insn_info *in = &isa_insns[op];
        const char *syntax = isa_formats[in->format].syntax;
        char ops[100], src[160];
        sample_operands(syntax, ops, sizeof ops);
        snprintf(src, sizeof src, "    %s %s\n", in->name, ops);
        struct image img;
        asm_ok(src, &img);
        assert_int_equal(seg(&img, ".text")->filesz, 4);
        struct isa_decoded d;
        if (!isa_decode(word_at(&img, 0x1000), &d))
            fail_msg("'%s' assembled to 0x%08x, which does not decode", src, word_at(&img, 0x1000));
        if ((int)d.op != op)
            fail_msg("'%s' decodes as %s", src, isa_insns[d.op].name);
        assert_int_equal(d.rd, strstr(syntax, "rd") ? 3 : 0);
        assert_int_equal(d.rs1, strstr(syntax, "rs1") ? 4 : 0);
        assert_int_equal(d.rs2, strstr(syntax, "rs2") ? 5 : 0);
        uint32_t imm = strstr(syntax, "simm16") ? (uint32_t)-7 : strstr(syntax, "uimm16") ? 0x1234
                     : strstr(syntax, "shamt") ? 13 : strstr(syntax, "label") ? 8 : 0;
        assert_int_equal(d.imm, imm);
        assert_int_equal(d.cr, strstr(syntax, "cr") ? ISA_CR_EPC : 0);
        image_free(&img);
        /* Upper case works too: mnemonics and registers ignore case. */
        for (char *p = src; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        asm_ok(src, &img);
        assert_int_equal(isa_decode(word_at(&img, 0x1000), &d) && (int)d.op == op, 1);
        image_free(&img);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pseudo_simple),
        cmocka_unit_test(test_pseudo_li),
        cmocka_unit_test(test_pseudo_jumps_branches),
        cmocka_unit_test(test_data_directives),
        cmocka_unit_test(test_string_directives),
        cmocka_unit_test(test_space_align),
        cmocka_unit_test(test_equ_set),
        cmocka_unit_test(test_global_and_kinds),
        cmocka_unit_test(test_expressions),
        cmocka_unit_test(test_expression_errors),
        cmocka_unit_test(test_local_labels),
        cmocka_unit_test(test_entry_point),
        cmocka_unit_test(test_macros),
        cmocka_unit_test(test_macro_errors),
        cmocka_unit_test(test_include),
        cmocka_unit_test(test_include_errors),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_org),
        cmocka_unit_test(test_line_table),
        cmocka_unit_test(test_errors_mnemonics_operands),
        cmocka_unit_test(test_errors_symbols),
        cmocka_unit_test(test_errors_directives),
        cmocka_unit_test(test_errors_branches_and_layout),
        cmocka_unit_test(test_errors_limits),
        cmocka_unit_test(test_every_instruction),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
