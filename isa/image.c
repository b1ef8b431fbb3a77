/*
 * image.c - the in-memory program image: building it, querying it,
 * checking it, freeing it.
 *
 * Owns: the four growable arrays of struct image (segments, symbols, file
 * names, line rows) and every query on them.  Each builder copies its
 * arguments, so the image owns all of its memory and image_free() can
 * release it without knowing where anything came from.
 *
 * Must not touch: files, ELF (that is elf.c), or machines (whether an image
 * fits a machine's RAM is the loader's business, in sim/).
 *
 * The arrays grow by doubling; their allocated lengths live in the private
 * *cap fields of struct image.  An image with all fields zero is a valid
 * empty image, so both image_init() and "= {0}" work.
 */
#include "image.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Small helpers -------------------------------------------------------- */

static char *copy_string(const char *s)
{
    if (s == NULL)
        s = "";
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p != NULL)
        memcpy(p, s, n);
    return p;
}

/* Make room for one more element in an array of `count` elements of `size`
 * bytes whose allocated length is *cap.  Doubles the allocation when full.
 * Returns false (leaving the array untouched) when out of memory. */
static bool grow(void **array, size_t *cap, size_t count, size_t size)
{
    if (count < *cap)
        return true;
    size_t want = *cap < 8 ? 8 : *cap * 2;
    if (want <= count)                 /* cap was stale: never shrink below count */
        want = count + 8;
    if (want > SIZE_MAX / size)
        return false;
    void *p = realloc(*array, want * size);
    if (p == NULL)
        return false;
    *array = p;
    *cap = want;
    return true;
}

static void say(char *buf, size_t len, const char *fmt, ...)
{
    if (buf == NULL || len == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, len, fmt, ap);
    va_end(ap);
}

/* ---- Life cycle ------------------------------------------------------------ */

void image_init(struct image *img)
{
    memset(img, 0, sizeof *img);
}

void image_free(struct image *img)
{
    for (size_t i = 0; i < img->nsegs; i++) {
        free(img->segs[i].name);
        free(img->segs[i].data);
    }
    for (size_t i = 0; i < img->nsyms; i++)
        free(img->syms[i].name);
    for (size_t i = 0; i < img->nfiles; i++)
        free(img->files[i]);
    free(img->segs);
    free(img->syms);
    free(img->files);
    free(img->lines);
    image_init(img);                   /* empty, and ready to be reused */
}

/* ---- Builders ---------------------------------------------------------------- */

bool image_add_segment(struct image *img, const char *name, uint32_t vaddr,
                       const uint8_t *data, uint32_t filesz, uint32_t memsz,
                       uint32_t flags)
{
    assert(memsz >= filesz);           /* a caller bug, not a user error */
    if (!grow((void **)&img->segs, &img->segcap, img->nsegs, sizeof *img->segs))
        return false;
    char *namecopy = copy_string(name);
    uint8_t *bytes = NULL;
    if (filesz > 0) {
        bytes = malloc(filesz);
        if (bytes != NULL) {
            if (data != NULL)
                memcpy(bytes, data, filesz);
            else
                memset(bytes, 0, filesz);   /* NULL data means zeros */
        }
    }
    if (namecopy == NULL || (filesz > 0 && bytes == NULL)) {
        free(namecopy);
        free(bytes);
        return false;
    }
    img->segs[img->nsegs++] = (struct image_segment){
        .name = namecopy, .vaddr = vaddr, .filesz = filesz,
        .memsz = memsz, .flags = flags, .data = bytes,
    };
    return true;
}

bool image_add_symbol(struct image *img, const char *name, uint32_t value,
                      uint32_t size, enum image_symkind kind, bool global)
{
    if (!grow((void **)&img->syms, &img->symcap, img->nsyms, sizeof *img->syms))
        return false;
    char *namecopy = copy_string(name);
    if (namecopy == NULL)
        return false;
    img->syms[img->nsyms++] = (struct image_symbol){
        .name = namecopy, .value = value, .size = size,
        .kind = kind, .global = global,
    };
    return true;
}

int image_add_file(struct image *img, const char *path)
{
    if (path == NULL)
        path = "";
    for (size_t i = 0; i < img->nfiles; i++)
        if (strcmp(img->files[i], path) == 0)
            return (int)i;
    if (img->nfiles >= (size_t)INT32_MAX)
        return -1;
    if (!grow((void **)&img->files, &img->filecap, img->nfiles, sizeof *img->files))
        return -1;
    char *copy = copy_string(path);
    if (copy == NULL)
        return -1;
    img->files[img->nfiles] = copy;
    return (int)img->nfiles++;
}

