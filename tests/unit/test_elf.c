/*
 * test_elf.c - unit tests for isa/elf.c: round trips through memory and
 * files, readelf's opinion of what we write, and the reader's answer to
 * many malformed files made by mutating one valid file.
 *
 * Owns nothing but its tests.  Each mutation test starts from a fresh copy
 * of the same valid file and asserts the words of the expected message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isa/image.h"

/* ---- a sample image and its bytes ---------------------------------------- */

static const uint8_t text_bytes[16] = {
    0x10, 0x00, 0x34, 0x21, 0x01, 0x00, 0x00, 0x5E,
    0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF,
};
static const uint8_t data_bytes[5] = { 'h', 'e', 'l', 'l', 'o' };

/* .text, .data with a zero-filled tail (-> a .bss section), and a pure
 * .bss-like segment; symbols interleave locals and globals on purpose. */
static void make_sample(struct image *img)
{
    image_init(img);
    assert_true(image_add_segment(img, ".text", 0x1000, text_bytes, 16, 16, IMAGE_R | IMAGE_X));
    assert_true(image_add_segment(img, ".data", 0x2002, data_bytes, 5, 0x100, IMAGE_R | IMAGE_W));
    assert_true(image_add_segment(img, "stack", 0x8000, NULL, 0, 0x1000, IMAGE_R | IMAGE_W));
    assert_true(image_add_symbol(img, "_start", 0x1000, 16, IMAGE_SYM_FUNC, true));
    assert_true(image_add_symbol(img, "loop", 0x1008, 0, IMAGE_SYM_NOTYPE, false));
    assert_true(image_add_symbol(img, "msg", 0x2002, 5, IMAGE_SYM_OBJECT, false));
    assert_true(image_add_symbol(img, "buf", 0x2010, 32, IMAGE_SYM_OBJECT, true));
    assert_true(image_add_symbol(img, "NLINES", 25, 0, IMAGE_SYM_ABS, false));
    assert_true(image_add_symbol(img, "_end", 0x2102, 0, IMAGE_SYM_NOTYPE, true));
    assert_int_equal(image_add_file(img, "prog.s"), 0);
    assert_int_equal(image_add_file(img, "lib/tty.s"), 1);
    assert_true(image_add_line(img, 0x1000, 0, 3));
    assert_true(image_add_line(img, 0x1004, 0, 4));
    assert_true(image_add_line(img, 0x1008, 1, 10));
    assert_true(image_add_line(img, 0x100C, 1, 11));
    img->entry = 0x1000;
}

struct file { uint8_t *buf; size_t len; };

static struct file sample_file(void)
{
    struct image img;
    make_sample(&img);
    struct file f;
    assert_true(elf_write_mem(&img, &f.buf, &f.len));
    image_free(&img);
    return f;
}

static uint32_t rd16(const uint8_t *p) { return p[0] | (uint32_t)p[1] << 8; }
static uint32_t rd32(const uint8_t *p) { return rd16(p) | rd16(p + 2) << 16; }
static void wr16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void wr32(uint8_t *p, uint32_t v) { wr16(p, v); wr16(p + 2, v >> 16); }

/* Program header k, section header i, and a section found by name. */
static uint8_t *phdr(struct file *f, unsigned k) { return f->buf + rd32(f->buf + 28) + 32 * k; }
static uint8_t *shdr(struct file *f, unsigned i) { return f->buf + rd32(f->buf + 32) + 40 * i; }
static unsigned section(struct file *f, const char *name)
{
    uint8_t *names = f->buf + rd32(shdr(f, rd16(f->buf + 50)) + 16);
    for (unsigned i = 1; i < rd16(f->buf + 48); i++)
        if (strcmp((char *)names + rd32(shdr(f, i)), name) == 0)
            return i;
    fail_msg("no section %s", name);
    return 0;
}
static uint8_t *section_data(struct file *f, const char *name)
{
    return f->buf + rd32(shdr(f, section(f, name)) + 16);
}

