/*
 * elf.c - program images as ELF32 files: the writer and the validating
 * reader.
 *
 * Owns: the on-disk image format.  Must not touch: anything about machines
 * (the loader in sim/ decides whether an image fits in RAM) and the image
 * structure's internals (it builds images only through image_add_*).
 *
 * Every multi-byte field is read and written with get/put helpers at
 * explicit offsets, never by casting the file to a struct, so the code
 * documents the format and works on any host.
 *
 * ---- The format (SPEC.md "Image format" documents the same) --------------
 *
 *  offset  what
 *  0       ELF header, 52 bytes: ELFCLASS32, ELFDATA2LSB, EV_CURRENT,
 *          ELFOSABI_NONE, e_type ET_EXEC, e_machine 0x5332 ("S2"),
 *          e_entry = entry point, e_flags 0.
 *  52      program headers, 32 bytes each: one PT_LOAD per image segment,
 *          p_vaddr = p_paddr = load address, p_filesz, p_memsz (the rest
 *          is zero-filled), p_flags R=4 W=2 X=1, p_align 4, and p_offset
 *          congruent to p_vaddr modulo 4.
 *  ...     segment bytes, in segment order.
 *  ...     .symtab, .strtab, .sm32.lines, .shstrtab, section headers.
 *
 *  Sections: [0] null; then for each segment a section with the
 *  segment's name covering its bytes (PROGBITS, flags A plus W and/or X
 *  from the segment; NOBITS if the segment has no file bytes at all).  A
 *  segment with memsz > filesz > 0 also gets a NOBITS section for the
 *  zero-filled tail, named ".bss" for a segment named ".data" and
 *  "<name>.bss" otherwise.  Then .symtab (entries of 16 bytes; the null
 *  symbol, then local symbols, then global ones; sh_link = .strtab,
 *  sh_info = index of the first global), .strtab, .sm32.lines, .shstrtab.
 *
 *  Symbols: st_info type STT_FUNC/STT_OBJECT/STT_NOTYPE, binding
 *  STB_LOCAL/STB_GLOBAL; st_shndx = the section holding the value, or
 *  SHN_ABS (0xfff1) for absolute symbols (kind IMAGE_SYM_ABS).
 *
 *  .sm32.lines (SHT_PROGBITS, flags 0, all little-endian u32):
 *      magic 0x4E4C4D53 ("SMLN" in the file), version 1, nfiles, nrows,
 *      nfiles NUL-terminated names, zero padding to a multiple of 4,
 *      nrows rows of { addr, file index, line }.
 *
 * ---- Reading -----------------------------------------------------------------
 *
 *  The reader trusts nothing: every offset and count is checked against
 *  the file before use, counts are capped before anything is allocated
 *  (ELF_MAX_*), and the first problem found becomes one error line
 *  "NAME: error: ...".  Program headers other than PT_LOAD are ignored, as
 *  are unknown sections, p_paddr, p_align, e_flags and the OS ABI byte.
 *  Segments are numbered from 0 in program-header order among PT_LOADs.  A
 *  segment takes its name from the first unused allocated section that
 *  starts at its address with a matching size, else ".seg<N>".  Symbols of
 *  type STT_SECTION and STT_FILE are skipped; STB_WEAK reads as global;
 *  symbols must be ordered as sh_info says (locals first).  The line table
 *  must be exactly as long as its counts say, with zero padding and
 *  distinct file names; its rows are sorted by address (stably) on reading.
 *  A missing .symtab or .sm32.lines reads as an empty one.
 */
#include "image.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- ELF constants (from the System V ABI; <elf.h> is not portable) ---- */
enum {
    EHDR_SIZE = 52, PHDR_SIZE = 32, SHDR_SIZE = 40, SYM_SIZE = 16,
    ELFCLASS32 = 1, ELFDATA2LSB = 1, EV_CURRENT = 1, ET_EXEC = 2,
    PT_LOAD = 1,
    SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_NOBITS = 8,
    SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4,
    STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2,
    STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3, STT_FILE = 4,
    SHN_ABS = 0xFFF1,
};

/* ---- Limits: what the reader accepts and the writer will produce ------- */
#define ELF_MAX_PHNUM   64u
#define ELF_MAX_SHNUM   1024u
#define ELF_MAX_SYMS    1000000u          /* not counting the null symbol */
#define ELF_MAX_ROWS    4000000u
#define ELF_MAX_FILES   1024u
#define ELF_MAX_NAME    4096u             /* bytes in one name, without NUL */
#define ELF_MAX_NAMES   (64u << 20)       /* bytes in all symbol names */
#define ELF_MAX_DATA    (1u << 30)        /* bytes in all segments' files */
#define ELF_MAX_FILE    (1u << 30)        /* size of a file elf_read_file reads */

#define LINES_MAGIC     0x4E4C4D53u       /* "SMLN" as little-endian bytes */
#define LINES_VERSION   1u
#define LINES_SECTION   ".sm32.lines"

