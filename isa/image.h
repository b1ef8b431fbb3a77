/*
 * image.h - a program image in memory: what the assembler produces, what
 * the ELF writer saves, what the ELF reader returns and the machine loads.
 *
 * Owns: the image data structure and queries on it (symbol by name, symbol
 * for an address, source line for an address).  Must not know about
 * machines: whether an image fits a particular machine's RAM is checked by
 * the loader in sim/.
 */
#ifndef SIMMON_IMAGE_H
#define SIMMON_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { IMAGE_R = 4, IMAGE_W = 2, IMAGE_X = 1 };   /* same values as ELF p_flags */

struct image_segment {
    char *name;          /* ".text", ".data", ".bss" (for messages) */
    uint32_t vaddr;      /* load address (also the physical address) */
    uint32_t filesz;     /* bytes of data[] */
    uint32_t memsz;      /* >= filesz; the rest is zero-filled */
    uint32_t flags;      /* IMAGE_R | IMAGE_W | IMAGE_X */
    uint8_t *data;       /* filesz bytes (may be NULL when filesz == 0) */
};

enum image_symkind { IMAGE_SYM_NOTYPE, IMAGE_SYM_FUNC, IMAGE_SYM_OBJECT, IMAGE_SYM_ABS };

struct image_symbol {
    char *name;
    uint32_t value;
    uint32_t size;       /* 0 if unknown */
    enum image_symkind kind;
    bool global;
};

/* One row of the line table: code at addr came from files[file]:line. */
struct image_line {
    uint32_t addr;
    uint32_t file;       /* index into image.files */
    uint32_t line;
};

struct image {
    uint32_t entry;
    struct image_segment *segs;  size_t nsegs;
    struct image_symbol *syms;   size_t nsyms;
    char **files;                size_t nfiles;
    struct image_line *lines;    size_t nlines;   /* sorted by addr */
    /* Private to image.c: allocated lengths of the four arrays above.
     * Build images with the image_add_* functions, not by hand. */
    size_t segcap, symcap, filecap, linecap;
};

void image_init(struct image *img);
void image_free(struct image *img);   /* frees everything, leaves it empty */

/* Builders (copy their arguments).  Return false only on out-of-memory. */
bool image_add_segment(struct image *img, const char *name, uint32_t vaddr,
                       const uint8_t *data, uint32_t filesz, uint32_t memsz,
                       uint32_t flags);
bool image_add_symbol(struct image *img, const char *name, uint32_t value,
                      uint32_t size, enum image_symkind kind, bool global);
/* Returns the file's index (existing one if the name was added before),
 * or -1 on out-of-memory. */
int  image_add_file(struct image *img, const char *path);
bool image_add_line(struct image *img, uint32_t addr, uint32_t file, uint32_t line);
void image_sort_lines(struct image *img);

/* Queries. */
const struct image_symbol *image_find_symbol(const struct image *img, const char *name);
/* The symbol at or below addr that is nearest to it (preferring FUNC and
 * global symbols at equal addresses); *off = addr - value.  NULL if none. */
const struct image_symbol *image_symbol_for(const struct image *img, uint32_t addr,
                                            uint32_t *off);
/* The line-table row for addr (exact match), or NULL. */
const struct image_line *image_line_for(const struct image *img, uint32_t addr);
/* The lowest address whose line-table row is files[file]:line; false if
 * that line produced no code. */
bool image_addr_for_line(const struct image *img, uint32_t file, uint32_t line,
                         uint32_t *addr);
/* The segment that contains addr (in memsz), or NULL. */
const struct image_segment *image_segment_for(const struct image *img, uint32_t addr);

/* Consistency of an image as a loader needs it: at least one segment;
 * filesz <= memsz; flags only R, W, X; no segment wraps past 4 GiB; no
 * two segments overlap; the entry point is 4-byte aligned and inside an
 * executable segment; every line-table row names an existing file.
 * On failure writes one
 * line such as "segment 1 (.data) [0x00001000-0x00001100) overlaps
 * segment 0 (.text) [0x00000000-0x00001010)" (no "error:" prefix). */
bool image_check(const struct image *img, char *err, size_t errlen);
/* Field-by-field equality (entry, segments with their bytes, symbols in
 * order, files, line rows).  On a difference, why (if not NULL) names the
 * first one.  For round-trip tests and the fuzzers. */
bool image_equal(const struct image *a, const struct image *b,
                 char *why, size_t whylen);

/* ELF32 (little-endian, ET_EXEC, e_machine = IMAGE_EM_SM32).  See SPEC.md
 * "Image format".  Errors are written into err as one line without a
 * trailing newline, naming the file: "prog.elf: error: truncated ...". */
#define IMAGE_EM_SM32 0x5332u    /* 'S' '2': not an official machine number */
/* elf_write_file refuses (with a message) an image that fails image_check
 * or exceeds the format's limits (64 segments, 1000000 symbols, 1024
 * files, 4000000 line rows, 1 GiB of data, names of 4096 bytes).
 * elf_write_mem returns false on out-of-memory or those limits; *buf is
 * malloc'd, the caller frees it.  Symbols are written locals first (ELF
 * requires it), so they read back in that order; everything else reads
 * back exactly as written.  The readers need no image_init first; on
 * failure they leave img empty. */
bool elf_write_file(const struct image *img, const char *path, char *err, size_t errlen);
bool elf_write_mem(const struct image *img, uint8_t **buf, size_t *len);
bool elf_read_mem(const uint8_t *buf, size_t len, const char *name,
                  struct image *img, char *err, size_t errlen);
bool elf_read_file(const char *path, struct image *img, char *err, size_t errlen);

#endif