/* Read f; it must fail with words in the message, the message must name
 * the file, be one line, and leave the image empty. */
static void expect_error(struct file *f, const char *words)
{
    struct image img;
    char err[512] = "";
    memset(&img, 0x5A, sizeof img);
    bool ok = elf_read_mem(f->buf, f->len, "t.elf", &img, err, sizeof err);
    if (ok)
        image_free(&img);
    assert_false(ok);
    if (strncmp(err, "t.elf: error: ", 14) != 0 || strchr(err, '\n') != NULL)
        fail_msg("badly formed message \"%s\"", err);
    if (strstr(err, words) == NULL)
        fail_msg("expected \"%s\" in \"%s\"", words, err);
    assert_int_equal(img.nsegs + img.nsyms + img.nfiles + img.nlines, 0);
    free(f->buf);
}

static void expect_ok(struct file *f, struct image *img)
{
    char err[512] = "";
    bool ok = elf_read_mem(f->buf, f->len, "t.elf", img, err, sizeof err);
    if (!ok)
        fail_msg("unexpected error: %s", err);
    free(f->buf);
}

/* ---- round trips ----------------------------------------------------------- */

static void test_round_trip_every_field(void **state)
{
    (void)state;
    struct file f = sample_file();
    struct image img;
    expect_ok(&f, &img);
    assert_int_equal(img.entry, 0x1000);

    assert_int_equal(img.nsegs, 3);
    assert_string_equal(img.segs[0].name, ".text");
    assert_int_equal(img.segs[0].vaddr, 0x1000);
    assert_int_equal(img.segs[0].filesz, 16);
    assert_int_equal(img.segs[0].memsz, 16);
    assert_int_equal(img.segs[0].flags, IMAGE_R | IMAGE_X);
    assert_memory_equal(img.segs[0].data, text_bytes, 16);
    assert_string_equal(img.segs[1].name, ".data");
    assert_int_equal(img.segs[1].vaddr, 0x2002);
    assert_int_equal(img.segs[1].filesz, 5);
    assert_int_equal(img.segs[1].memsz, 0x100);
    assert_int_equal(img.segs[1].flags, IMAGE_R | IMAGE_W);
    assert_memory_equal(img.segs[1].data, data_bytes, 5);
    assert_string_equal(img.segs[2].name, "stack");
    assert_int_equal(img.segs[2].vaddr, 0x8000);
    assert_int_equal(img.segs[2].filesz, 0);
    assert_int_equal(img.segs[2].memsz, 0x1000);
    assert_null(img.segs[2].data);

    /* ELF puts local symbols first; otherwise the image's order is kept. */
    static const struct { const char *name; uint32_t value, size; enum image_symkind kind;
                          bool global; } want[] = {
        { "loop", 0x1008, 0, IMAGE_SYM_NOTYPE, false },
        { "msg", 0x2002, 5, IMAGE_SYM_OBJECT, false },
        { "NLINES", 25, 0, IMAGE_SYM_ABS, false },
        { "_start", 0x1000, 16, IMAGE_SYM_FUNC, true },
        { "buf", 0x2010, 32, IMAGE_SYM_OBJECT, true },
        { "_end", 0x2102, 0, IMAGE_SYM_NOTYPE, true },
    };
    assert_int_equal(img.nsyms, 6);
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(img.syms[i].name, want[i].name);
        assert_int_equal(img.syms[i].value, want[i].value);
        assert_int_equal(img.syms[i].size, want[i].size);
        assert_int_equal(img.syms[i].kind, want[i].kind);
        assert_int_equal(img.syms[i].global, want[i].global);
    }

    assert_int_equal(img.nfiles, 2);
    assert_string_equal(img.files[0], "prog.s");
    assert_string_equal(img.files[1], "lib/tty.s");
    static const uint32_t rows[4][3] = {
        { 0x1000, 0, 3 }, { 0x1004, 0, 4 }, { 0x1008, 1, 10 }, { 0x100C, 1, 11 } };
    assert_int_equal(img.nlines, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(img.lines[i].addr, rows[i][0]);
        assert_int_equal(img.lines[i].file, rows[i][1]);
        assert_int_equal(img.lines[i].line, rows[i][2]);
    }
    image_free(&img);
}