static const uint8_t elf_magic[4] = { 0x7F, 'E', 'L', 'F' };

/* ---- Little-endian access --------------------------------------------------- */

static uint32_t get16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

static size_t align4(size_t n) { return (n + 3) & ~(size_t)3; }

/* ======================================================================== *
 *  Writing                                                                  *
 * ======================================================================== */

/* String tables are sized first and filled later: name_slot reserves room
 * for a name of n bytes in a table now *len bytes long and returns its
 * offset.  Both tables start with "" (offset 0), which every empty name
 * shares. */
static uint32_t name_slot(uint64_t *len, size_t n)
{
    if (n == 0)
        return 0;
    uint64_t at = *len;
    *len += n + 1;
    return (uint32_t)at;
}

/* The name of the NOBITS section for a segment's zero tail: ".data" ->
 * ".bss", any other name gets ".bss" appended. */
static void tail_name(const char *seg, char out[ELF_MAX_NAME + 8])
{
    snprintf(out, ELF_MAX_NAME + 8, "%s.bss", strcmp(seg, ".data") ? seg : "");
}

/* Everything the writer decides before it writes a byte.  Sections: 0 is
 * null, then each segment's (and its tail's), then the four named here. */
struct writer {
    const struct image *img;
    struct seg_out {
        uint32_t offset;     /* p_offset */
        uint32_t sec;        /* the section covering the segment's start */
        uint32_t tail;       /* the NOBITS section for its zero tail, or 0 */
    } *seg;
    uint32_t nsec, symtab, strtab, lines, shstrtab;
    uint32_t *secname;       /* per section: its name's offset in shstr */
    uint32_t *symname;       /* per image symbol: its name's offset in str */
    uint64_t str_size, shstr_size;   /* of .strtab and .shstrtab */
    uint64_t names_size;             /* of the file names in .sm32.lines */
    uint64_t symtab_off, strtab_off, lines_off, lines_size, shstr_off, shoff, total;
};

/* Whether the reader will accept what the writer would produce from img
 * (its limits, not the image's consistency: that is image_check). */
static bool within_limits(const struct image *img, char *err, size_t errlen)
{
    uint64_t data = 0, names = 0;
    size_t longest = 0;                       /* the longest name of any kind */
    for (size_t i = 0; i < img->nsegs; i++) {
        data += img->segs[i].filesz;
        size_t n = strlen(img->segs[i].name) + 4;   /* room for ".bss" */
        longest = n > longest ? n : longest;
    }
    for (size_t i = 0; i < img->nsyms; i++) {
        size_t n = strlen(img->syms[i].name);
        names += n + 1;
        longest = n > longest ? n : longest;
    }
    for (size_t i = 0; i < img->nfiles; i++)
        longest = strlen(img->files[i]) > longest ? strlen(img->files[i]) : longest;
    const char *what = img->nsegs > ELF_MAX_PHNUM ? "more than 64 segments"
        : img->nsyms > ELF_MAX_SYMS ? "more than 1000000 symbols"
        : img->nfiles > ELF_MAX_FILES ? "more than 1024 source files"
        : img->nlines > ELF_MAX_ROWS ? "more than 4000000 line-table rows"
        : data > ELF_MAX_DATA ? "more than 1 GiB of segment data"
        : names > ELF_MAX_NAMES ? "more than 64 MiB of symbol names"
        : longest > ELF_MAX_NAME ? "a name longer than 4096 bytes" : NULL;
    if (what != NULL && err != NULL)
        snprintf(err, errlen, "image too large for the image format: %s", what);
    return what == NULL;
}

/* Decide section numbers, names and file offsets.  Sizes are bounded by
 * within_limits, so 64-bit sums cannot overflow.  False when out of memory. */