bool image_add_line(struct image *img, uint32_t addr, uint32_t file, uint32_t line)
{
    if (!grow((void **)&img->lines, &img->linecap, img->nlines, sizeof *img->lines))
        return false;
    img->lines[img->nlines++] = (struct image_line){ addr, file, line };
    return true;
}

/* A stable sort by address: rows for the same address keep the order in
 * which they were added.  Bottom-up merge sort with one scratch buffer;
 * insertion sort if the scratch buffer cannot be allocated (slow, but the
 * common case, rows already in order, costs one pass either way). */
void image_sort_lines(struct image *img)
{
    size_t n = img->nlines;
    struct image_line *a = img->lines;
    size_t i = 1;
    while (i < n && a[i - 1].addr <= a[i].addr)
        i++;
    if (i >= n)
        return;                        /* already sorted */

    struct image_line *tmp = malloc(n * sizeof *tmp);
    if (tmp == NULL) {
        for (i = 1; i < n; i++) {
            struct image_line x = a[i];
            size_t j = i;
            for (; j > 0 && a[j - 1].addr > x.addr; j--)
                a[j] = a[j - 1];
            a[j] = x;
        }
        return;
    }
    struct image_line *src = a, *dst = tmp;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = mid + width < n ? mid + width : n;
            size_t l = lo, r = mid, k = lo;
            while (l < mid && r < hi)             /* ties: left first */
                dst[k++] = src[r].addr < src[l].addr ? src[r++] : src[l++];
            while (l < mid)
                dst[k++] = src[l++];
            while (r < hi)
                dst[k++] = src[r++];
        }
        struct image_line *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
    free(tmp);
}

/* ---- Queries --------------------------------------------------------------- */

const struct image_symbol *image_find_symbol(const struct image *img, const char *name)
{
    for (size_t i = 0; i < img->nsyms; i++)
        if (strcmp(img->syms[i].name, name) == 0)
            return &img->syms[i];
    return NULL;
}

const struct image_segment *image_segment_for(const struct image *img, uint32_t addr)
{
    for (size_t i = 0; i < img->nsegs; i++) {
        const struct image_segment *s = &img->segs[i];
        if (addr - s->vaddr < s->memsz)   /* unsigned: also false below vaddr */
            return s;
    }
    return NULL;
}

/* How much image_symbol_for likes a symbol among those at one address:
 * a function beats anything else, then a global beats a local. */
static int symbol_rank(const struct image_symbol *s)
{
    return (s->kind == IMAGE_SYM_FUNC ? 2 : 0) + (s->global ? 1 : 0);
}

/* Nearest symbol at or below addr.  Only symbols in the same segment as
 * addr count, so an address in .data is never described as "end_of_text +
 * 0x1234", and an address outside every segment has no symbol.  Absolute
 * symbols (.equ constants) are not places and are ignored.  Ties at one
 * value go to the best symbol_rank, then to the first in the table. */
const struct image_symbol *image_symbol_for(const struct image *img, uint32_t addr,
                                            uint32_t *off)
{
    const struct image_segment *seg = image_segment_for(img, addr);
    if (seg == NULL)
        return NULL;
    const struct image_symbol *best = NULL;
    for (size_t i = 0; i < img->nsyms; i++) {
        const struct image_symbol *s = &img->syms[i];
        if (s->kind == IMAGE_SYM_ABS || s->value > addr || s->value < seg->vaddr)
            continue;
        if (best == NULL || s->value > best->value ||
            (s->value == best->value && symbol_rank(s) > symbol_rank(best)))
            best = s;
    }
    if (best != NULL && off != NULL)
        *off = addr - best->value;
    return best;
}