static void test_round_trip_is_exact_once_locals_come_first(void **state)
{
    (void)state;
    struct image a, b;
    image_init(&a);
    image_add_segment(&a, "", 0x0, text_bytes, 16, 16, IMAGE_X);      /* empty name */
    image_add_segment(&a, "rodata", 0x103, data_bytes, 5, 9, IMAGE_R); /* odd address */
    image_add_segment(&a, "e1", 0x400, NULL, 0, 0, IMAGE_R);          /* two empty ones */
    image_add_segment(&a, "e2", 0x400, NULL, 0, 0, IMAGE_R);
    image_add_symbol(&a, "", 4, 0, IMAGE_SYM_NOTYPE, false);
    image_add_symbol(&a, "far", 0x9000, 0, IMAGE_SYM_NOTYPE, false);   /* outside */
    image_add_symbol(&a, "g", 0x104, 1, IMAGE_SYM_OBJECT, true);
    a.entry = 8;
    uint8_t *buf;
    size_t len;
    assert_true(elf_write_mem(&a, &buf, &len));
    struct file f = { buf, len };
    for (unsigned k = 0; k < 4; k++) {          /* p_offset = p_vaddr (mod p_align) */
        assert_int_equal(rd32(phdr(&f, k) + 28), 4);
        assert_int_equal(rd32(phdr(&f, k) + 4) % 4, rd32(phdr(&f, k) + 8) % 4);
    }
    assert_int_equal(rd32(phdr(&f, 1) + 8), 0x103);
    char err[256], why[256];
    bool ok = elf_read_mem(buf, len, "x", &b, err, sizeof err);
    if (!ok)
        fail_msg("%s", err);
    if (!image_equal(&a, &b, why, sizeof why))
        fail_msg("%s", why);
    assert_string_equal(b.segs[4 - 2].name, "e1");
    assert_string_equal(b.segs[3].name, "e2");
    assert_string_equal(b.segs[1].name, "rodata");
    free(buf);
    image_free(&a);
    image_free(&b);
}

static void test_tail_section_names(void **state)
{
    (void)state;
    struct image img;
    image_init(&img);
    image_add_segment(&img, "text", 0x0, text_bytes, 16, 32, IMAGE_R | IMAGE_X);
    image_add_segment(&img, ".data", 0x100, data_bytes, 5, 8, IMAGE_R | IMAGE_W);
    struct file f;
    assert_true(elf_write_mem(&img, &f.buf, &f.len));
    assert_int_equal(rd32(shdr(&f, section(&f, "text.bss")) + 4), 8);   /* SHT_NOBITS */
    assert_int_equal(rd32(shdr(&f, section(&f, "text.bss")) + 12), 16);
    assert_int_equal(rd32(shdr(&f, section(&f, ".bss")) + 12), 0x105);
    assert_int_equal(rd32(shdr(&f, section(&f, ".bss")) + 20), 3);
    assert_int_equal(rd32(shdr(&f, section(&f, ".data")) + 8), 3);      /* WA */
    assert_int_equal(rd32(shdr(&f, section(&f, "text")) + 8), 6);       /* AX */
    free(f.buf);
    image_free(&img);
}