static bool plan(struct writer *w)
{
    const struct image *img = w->img;
    w->seg = calloc(img->nsegs + 1, sizeof *w->seg);
    w->symname = calloc(img->nsyms + 1, sizeof *w->symname);
    w->secname = calloc(2 * img->nsegs + 5, sizeof *w->secname);
    if (w->seg == NULL || w->symname == NULL || w->secname == NULL)
        return false;
    w->str_size = w->shstr_size = 1;

    uint64_t off = EHDR_SIZE + (uint64_t)PHDR_SIZE * img->nsegs;
    w->nsec = 1;
    for (size_t i = 0; i < img->nsegs; i++) {
        const struct image_segment *s = &img->segs[i];
        off += (s->vaddr - off) & 3;              /* p_offset = p_vaddr mod 4 */
        w->seg[i].offset = (uint32_t)off;
        off += s->filesz;
        w->seg[i].sec = w->nsec++;
        w->secname[w->seg[i].sec] = name_slot(&w->shstr_size, strlen(s->name));
        if (s->filesz > 0 && s->memsz > s->filesz) {
            char tail[ELF_MAX_NAME + 8];
            tail_name(s->name, tail);
            w->seg[i].tail = w->nsec++;
            w->secname[w->seg[i].tail] = name_slot(&w->shstr_size, strlen(tail));
        }
    }
    w->symtab = w->nsec++;  w->strtab = w->nsec++;
    w->lines = w->nsec++;   w->shstrtab = w->nsec++;
    w->secname[w->symtab] = name_slot(&w->shstr_size, strlen(".symtab"));
    w->secname[w->strtab] = name_slot(&w->shstr_size, strlen(".strtab"));
    w->secname[w->lines] = name_slot(&w->shstr_size, strlen(LINES_SECTION));
    w->secname[w->shstrtab] = name_slot(&w->shstr_size, strlen(".shstrtab"));
    for (size_t i = 0; i < img->nsyms; i++)
        w->symname[i] = name_slot(&w->str_size, strlen(img->syms[i].name));
    for (size_t i = 0; i < img->nfiles; i++)
        w->names_size += strlen(img->files[i]) + 1;

    w->symtab_off = align4(off);
    w->strtab_off = w->symtab_off + (uint64_t)SYM_SIZE * (img->nsyms + 1);
    w->lines_off = align4(w->strtab_off + w->str_size);
    w->lines_size = 16 + align4(w->names_size) + 12 * (uint64_t)img->nlines;
    w->shstr_off = w->lines_off + w->lines_size;
    w->shoff = align4(w->shstr_off + w->shstr_size);
    w->total = w->shoff + (uint64_t)SHDR_SIZE * w->nsec;
    return true;
}

/* Section header sec, and its name into .shstrtab. */
static void put_shdr(const struct writer *w, uint8_t *out, uint32_t sec, const char *name,
                     uint32_t type, uint32_t flags, uint32_t addr, uint64_t offset,
                     uint64_t size, uint32_t link, uint32_t info, uint32_t align,
                     uint32_t entsize)
{
    memcpy(out + w->shstr_off + w->secname[sec], name, strlen(name));
    uint8_t *p = out + w->shoff + (size_t)SHDR_SIZE * sec;
    put32(p + 0, w->secname[sec]);  put32(p + 4, type);   put32(p + 8, flags);
    put32(p + 12, addr);   put32(p + 16, (uint32_t)offset);  put32(p + 20, (uint32_t)size);
    put32(p + 24, link);   put32(p + 28, info);   put32(p + 32, align);
    put32(p + 36, entsize);
}

static uint32_t addr_align(uint32_t addr) { return (addr & 3) ? 1 : 4; }

static void write_header(const struct writer *w, uint8_t *out)
{
    memcpy(out, elf_magic, 4);                /* e_ident */
    out[4] = ELFCLASS32;
    out[5] = ELFDATA2LSB;
    out[6] = EV_CURRENT;                      /* out[7] = ELFOSABI_NONE = 0 */
    put16(out + 16, ET_EXEC);                 /* e_type */
    put16(out + 18, IMAGE_EM_SM32);           /* e_machine */
    put32(out + 20, EV_CURRENT);              /* e_version */
    put32(out + 24, w->img->entry);           /* e_entry */
    put32(out + 28, w->img->nsegs ? EHDR_SIZE : 0);   /* e_phoff */
    put32(out + 32, (uint32_t)w->shoff);      /* e_shoff; e_flags (36) stays 0 */
    put16(out + 40, EHDR_SIZE);   put16(out + 42, PHDR_SIZE);
    put16(out + 44, (uint32_t)w->img->nsegs); /* e_phnum */
    put16(out + 46, SHDR_SIZE);   put16(out + 48, w->nsec);
    put16(out + 50, w->shstrtab);             /* e_shstrndx */
}

/* Program headers, segment bytes and the sections that name them. */
static void write_segments(const struct writer *w, uint8_t *out)
{
    for (size_t i = 0; i < w->img->nsegs; i++) {
        const struct image_segment *s = &w->img->segs[i];
        const struct seg_out *so = &w->seg[i];
        uint8_t *ph = out + EHDR_SIZE + PHDR_SIZE * i;
        put32(ph + 0, PT_LOAD);    put32(ph + 4, so->offset);
        put32(ph + 8, s->vaddr);   put32(ph + 12, s->vaddr);   /* p_vaddr, p_paddr */
        put32(ph + 16, s->filesz); put32(ph + 20, s->memsz);
        put32(ph + 24, s->flags);  put32(ph + 28, 4);          /* p_flags, p_align */
        if (s->filesz > 0)
            memcpy(out + so->offset, s->data, s->filesz);

        uint32_t flags = SHF_ALLOC | (s->flags & IMAGE_W ? SHF_WRITE : 0) |
                         (s->flags & IMAGE_X ? SHF_EXECINSTR : 0);
        bool nobits = s->filesz == 0 && s->memsz > 0;
        put_shdr(w, out, so->sec, s->name, nobits ? SHT_NOBITS : SHT_PROGBITS, flags, s->vaddr,
                 so->offset, nobits ? s->memsz : s->filesz, 0, 0, addr_align(s->vaddr), 0);
        if (so->tail) {
            char tail[ELF_MAX_NAME + 8];
            tail_name(s->name, tail);
            put_shdr(w, out, so->tail, tail, SHT_NOBITS, flags, s->vaddr + s->filesz,
                     so->offset + s->filesz, s->memsz - s->filesz, 0, 0,
                     addr_align(s->vaddr + s->filesz), 0);
        }
    }
}