/* Binary search for the first row whose address is >= addr. */
static size_t first_row_at_or_after(const struct image *img, uint32_t addr)
{
    size_t lo = 0, hi = img->nlines;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (img->lines[mid].addr < addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const struct image_line *image_line_for(const struct image *img, uint32_t addr)
{
    size_t i = first_row_at_or_after(img, addr);
    if (i < img->nlines && img->lines[i].addr == addr)
        return &img->lines[i];
    return NULL;
}

bool image_addr_for_line(const struct image *img, uint32_t file, uint32_t line,
                         uint32_t *addr)
{
    bool found = false;
    uint32_t lowest = 0;
    for (size_t i = 0; i < img->nlines; i++) {
        const struct image_line *r = &img->lines[i];
        if (r->file == file && r->line == line && (!found || r->addr < lowest)) {
            lowest = r->addr;
            found = true;
        }
    }
    if (found && addr != NULL)
        *addr = lowest;
    return found;
}

/* ---- Consistency and equality ---------------------------------------------- */

bool image_check(const struct image *img, char *err, size_t errlen)
{
    if (img->nsegs == 0) {
        say(err, errlen, "no loadable segment");
        return false;
    }
    for (size_t i = 0; i < img->nsegs; i++) {
        const struct image_segment *s = &img->segs[i];
        uint64_t end = (uint64_t)s->vaddr + s->memsz;
        if (s->filesz > s->memsz) {
            say(err, errlen, "segment %zu (%s): file size 0x%x exceeds memory size 0x%x",
                i, s->name, (unsigned)s->filesz, (unsigned)s->memsz);
            return false;
        }
        if (s->flags & ~(uint32_t)(IMAGE_R | IMAGE_W | IMAGE_X)) {
            say(err, errlen, "segment %zu (%s) has unknown flags 0x%x",
                i, s->name, (unsigned)s->flags);
            return false;
        }
        if (end > 0x100000000u) {
            say(err, errlen, "segment %zu (%s) [0x%08x, +0x%x) wraps past 4 GiB",
                i, s->name, (unsigned)s->vaddr, (unsigned)s->memsz);
            return false;
        }
        for (size_t j = 0; j < i; j++) {
            const struct image_segment *t = &img->segs[j];
            uint64_t tend = (uint64_t)t->vaddr + t->memsz;
            if (s->vaddr < tend && t->vaddr < end) {
                say(err, errlen, "segment %zu (%s) [0x%08x-0x%08llx) overlaps "
                    "segment %zu (%s) [0x%08x-0x%08llx)",
                    i, s->name, (unsigned)s->vaddr, (unsigned long long)end,
                    j, t->name, (unsigned)t->vaddr, (unsigned long long)tend);
                return false;
            }
        }
    }
    const struct image_segment *es = image_segment_for(img, img->entry);
    if (es == NULL || !(es->flags & IMAGE_X)) {
        say(err, errlen, "entry point 0x%08x is not inside an executable segment",
            (unsigned)img->entry);
        return false;
    }
    if (img->entry & 3) {
        say(err, errlen, "entry point 0x%08x is not 4-byte aligned", (unsigned)img->entry);
        return false;
    }
    for (size_t i = 0; i < img->nlines; i++) {
        if (img->lines[i].file >= img->nfiles) {
            say(err, errlen, "line row %zu names file %u, but there are %zu files",
                i, (unsigned)img->lines[i].file, img->nfiles);
            return false;
        }
    }
    return true;
}

bool image_equal(const struct image *a, const struct image *b, char *why, size_t whylen)
{
    if (a->entry != b->entry) {
        say(why, whylen, "entry 0x%x != 0x%x", (unsigned)a->entry, (unsigned)b->entry);
        return false;
    }
    if (a->nsegs != b->nsegs || a->nsyms != b->nsyms ||
        a->nfiles != b->nfiles || a->nlines != b->nlines) {
        say(why, whylen, "counts differ: %zu/%zu/%zu/%zu segs/syms/files/lines vs "
            "%zu/%zu/%zu/%zu", a->nsegs, a->nsyms, a->nfiles, a->nlines,
            b->nsegs, b->nsyms, b->nfiles, b->nlines);
        return false;
    }
    for (size_t i = 0; i < a->nsegs; i++) {
        const struct image_segment *s = &a->segs[i], *t = &b->segs[i];
        if (strcmp(s->name, t->name) != 0 || s->vaddr != t->vaddr ||
            s->filesz != t->filesz || s->memsz != t->memsz || s->flags != t->flags ||
            (s->filesz > 0 && memcmp(s->data, t->data, s->filesz) != 0)) {
            say(why, whylen, "segment %zu differs (%s 0x%x/0x%x/0x%x vs %s 0x%x/0x%x/0x%x)",
                i, s->name, (unsigned)s->vaddr, (unsigned)s->filesz, (unsigned)s->memsz,
                t->name, (unsigned)t->vaddr, (unsigned)t->filesz, (unsigned)t->memsz);
            return false;
        }
    }
    for (size_t i = 0; i < a->nsyms; i++) {
        const struct image_symbol *s = &a->syms[i], *t = &b->syms[i];
        if (strcmp(s->name, t->name) != 0 || s->value != t->value || s->size != t->size ||
            s->kind != t->kind || s->global != t->global) {
            say(why, whylen, "symbol %zu differs (%s vs %s)", i, s->name, t->name);
            return false;
        }
    }
    for (size_t i = 0; i < a->nfiles; i++) {
        if (strcmp(a->files[i], b->files[i]) != 0) {
            say(why, whylen, "file %zu differs (%s vs %s)", i, a->files[i], b->files[i]);
            return false;
        }
    }
    for (size_t i = 0; i < a->nlines; i++) {
        const struct image_line *s = &a->lines[i], *t = &b->lines[i];
        if (s->addr != t->addr || s->file != t->file || s->line != t->line) {
            say(why, whylen, "line row %zu differs", i);
            return false;
        }
    }
    return true;
}