static void test_file_round_trip_and_errors(void **state)
{
    (void)state;
    char path[] = "/tmp/test_elf_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct image a, b;
    make_sample(&a);
    char err[512], why[256];
    assert_true(elf_write_file(&a, path, err, sizeof err));
    if (!elf_read_file(path, &b, err, sizeof err))
        fail_msg("%s", err);
    struct file f;
    assert_true(elf_write_mem(&b, &f.buf, &f.len));
    struct image c;
    expect_ok(&f, &c);
    if (!image_equal(&b, &c, why, sizeof why))
        fail_msg("%s", why);
    image_free(&b);
    image_free(&c);

    assert_false(elf_read_file("/nonexistent/x.elf", &b, err, sizeof err));
    assert_string_equal(err, "/nonexistent/x.elf: error: cannot open: No such file or directory");
    assert_false(elf_read_file("/tmp", &b, err, sizeof err));
    assert_string_equal(err, "/tmp: error: is a directory");
    assert_false(elf_write_file(&a, "/nonexistent/x.elf", err, sizeof err));
    assert_string_equal(err, "/nonexistent/x.elf: error: cannot create: No such file or directory");

    /* The writer refuses an image the reader would refuse. */
    a.entry = 0x2002;
    assert_false(elf_write_file(&a, path, err, sizeof err));
    assert_non_null(strstr(err, ": error: entry point 0x00002002 is not inside an executable"));
    image_free(&a);
    remove(path);
}

static void test_readelf_is_happy(void **state)
{
    (void)state;
    if (system("command -v readelf >/dev/null 2>&1") != 0)
        skip();
    char path[] = "/tmp/test_elf_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct image img;
    make_sample(&img);
    char err[512];
    assert_true(elf_write_file(&img, path, err, sizeof err));
    image_free(&img);
    char cmd[256], errpath[64];
    snprintf(errpath, sizeof errpath, "%s.err", path);
    snprintf(cmd, sizeof cmd, "readelf -a -W %s >/dev/null 2>%s", path, errpath);
    assert_int_equal(system(cmd), 0);
    FILE *e = fopen(errpath, "r");
    assert_non_null(e);
    char line[512] = "";
    bool empty = fgets(line, sizeof line, e) == NULL;
    fclose(e);
    remove(errpath);
    remove(path);
    if (!empty)
        fail_msg("readelf said: %s", line);
}

static void test_writer_refuses_what_the_reader_would(void **state)
{
    (void)state;
    struct image img;
    char err[512];
    static uint8_t dummy;
    uint8_t *buf = &dummy;
    size_t len = 7;
    image_init(&img);
    assert_false(elf_write_file(&img, "/tmp/never.elf", err, sizeof err));
    assert_string_equal(err, "/tmp/never.elf: error: no loadable segment");
    /* 65 segments: a valid image, but more than the format allows. */
    for (uint32_t i = 0; i < 65; i++)
        assert_true(image_add_segment(&img, ".text", i * 16, text_bytes, 16, 16, IMAGE_X));
    assert_false(elf_write_mem(&img, &buf, &len));
    assert_null(buf);
    assert_int_equal(len, 0);
    assert_false(elf_write_file(&img, "/tmp/never.elf", err, sizeof err));
    assert_string_equal(err, "/tmp/never.elf: error: image too large for the image format: "
                             "more than 64 segments");
    image_free(&img);
    /* A name longer than 4096 bytes. */
    make_sample(&img);
    char *longname = malloc(5000);
    memset(longname, 'a', 4999);
    longname[4999] = '\0';
    assert_true(image_add_symbol(&img, longname, 0x1000, 0, IMAGE_SYM_NOTYPE, false));
    free(longname);
    assert_false(elf_write_file(&img, "/tmp/never.elf", err, sizeof err));
    assert_non_null(strstr(err, "a name longer than 4096 bytes"));
    image_free(&img);
    assert_true(access("/tmp/never.elf", F_OK) != 0);       /* nothing was created */
}

/* ---- malformed files ----------------------------------------------------- */

static void test_every_truncation_fails(void **state)
{
    (void)state;
    struct file f = sample_file();
    for (size_t len = 0; len < f.len; len++) {
        struct image img;
        char err[512] = "";
        /* A fresh copy of exactly len bytes, so ASan sees any over-read. */
        uint8_t *copy = malloc(len ? len : 1);
        memcpy(copy, f.buf, len);
        bool ok = elf_read_mem(copy, len, "t.elf", &img, err, sizeof err);
        free(copy);
        assert_false(ok);
        assert_true(strncmp(err, "t.elf: error: ", 14) == 0);
        if (len < 52)
            assert_non_null(strstr(err, "file too short for an ELF header"));
        else
            assert_non_null(strstr(err, "outside the file"));
    }
    free(f.buf);
}