/* The section a symbol's st_shndx names: the one holding its value; a
 * value outside every segment goes with the nearest segment below it (an
 * `_end` label with the segment it ends), else with segment 0. */
static uint32_t section_for_value(const struct writer *w, uint32_t value)
{
    const struct image *img = w->img;
    size_t best = img->nsegs;
    for (size_t i = 0; i < img->nsegs; i++) {
        const struct image_segment *s = &img->segs[i];
        if (value - s->vaddr < s->memsz) {
            best = i;
            break;
        }
        if (s->vaddr <= value && (best == img->nsegs || s->vaddr > img->segs[best].vaddr))
            best = i;
    }
    if (best == img->nsegs)
        best = 0;                        /* (no segments at all: SHN_UNDEF) */
    if (w->seg[best].tail && value - img->segs[best].vaddr >= img->segs[best].filesz)
        return w->seg[best].tail;
    return w->seg[best].sec;
}

/* .symtab (the null symbol, the locals, the globals) and .strtab. */
static void write_symbols(const struct writer *w, uint8_t *out)
{
    const struct image *img = w->img;
    uint8_t *p = out + w->symtab_off + SYM_SIZE;    /* entry 0 stays zero */
    uint32_t first_global = 1;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < img->nsyms; i++) {
            const struct image_symbol *s = &img->syms[i];
            if (s->global != (pass == 1))
                continue;
            uint32_t type = s->kind == IMAGE_SYM_FUNC ? STT_FUNC :
                            s->kind == IMAGE_SYM_OBJECT ? STT_OBJECT : STT_NOTYPE;
            memcpy(out + w->strtab_off + w->symname[i], s->name, strlen(s->name));
            put32(p + 0, w->symname[i]);
            put32(p + 4, s->value);
            put32(p + 8, s->size);
            p[12] = (uint8_t)((s->global ? STB_GLOBAL : STB_LOCAL) << 4 | type);
            put16(p + 14, s->kind == IMAGE_SYM_ABS ? SHN_ABS : section_for_value(w, s->value));
            p += SYM_SIZE;
            first_global += pass == 0;
        }
    }
    put_shdr(w, out, w->symtab, ".symtab", SHT_SYMTAB, 0, 0, w->symtab_off,
             w->strtab_off - w->symtab_off, w->strtab, first_global, 4, SYM_SIZE);
    put_shdr(w, out, w->strtab, ".strtab", SHT_STRTAB, 0, 0, w->strtab_off, w->str_size,
             0, 0, 1, 0);
}

/* .sm32.lines: header, names (the padding is already zero), rows. */
static void write_lines(const struct writer *w, uint8_t *out)
{
    const struct image *img = w->img;
    uint8_t *p = out + w->lines_off;
    put32(p + 0, LINES_MAGIC);            put32(p + 4, LINES_VERSION);
    put32(p + 8, (uint32_t)img->nfiles); put32(p + 12, (uint32_t)img->nlines);
    p += 16;
    for (size_t i = 0; i < img->nfiles; i++) {
        size_t n = strlen(img->files[i]) + 1;
        memcpy(p, img->files[i], n);
        p += n;
    }
    p = out + w->lines_off + 16 + align4(w->names_size);
    for (size_t i = 0; i < img->nlines; i++, p += 12) {
        put32(p + 0, img->lines[i].addr);
        put32(p + 4, img->lines[i].file);
        put32(p + 8, img->lines[i].line);
    }
    put_shdr(w, out, w->lines, LINES_SECTION, SHT_PROGBITS, 0, 0, w->lines_off,
             w->lines_size, 0, 0, 4, 0);
}

bool elf_write_mem(const struct image *img, uint8_t **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    if (!within_limits(img, NULL, 0))
        return false;
    struct writer w = { .img = img };
    uint8_t *out = NULL;
    if (plan(&w) && w.total <= UINT32_MAX && (out = calloc(1, (size_t)w.total)) != NULL) {
        write_header(&w, out);
        write_segments(&w, out);
        write_symbols(&w, out);
        write_lines(&w, out);
        put_shdr(&w, out, w.shstrtab, ".shstrtab", SHT_STRTAB, 0, 0, w.shstr_off,
                 w.shstr_size, 0, 0, 1, 0);
        *buf = out;
        *len = (size_t)w.total;
    }
    free(w.seg);
    free(w.secname);
    free(w.symname);
    return out != NULL;
}