static void test_header_mutations(void **state)
{
    (void)state;
    struct file f;
    f = sample_file(); f.buf[1] = 'X';       expect_error(&f, "not an ELF file");
    f = sample_file(); f.len = 2; f.buf[1] = 'Q'; expect_error(&f, "not an ELF file");
    f = sample_file(); f.buf[4] = 2;
    expect_error(&f, "not a 32-bit ELF file (ELF class 2)");
    f = sample_file(); f.buf[5] = 2;         expect_error(&f, "not a little-endian ELF file");
    f = sample_file(); f.buf[6] = 0;         expect_error(&f, "unsupported ELF version 0");
    f = sample_file(); wr32(f.buf + 20, 2);  expect_error(&f, "unsupported ELF version 2");
    f = sample_file(); wr16(f.buf + 18, 0xF3);
    expect_error(&f, "not an SM32 image (e_machine 0xf3");
    f = sample_file(); wr16(f.buf + 16, 3);  expect_error(&f, "not an executable (e_type 3");
}

static void test_program_header_mutations(void **state)
{
    (void)state;
    struct file f;
    f = sample_file(); wr16(f.buf + 42, 56); expect_error(&f, "bad program header size 56");
    f = sample_file(); wr16(f.buf + 44, 0);  expect_error(&f, "no loadable segment");
    f = sample_file(); wr16(f.buf + 44, 65); expect_error(&f, "too many program headers (65");
    f = sample_file(); wr32(f.buf + 28, 0xFFFFFFF0u);
    expect_error(&f, "program header table [0xfffffff0, +96) is outside the file");
    f = sample_file(); wr32(f.buf + 28, (uint32_t)f.len - 64);
    expect_error(&f, "program header table");
    f = sample_file(); wr32(phdr(&f, 0) + 4, (uint32_t)f.len - 4);
    expect_error(&f, "segment 0: data [");
    f = sample_file(); wr32(phdr(&f, 1) + 16, 0xFFFFFFFFu);
    expect_error(&f, "segment 1: data [");
    f = sample_file(); wr32(phdr(&f, 1) + 20, 1);
    expect_error(&f, "segment 1: file size 0x5 exceeds memory size 0x1");
    f = sample_file(); wr32(phdr(&f, 2) + 8, 0xFFFFF001u);
    expect_error(&f, "segment 2 [0xfffff001, +0x1000) wraps past 4 GiB");
    f = sample_file(); wr32(phdr(&f, 2) + 24, 0x10 | 6);
    expect_error(&f, "segment 2 has unknown flags 0x16");
    f = sample_file(); wr32(phdr(&f, 1) + 8, 0x1008);
    expect_error(&f, "segment 1 (.seg1) [0x00001008-0x00001108) overlaps segment 0 (.text) "
                     "[0x00001000-0x00001010)");
    f = sample_file(); wr32(phdr(&f, 2) + 8, 0x2000);
    expect_error(&f, "segment 2 (.seg2) [0x00002000-0x00003000) overlaps segment 1 (.data)");
    f = sample_file();
    for (unsigned k = 0; k < 3; k++)
        wr32(phdr(&f, k), 4);                /* PT_NOTE: ignored, so nothing loads */
    expect_error(&f, "no loadable segment");
}