/* "PATH: error: ..." into err (which may be NULL), as one line: names
 * from a file may hold a newline or a terminal escape, so every control
 * character becomes '?'. */
static void vreport(char *err, size_t errlen, const char *path, const char *fmt, va_list ap)
{
    if (err == NULL || errlen == 0)
        return;
    int k = snprintf(err, errlen, "%s: error: ", path);
    if (k >= 0 && (size_t)k < errlen)
        vsnprintf(err + k, errlen - (size_t)k, fmt, ap);
    for (char *c = err; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7F)
            *c = '?';
}

static void report(char *err, size_t errlen, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(err, errlen, path, fmt, ap);
    va_end(ap);
}

bool elf_write_file(const struct image *img, const char *path, char *err, size_t errlen)
{
    char why[256];
    if (!image_check(img, why, sizeof why) || !within_limits(img, why, sizeof why)) {
        report(err, errlen, path, "%s", why);
        return false;
    }
    uint8_t *buf;
    size_t len;
    if (!elf_write_mem(img, &buf, &len)) {
        report(err, errlen, path, "out of memory");
        return false;
    }
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        report(err, errlen, path, "cannot create: %s", strerror(errno));
        free(buf);
        return false;
    }
    bool ok = fwrite(buf, 1, len, f) == len;
    ok = fclose(f) == 0 && ok;               /* fclose flushes: it can fail too */
    free(buf);
    if (!ok) {
        report(err, errlen, path, "cannot write: %s", strerror(errno));
        remove(path);
    }
    return ok;
}

/* ======================================================================== *
 *  Reading                                                                  *
 * ======================================================================== */

struct reader {
    const uint8_t *buf;  size_t len;     /* the file */
    const char *name;                    /* for messages */
    char *err;           size_t errlen;
    uint32_t shoff, shnum;       /* validated section header table */
    uint32_t shstrndx;           /* 0 if the sections have no names */
};

static bool fail(struct reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(r->err, r->errlen, r->name, fmt, ap);
    va_end(ap);
    return false;
}

/* Whether [off, off+size) lies inside the file. */
static bool in_file(const struct reader *r, uint64_t off, uint64_t size)
{
    return off <= r->len && size <= r->len - off;
}

/* Section header field at byte `field` of section i (i < r->shnum). */
static uint32_t sh(const struct reader *r, uint32_t i, unsigned field)
{
    return get32(r->buf + r->shoff + (size_t)SHDR_SIZE * i + field);
}
enum { SH_NAME = 0, SH_TYPE = 4, SH_FLAGS = 8, SH_ADDR = 12, SH_OFFSET = 16,
       SH_SIZE = 20, SH_LINK = 24, SH_INFO = 28, SH_ENTSIZE = 36 };

/* The NUL-terminated string at off in a table of size bytes at base, or
 * NULL if off is outside the table or no NUL comes within ELF_MAX_NAME. */
static const char *string_at(const uint8_t *base, uint32_t size, uint32_t off)
{
    if (off >= size)
        return NULL;
    uint32_t room = size - off < ELF_MAX_NAME + 1 ? size - off : ELF_MAX_NAME + 1;
    return memchr(base + off, '\0', room) ? (const char *)base + off : NULL;
}

/* Section i's name ("" without a name table); names were validated. */
static const char *section_name(const struct reader *r, uint32_t i)
{
    if (r->shstrndx == 0)
        return "";
    const char *s = string_at(r->buf + sh(r, r->shstrndx, SH_OFFSET),
                              sh(r, r->shstrndx, SH_SIZE), sh(r, i, SH_NAME));
    return s ? s : "";
}

static bool read_header(struct reader *r, struct image *img)
{
    const uint8_t *b = r->buf;
    if (r->len > 0 && memcmp(b, elf_magic, r->len < 4 ? r->len : 4) != 0)
        return fail(r, "not an ELF file (bad magic number)");
    if (r->len < EHDR_SIZE)
        return fail(r, "file too short for an ELF header (%zu bytes, need %d)",
                    r->len, EHDR_SIZE);
    if (b[4] != ELFCLASS32)
        return fail(r, "not a 32-bit ELF file (ELF class %u)", b[4]);
    if (b[5] != ELFDATA2LSB)
        return fail(r, "not a little-endian ELF file (data encoding %u)", b[5]);
    if (b[6] != EV_CURRENT || get32(b + 20) != EV_CURRENT)
        return fail(r, "unsupported ELF version %u", b[6] != EV_CURRENT ? b[6] : get32(b + 20));
    if (get16(b + 18) != IMAGE_EM_SM32)
        return fail(r, "not an SM32 image (e_machine 0x%x, expected 0x%x)",
                    get16(b + 18), IMAGE_EM_SM32);
    if (get16(b + 16) != ET_EXEC)
        return fail(r, "not an executable (e_type %u, expected ET_EXEC)", get16(b + 16));
    img->entry = get32(b + 24);

    uint32_t phoff = get32(b + 28), phnum = get16(b + 44), phentsize = get16(b + 42);
    if (phnum == 0)
        return fail(r, "no loadable segment (no program headers)");
    if (phentsize != PHDR_SIZE)
        return fail(r, "bad program header size %u (expected %d)", phentsize, PHDR_SIZE);
    if (phnum > ELF_MAX_PHNUM)
        return fail(r, "too many program headers (%u; at most %u)", phnum, ELF_MAX_PHNUM);
    if (!in_file(r, phoff, (uint64_t)phnum * PHDR_SIZE))
        return fail(r, "program header table [0x%x, +%u) is outside the file (%zu bytes)",
                    phoff, phnum * PHDR_SIZE, r->len);

    r->shoff = get32(b + 32);
    r->shnum = get16(b + 48);
    r->shstrndx = get16(b + 50);
    uint32_t shentsize = get16(b + 46);
    if (r->shnum == 0) {
        r->shstrndx = 0;                 /* no sections: nothing to name */
        return true;
    }
    if (shentsize != SHDR_SIZE)
        return fail(r, "bad section header size %u (expected %d)", shentsize, SHDR_SIZE);
    if (r->shnum > ELF_MAX_SHNUM)
        return fail(r, "too many sections (%u; at most %u)", r->shnum, ELF_MAX_SHNUM);
    if (!in_file(r, r->shoff, (uint64_t)r->shnum * SHDR_SIZE))
        return fail(r, "section header table [0x%x, +%u) is outside the file (%zu bytes)",
                    r->shoff, r->shnum * SHDR_SIZE, r->len);
    if (r->shstrndx >= r->shnum)
        return fail(r, "section name table index %u is out of range (%u sections)",
                    r->shstrndx, r->shnum);
    return true;
}

/* Every section's bytes are inside the file and every name is valid. */
static bool check_sections(struct reader *r)
{
    for (uint32_t i = 1; i < r->shnum; i++)
        if (sh(r, i, SH_TYPE) != SHT_NOBITS && !in_file(r, sh(r, i, SH_OFFSET), sh(r, i, SH_SIZE)))
            return fail(r, "section %u [0x%x, +0x%x) is outside the file (%zu bytes)", i,
                        sh(r, i, SH_OFFSET), sh(r, i, SH_SIZE), r->len);
    if (r->shstrndx == 0)
        return true;
    if (sh(r, r->shstrndx, SH_TYPE) != SHT_STRTAB)
        return fail(r, "section name table (section %u) is not a string table", r->shstrndx);
    const uint8_t *names = r->buf + sh(r, r->shstrndx, SH_OFFSET);
    for (uint32_t i = 1; i < r->shnum; i++)
        if (string_at(names, sh(r, r->shstrndx, SH_SIZE), sh(r, i, SH_NAME)) == NULL)
            return fail(r, "section %u: name offset 0x%x is not a string in the name table",
                        i, sh(r, i, SH_NAME));
    return true;
}

static bool read_segments(struct reader *r, struct image *img)
{
    const uint8_t *b = r->buf;
    uint32_t phoff = get32(b + 28), phnum = get16(b + 44);
    bool used[ELF_MAX_SHNUM] = { false };
    uint64_t data = 0;
    for (uint32_t k = 0; k < phnum; k++) {
        const uint8_t *ph = b + phoff + (size_t)PHDR_SIZE * k;
        if (get32(ph + 0) != PT_LOAD)
            continue;
        size_t n = img->nsegs;
        uint32_t off = get32(ph + 4), vaddr = get32(ph + 8), filesz = get32(ph + 16);
        uint32_t memsz = get32(ph + 20), flags = get32(ph + 24);
        if (!in_file(r, off, filesz))
            return fail(r, "segment %zu: data [0x%x, +0x%x) is outside the file (%zu bytes)",
                        n, off, filesz, r->len);
        if (filesz > memsz)
            return fail(r, "segment %zu: file size 0x%x exceeds memory size 0x%x",
                        n, filesz, memsz);
        if ((uint64_t)vaddr + memsz > 0x100000000u)
            return fail(r, "segment %zu [0x%08x, +0x%x) wraps past 4 GiB", n, vaddr, memsz);
        if (flags & ~(uint32_t)(IMAGE_R | IMAGE_W | IMAGE_X))
            return fail(r, "segment %zu has unknown flags 0x%x", n, flags);
        data += filesz;
        if (data > ELF_MAX_DATA)
            return fail(r, "segments hold more than 1 GiB of data");

        /* Its name: the first unused allocated section that starts here
         * and has the segment's size. */
        char fallback[32];
        snprintf(fallback, sizeof fallback, ".seg%zu", n);
        const char *name = fallback;
        for (uint32_t i = 1; r->shstrndx != 0 && i < r->shnum; i++) {
            uint32_t type = sh(r, i, SH_TYPE), size = sh(r, i, SH_SIZE);
            if (used[i] || !(sh(r, i, SH_FLAGS) & SHF_ALLOC) || sh(r, i, SH_ADDR) != vaddr)
                continue;
            if ((type == SHT_PROGBITS && size == filesz) ||
                (type == SHT_NOBITS && filesz == 0 && size == memsz)) {
                used[i] = true;
                name = section_name(r, i);
                break;
            }
        }
        if (!image_add_segment(img, name, vaddr, b + off, filesz, memsz, flags))
            return fail(r, "out of memory");
    }
    char why[256];
    if (!image_check(img, why, sizeof why))
        return fail(r, "%s", why);
    return true;
}