static void test_program_header_edges_that_are_fine(void **state)
{
    (void)state;
    struct file f;
    struct image img;
    /* A segment may end exactly at 4 GiB. */
    f = sample_file(); wr32(phdr(&f, 2) + 8, 0xFFFFF000u);
    expect_ok(&f, &img);
    assert_int_equal(img.segs[2].vaddr, 0xFFFFF000u);
    assert_string_equal(img.segs[2].name, ".seg2");    /* no section there now */
    image_free(&img);
    /* Non-PT_LOAD headers are skipped and do not count as segments. */
    f = sample_file(); wr32(phdr(&f, 0), 4);
    wr32(f.buf + 24, 0x8000);                          /* entry into "stack"... */
    wr32(phdr(&f, 2) + 24, 7);                         /* ...made executable */
    expect_ok(&f, &img);
    assert_int_equal(img.nsegs, 2);
    assert_string_equal(img.segs[0].name, ".data");
    image_free(&img);
}

static void test_entry_mutations(void **state)
{
    (void)state;
    struct file f;
    f = sample_file(); wr32(f.buf + 24, 0x2004);
    expect_error(&f, "entry point 0x00002004 is not inside an executable segment");
    f = sample_file(); wr32(f.buf + 24, 0x1010);
    expect_error(&f, "entry point 0x00001010 is not inside an executable segment");
    f = sample_file(); wr32(f.buf + 24, 0x40000000);
    expect_error(&f, "entry point 0x40000000 is not inside an executable segment");
    f = sample_file(); wr32(f.buf + 24, 0x1006);
    expect_error(&f, "entry point 0x00001006 is not 4-byte aligned");
}

static void test_section_header_mutations(void **state)
{
    (void)state;
    struct file f;
    f = sample_file(); wr16(f.buf + 46, 64); expect_error(&f, "bad section header size 64");
    f = sample_file(); wr16(f.buf + 48, 1025); expect_error(&f, "too many sections (1025");
    f = sample_file(); wr32(f.buf + 32, 0xFFFFFF00u);
    expect_error(&f, "section header table [0xffffff00, +360) is outside the file");
    f = sample_file(); wr16(f.buf + 50, 9);
    expect_error(&f, "section name table index 9 is out of range (9 sections)");
    f = sample_file(); wr32(shdr(&f, 1) + 16, (uint32_t)f.len);
    expect_error(&f, "section 1 [");
    f = sample_file(); wr32(shdr(&f, section(&f, ".strtab")) + 20, 0x7FFFFFFF);
    expect_error(&f, "is outside the file");
    f = sample_file(); wr32(shdr(&f, rd16(f.buf + 50)) + 4, 1);
    expect_error(&f, "section name table (section 8) is not a string table");
    f = sample_file(); wr32(shdr(&f, 2), 0x10000);
    expect_error(&f, "section 2: name offset 0x10000 is not a string in the name table");
}

static void test_sections_are_optional(void **state)
{
    (void)state;
    struct file f;
    struct image img;
    /* No section headers at all: segments get fallback names. */
    f = sample_file(); wr16(f.buf + 48, 0);
    expect_ok(&f, &img);
    assert_int_equal(img.nsegs, 3);
    assert_string_equal(img.segs[0].name, ".seg0");
    assert_string_equal(img.segs[2].name, ".seg2");
    assert_int_equal(img.nsyms + img.nfiles + img.nlines, 0);
    image_free(&img);
    /* .symtab turned into an unknown section: no symbols, lines still there. */
    f = sample_file(); wr32(shdr(&f, section(&f, ".symtab")) + 4, 0x70000000u);
    expect_ok(&f, &img);
    assert_int_equal(img.nsyms, 0);
    assert_int_equal(img.nlines, 4);
    image_free(&img);
    /* .sm32.lines renamed: no line table, symbols still there. */
    f = sample_file();
    char *name = (char *)f.buf + rd32(shdr(&f, rd16(f.buf + 50)) + 16)
                 + rd32(shdr(&f, section(&f, ".sm32.lines")));
    name[1] = 'x';
    expect_ok(&f, &img);
    assert_int_equal(img.nlines + img.nfiles, 0);
    assert_int_equal(img.nsyms, 6);
    image_free(&img);
}

static void test_symbol_table_mutations(void **state)
{
    (void)state;
    struct file f;
    unsigned st;
#define SYMTAB() (st = section(&f, ".symtab"), shdr(&f, st))
#define SYM(i) (section_data(&f, ".symtab") + 16 * (i))
    f = sample_file(); wr32(SYMTAB() + 24, 1);
    expect_error(&f, ".symtab: link 1 is not a string table");
    f = sample_file(); wr32(SYMTAB() + 24, 0);
    expect_error(&f, ".symtab: link 0 is not a string table");
    f = sample_file(); wr32(SYMTAB() + 24, 999);
    expect_error(&f, ".symtab: link 999 is not a string table");
    f = sample_file(); wr32(SYMTAB() + 36, 12);
    expect_error(&f, ".symtab: bad entry size 12");
    f = sample_file(); wr32(SYMTAB() + 20, 100);
    expect_error(&f, ".symtab: bad entry size 16 or section size 100");
    f = sample_file(); wr32(SYMTAB() + 28, 8);
    expect_error(&f, ".symtab: first global index 8 is beyond its 7 entries");
    f = sample_file(); wr32(SYMTAB() + 28, 1);
    expect_error(&f, ".symtab: symbol 1 (loop) is local, but the first global is symbol 1");
    f = sample_file(); wr32(SYMTAB() + 28, 7);
    expect_error(&f, ".symtab: symbol 4 (_start) is global, but the first global is symbol 7");
    f = sample_file(); wr32(SYM(2), 0x4000);
    expect_error(&f, ".symtab: symbol 2: name offset 0x4000 is not a string in the string table");
    f = sample_file(); wr16(SYM(5) + 14, 0x5000);
    expect_error(&f, ".symtab: symbol 5 (buf) has section index 20480 out of range (9 sections)");
    f = sample_file(); wr16(SYM(5) + 14, 0xFFF2);        /* SHN_COMMON */
    expect_error(&f, "section index 65522 out of range");
    f = sample_file(); SYM(4)[12] = 0x32;
    expect_error(&f, ".symtab: symbol 4 (_start) has unknown binding 3");
    f = sample_file(); SYM(4)[12] = 0x16;
    expect_error(&f, ".symtab: symbol 4 (_start) has unsupported type 6");
    /* The string table must hold a NUL after the name. */
    f = sample_file();
    {
        unsigned strtab = section(&f, ".strtab");
        wr32(shdr(&f, strtab) + 20, rd32(shdr(&f, strtab) + 20) - 1);
    }
    expect_error(&f, "is not a string in the string table");
    /* A second symbol table. */
    f = sample_file(); wr32(shdr(&f, section(&f, ".sm32.lines")) + 4, 2);
    expect_error(&f, "more than one symbol table section");
#undef SYM
#undef SYMTAB
}

static void test_symbol_kinds_read_leniently(void **state)
{
    (void)state;
    struct file f = sample_file();
    struct image img;
    uint8_t *syms = section_data(&f, ".symtab");
    syms[16 * 6 + 12] = 0x20;                 /* _end: STB_WEAK reads as global */
    syms[16 * 1 + 12] = 0x03;                 /* loop: STT_SECTION is skipped */
    wr16(syms + 16 * 4 + 14, 0xFFF1);         /* _start: SHN_ABS makes it ABS */
    expect_ok(&f, &img);
    assert_int_equal(img.nsyms, 5);
    assert_null(image_find_symbol(&img, "loop"));
    assert_true(image_find_symbol(&img, "_end")->global);
    assert_int_equal(image_find_symbol(&img, "_start")->kind, IMAGE_SYM_ABS);
    image_free(&img);
}