/* The one section of a type (or, with name != NULL, of a name); 0 if none. */
static bool find_section(struct reader *r, uint32_t type, const char *name, uint32_t *out)
{
    *out = 0;
    for (uint32_t i = 1; i < r->shnum; i++) {
        if (name ? strcmp(section_name(r, i), name) != 0 : sh(r, i, SH_TYPE) != type)
            continue;
        if (*out != 0)
            return fail(r, "more than one %s section", name ? name : "symbol table");
        *out = i;
    }
    return true;
}

static bool read_symbols(struct reader *r, struct image *img)
{
    uint32_t st;
    if (!find_section(r, SHT_SYMTAB, NULL, &st))
        return false;
    if (st == 0)
        return true;
    const char *sname = *section_name(r, st) ? section_name(r, st) : ".symtab";
    uint32_t size = sh(r, st, SH_SIZE), link = sh(r, st, SH_LINK), info = sh(r, st, SH_INFO);
    if (sh(r, st, SH_ENTSIZE) != SYM_SIZE || size % SYM_SIZE != 0)
        return fail(r, "%s: bad entry size %u or section size %u (entries are 16 bytes)",
                    sname, sh(r, st, SH_ENTSIZE), size);
    uint32_t count = size / SYM_SIZE;
    if (count > ELF_MAX_SYMS + 1)
        return fail(r, "%s: too many symbols (%u; at most %u)", sname, count - 1, ELF_MAX_SYMS);
    if (link == 0 || link >= r->shnum || sh(r, link, SH_TYPE) != SHT_STRTAB)
        return fail(r, "%s: link %u is not a string table", sname, link);
    if (info > count)
        return fail(r, "%s: first global index %u is beyond its %u entries", sname, info, count);

    const uint8_t *syms = r->buf + sh(r, st, SH_OFFSET);
    const uint8_t *strs = r->buf + sh(r, link, SH_OFFSET);
    uint32_t strsize = sh(r, link, SH_SIZE);
    uint64_t namebytes = 0;
    for (uint32_t i = 1; i < count; i++) {
        const uint8_t *s = syms + (size_t)SYM_SIZE * i;
        uint32_t bind = s[12] >> 4, type = s[12] & 0xF, shndx = get16(s + 14);
        const char *name = string_at(strs, strsize, get32(s + 0));
        if (name == NULL)
            return fail(r, "%s: symbol %u: name offset 0x%x is not a string in the string table",
                        sname, i, get32(s + 0));
        namebytes += strlen(name) + 1;
        if (namebytes > ELF_MAX_NAMES)
            return fail(r, "%s: symbol names take more than 64 MiB", sname);
        if (bind != STB_LOCAL && bind != STB_GLOBAL && bind != STB_WEAK)
            return fail(r, "%s: symbol %u (%s) has unknown binding %u", sname, i, name, bind);
        if ((bind == STB_LOCAL) != (i < info))     /* ELF: locals, then the rest */
            return fail(r, "%s: symbol %u (%s) is %s, but the first global is symbol %u",
                        sname, i, name, bind == STB_LOCAL ? "local" : "global", info);
        if (shndx != SHN_ABS && shndx >= r->shnum)
            return fail(r, "%s: symbol %u (%s) has section index %u out of range (%u sections)",
                        sname, i, name, shndx, r->shnum);
        if (type == STT_SECTION || type == STT_FILE)
            continue;
        if (type != STT_NOTYPE && type != STT_OBJECT && type != STT_FUNC)
            return fail(r, "%s: symbol %u (%s) has unsupported type %u", sname, i, name, type);
        enum image_symkind kind = shndx == SHN_ABS ? IMAGE_SYM_ABS :
                                  type == STT_FUNC ? IMAGE_SYM_FUNC :
                                  type == STT_OBJECT ? IMAGE_SYM_OBJECT : IMAGE_SYM_NOTYPE;
        if (!image_add_symbol(img, name, get32(s + 4), get32(s + 8), kind, bind != STB_LOCAL))
            return fail(r, "out of memory");
    }
    return true;
}