static void test_line_table_mutations(void **state)
{
    (void)state;
    struct file f;
    unsigned ls;
#define LINES() section_data(&f, ".sm32.lines")
#define LHDR() (ls = section(&f, ".sm32.lines"), shdr(&f, ls))
    f = sample_file(); LINES()[0] = 'X';
    expect_error(&f, ".sm32.lines: bad magic 0x4e4c4d58 (expected 0x4e4c4d53)");
    f = sample_file(); wr32(LINES() + 4, 2);
    expect_error(&f, ".sm32.lines: unsupported version 2");
    f = sample_file(); wr32(LINES() + 8, 5000);
    expect_error(&f, ".sm32.lines: too many files (5000");
    f = sample_file(); wr32(LINES() + 12, 4000001);
    expect_error(&f, ".sm32.lines: too many rows (4000001");
    f = sample_file(); wr32(LINES() + 12, 5);
    expect_error(&f, ".sm32.lines: 5 rows need 60 bytes but the section has 48 left");
    f = sample_file(); wr32(LINES() + 12, 3);
    expect_error(&f, ".sm32.lines: 3 rows need 36 bytes but the section has 48 left");
    f = sample_file(); wr32(LINES() + 8, 4);   /* padding reads as "" twice */
    expect_error(&f, ".sm32.lines: file name 3 (\"\") repeats file 2");
    f = sample_file(); wr32(LINES() + 8, 1000);
    expect_error(&f, ".sm32.lines: file name");
    f = sample_file(); wr32(LHDR() + 20, 16 + 3);
    expect_error(&f, ".sm32.lines: file name 0 runs past the end of the section");
    f = sample_file(); wr32(LHDR() + 20, 10);
    expect_error(&f, ".sm32.lines: section too small for its header (10 bytes)");
    f = sample_file(); wr32(LHDR() + 4, 8);
    expect_error(&f, ".sm32.lines: section type 8 is not PROGBITS");
    f = sample_file(); LINES()[16 + 18] = 7;   /* "prog.s\0lib/tty.s\0" + 3 pad bytes */
    expect_error(&f, ".sm32.lines: non-zero padding after the file names");
    f = sample_file(); wr32(LINES() + 36 + 12 * 2 + 4, 7);
    expect_error(&f, ".sm32.lines: row 2: file index 7 out of range (2 files)");
    /* Two of them. */
    f = sample_file();
    wr32(shdr(&f, section(&f, ".strtab")), rd32(shdr(&f, section(&f, ".sm32.lines"))));
    expect_error(&f, "more than one .sm32.lines section");
#undef LHDR
#undef LINES
}

static void test_unsorted_rows_are_sorted(void **state)
{
    (void)state;
    struct file f = sample_file();
    uint8_t *rows = section_data(&f, ".sm32.lines") + 36;
    uint8_t first[12];
    memcpy(first, rows, 12);                    /* move row 0 to the end */
    memmove(rows, rows + 12, 36);
    memcpy(rows + 36, first, 12);
    struct image img;
    expect_ok(&f, &img);
    assert_int_equal(img.lines[0].addr, 0x1000);
    assert_int_equal(img.lines[3].addr, 0x100C);
    assert_int_equal(image_line_for(&img, 0x1008)->line, 10);
    image_free(&img);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_every_field),
        cmocka_unit_test(test_round_trip_is_exact_once_locals_come_first),
        cmocka_unit_test(test_tail_section_names),
        cmocka_unit_test(test_file_round_trip_and_errors),
        cmocka_unit_test(test_readelf_is_happy),
        cmocka_unit_test(test_writer_refuses_what_the_reader_would),
        cmocka_unit_test(test_every_truncation_fails),
        cmocka_unit_test(test_header_mutations),
        cmocka_unit_test(test_program_header_mutations),
        cmocka_unit_test(test_program_header_edges_that_are_fine),
        cmocka_unit_test(test_entry_mutations),
        cmocka_unit_test(test_section_header_mutations),
        cmocka_unit_test(test_sections_are_optional),
        cmocka_unit_test(test_symbol_table_mutations),
        cmocka_unit_test(test_symbol_kinds_read_leniently),
        cmocka_unit_test(test_line_table_mutations),
        cmocka_unit_test(test_unsorted_rows_are_sorted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