static bool read_lines(struct reader *r, struct image *img)
{
    uint32_t ls;
    if (r->shstrndx == 0)
        return true;                     /* no names, so no line table */
    if (!find_section(r, 0, LINES_SECTION, &ls))
        return false;
    if (ls == 0)
        return true;
    const char *sn = LINES_SECTION;
    if (sh(r, ls, SH_TYPE) != SHT_PROGBITS)
        return fail(r, "%s: section type %u is not PROGBITS", sn, sh(r, ls, SH_TYPE));
    const uint8_t *p = r->buf + sh(r, ls, SH_OFFSET);
    uint32_t size = sh(r, ls, SH_SIZE);
    if (size < 16)
        return fail(r, "%s: section too small for its header (%u bytes)", sn, size);
    uint32_t nfiles = get32(p + 8), nrows = get32(p + 12);
    if (get32(p) != LINES_MAGIC)
        return fail(r, "%s: bad magic 0x%08x (expected 0x%08x)", sn, get32(p), LINES_MAGIC);
    if (get32(p + 4) != LINES_VERSION)
        return fail(r, "%s: unsupported version %u (expected %u)", sn, get32(p + 4), LINES_VERSION);
    if (nfiles > ELF_MAX_FILES)
        return fail(r, "%s: too many files (%u; at most %u)", sn, nfiles, ELF_MAX_FILES);
    if (nrows > ELF_MAX_ROWS)
        return fail(r, "%s: too many rows (%u; at most %u)", sn, nrows, ELF_MAX_ROWS);

    uint32_t pos = 16;
    for (uint32_t i = 0; i < nfiles; i++) {
        const char *name = string_at(p, size, pos);
        if (name == NULL)
            return fail(r, "%s: file name %u runs past the end of the section", sn, i);
        int idx = image_add_file(img, name);
        if (idx < 0)
            return fail(r, "%s: out of memory", sn);
        if ((uint32_t)idx != i)
            return fail(r, "%s: file name %u (\"%s\") repeats file %d", sn, i, name, idx);
        pos += (uint32_t)strlen(name) + 1;
    }
    uint64_t rows = align4(pos);
    if (rows > size)
        return fail(r, "%s: file names end past the section", sn);
    for (; pos < rows; pos++)
        if (p[pos] != 0)
            return fail(r, "%s: non-zero padding after the file names", sn);
    if (12 * (uint64_t)nrows != size - rows)
        return fail(r, "%s: %u rows need %llu bytes but the section has %llu left",
                    sn, nrows, 12 * (unsigned long long)nrows,
                    (unsigned long long)(size - rows));
    for (uint32_t i = 0; i < nrows; i++) {
        const uint8_t *row = p + rows + 12 * (size_t)i;
        uint32_t file = get32(row + 4);
        if (file >= nfiles)
            return fail(r, "%s: row %u: file index %u out of range (%u files)",
                        sn, i, file, nfiles);
        if (!image_add_line(img, get32(row), file, get32(row + 8)))
            return fail(r, "%s: out of memory", sn);
    }
    image_sort_lines(img);
    return true;
}

bool elf_read_mem(const uint8_t *buf, size_t len, const char *name,
                  struct image *img, char *err, size_t errlen)
{
    struct reader r = { .buf = buf, .len = len, .name = name ? name : "(image)",
                        .err = err, .errlen = errlen };
    image_init(img);
    if (read_header(&r, img) && check_sections(&r) && read_segments(&r, img) &&
        read_symbols(&r, img) && read_lines(&r, img))
        return true;
    image_free(img);
    return false;
}

bool elf_read_file(const char *path, struct image *img, char *err, size_t errlen)
{
    image_init(img);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        report(err, errlen, path, "cannot open: %s", strerror(errno));
        return false;
    }
    struct stat st;
    uint8_t *buf = NULL;
    size_t len = 0;
    if (fstat(fileno(f), &st) != 0)
        report(err, errlen, path, "cannot read: %s", strerror(errno));
    else if (S_ISDIR(st.st_mode))
        report(err, errlen, path, "is a directory");
    else if (!S_ISREG(st.st_mode))
        report(err, errlen, path, "not a regular file");
    else if (st.st_size > (off_t)ELF_MAX_FILE)
        report(err, errlen, path, "file is larger than 1 GiB");
    else if ((buf = malloc((size_t)st.st_size + 1)) == NULL)
        report(err, errlen, path, "out of memory");
    else if ((len = fread(buf, 1, (size_t)st.st_size, f)) != (size_t)st.st_size)
        report(err, errlen, path, "cannot read: %s",
               ferror(f) ? strerror(errno) : "the file changed while being read");
    fclose(f);
    bool ok = buf != NULL && len == (size_t)st.st_size &&
              elf_read_mem(buf, len, path, img, err, errlen);
    free(buf);
    return ok;
}
