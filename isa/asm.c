/*
 * asm.c - the assembler's driver: reader, pass 1, layout, pass 2, image.
 *
 * Owns: the public entry points, the order of the stages, the layout of the
 * sections between the passes, turning the result into a struct image, and
 * diagnostics (the "file:line:col: error:" message, the source line and the
 * caret).  Must not parse statements (asm_stmt.c, asm_insn.c) or read files
 * (asm_read.c).
 *
 * The stages:
 *
 *   1. reader   files, .include and macros -> a flat array of lines
 *   2. pass 1   every line, silently: sizes, label addresses (a label in
 *               .data/.bss is kept relative to its section, whose start is
 *               not known yet)
 *   3. layout   .text at text_base (or its .org), .data at the next 4 KiB
 *               boundary after .text, .bss right after .data (4-aligned);
 *               checks that sections do not overlap
 *   4. pass 2   every line again, with every address known: values,
 *               encodings, bytes, the line table, and every error message
 *   5. image    segments, symbols, files and line rows into struct image
 *
 * After each statement pass 2 checks that it ends where pass 1 said; after
 * an error it jumps there, so one bad statement never shifts the rest.
 */
#define SIMMON_ASM_INTERNAL
#include "asm.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void asm_options_default(struct asm_options *o)
{
    o->text_base = 0x1000;
    o->max_errors = 20;
    o->diag = NULL;
}

/* ---- Small helpers ------------------------------------------------------ */

bool asm_nomem(struct asm *a)
{
    if (!a->oom) {
        a->oom = true;
        a->errors++;
        fprintf(a->diag, "error: out of memory\n");
    }
    return false;
}

/* Make room for `need` elements in *p (capacity *cap). */
bool asm_grow(struct asm *a, void **p, size_t *cap, size_t need, size_t elsize)
{
    if (need <= *cap)
        return true;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need)
        ncap *= 2;
    if (ncap > SIZE_MAX / elsize)
        return asm_nomem(a);
    void *np = realloc(*p, ncap * elsize);
    if (!np)
        return asm_nomem(a);
    *p = np;
    *cap = ncap;
    return true;
}

char *asm_strndup(struct asm *a, const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d) {
        asm_nomem(a);
        return NULL;
    }
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* "file.s:12" for flat line `line`. */
const char *asm_where(const struct asm *a, size_t line, char *buf, size_t len)
{
    const struct asm_line *ln = &a->lines[line];
    snprintf(buf, len, "%s:%u", a->files[ln->file].path, (unsigned)ln->lineno);
    return buf;
}

int asm_col(const struct asm *a, const char *at)
{
    const char *text = a->lines[a->cur].text;
    if (!at || at < text || at > text + strlen(text))
        return 0;
    return (int)(at - text) + 1;
}

/* Levenshtein distance, ignoring case; large for long words. */
unsigned asm_edit_distance(const char *x, const char *y)
{
    size_t n = strlen(x), m = strlen(y);
    if (n > 32 || m > 32)
        return 99;
    unsigned row[33];
    for (size_t j = 0; j <= m; j++)
        row[j] = (unsigned)j;
    for (size_t i = 1; i <= n; i++) {
        unsigned diag = row[0];
        row[0] = (unsigned)i;
        for (size_t j = 1; j <= m; j++) {
            unsigned up = row[j];
            int cx = x[i - 1], cy = y[j - 1];
            cx = (cx >= 'A' && cx <= 'Z') ? cx | 32 : cx;
            cy = (cy >= 'A' && cy <= 'Z') ? cy | 32 : cy;
            unsigned best = diag + (cx != cy);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

/* ---- Diagnostics ---------------------------------------------------------- */

/* Print one error about flat line ln (NULL: none) at column col (0: none). */
static void report(struct asm *a, const struct asm_line *ln, int col, const char *msg)
{
    if (a->stop)
        return;
    const char *file = ln ? a->files[ln->file].path
                          : a->nfiles ? a->files[0].path : "<input>";
    int max = a->opt->max_errors;
    a->errors++;
    if (max > 0 && a->errors > max) {
        fprintf(a->diag, "%s: too many errors, stopping\n", file);
        a->stop = true;
        return;
    }
    if (!ln || ln->lineno == 0) {
        fprintf(a->diag, "%s: error: %s\n", file, msg);
        return;
    }
    if (col < 1)
        col = 1;
    fprintf(a->diag, "%s:%u:%d: error: %s\n", file, (unsigned)ln->lineno, col, msg);
    size_t len = strlen(ln->text);
    if (len > ASM_MAX_LINE)
        len = ASM_MAX_LINE;
    fprintf(a->diag, "%.*s\n", (int)len, ln->text);
    for (int i = 0; i < col - 1 && (size_t)i < len; i++)
        fputc(ln->text[i] == '\t' ? '\t' : ' ', a->diag);   /* keep tabs aligned */
    fputs("^\n", a->diag);
    if (ln->macro)
        fprintf(a->diag, "%s:%u: note: in expansion of macro '%s' (defined at %s:%u)\n",
                file, (unsigned)ln->lineno, ln->macro->name,
                a->files[ln->macro->file].path, (unsigned)ln->macro->lineno);
}

void asm_verror(struct asm *a, const char *at, const char *fmt, va_list ap)
{
    a->stmt_failed = true;
    if (a->pass != 2 || a->quiet > 0 || a->stop)
        return;
    char msg[700];
    vsnprintf(msg, sizeof msg, fmt, ap);
    report(a, &a->lines[a->cur], asm_col(a, at), msg);
}

void asm_error(struct asm *a, const char *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    asm_verror(a, at, fmt, ap);
    va_end(ap);
}

void asm_lex_error(struct asm *a, const struct asm_tok *t)
{
    int len = (int)(t->len > 40 ? 40 : t->len);
    unsigned char c = (unsigned char)*t->err_at;
    switch (t->err) {
    case ASM_LEX_CHAR:
        if (c >= 0x20 && c < 0x7F)
            asm_error(a, t->err_at, "unexpected character '%c'", c);
        else
            asm_error(a, t->err_at, "unexpected byte 0x%02x", c);
        break;
    case ASM_LEX_STRING:
        asm_error(a, t->err_at, "unterminated string (missing closing \")");
        break;
    case ASM_LEX_CHARLIT:
        asm_error(a, t->err_at, "unterminated character literal (missing closing ')");
        break;
    case ASM_LEX_CHARLEN:
        asm_error(a, t->err_at, "a character literal holds exactly one character");
        break;
    case ASM_LEX_ESCAPE:
        asm_error(a, t->err_at, "bad escape '%.*s' (use \\n \\t \\r \\0 \\\\ \\' \\\" or \\xHH)",
                  t->err_at[1] ? 2 : 1, t->err_at);
        break;
    case ASM_LEX_NUMBER:
        asm_error(a, t->err_at, "bad number '%.*s'", len, t->s);
        break;
    case ASM_LEX_BIG:
        asm_error(a, t->err_at, "number '%.*s' is too large", len, t->s);
        break;
    case ASM_LEX_OK:
        asm_error(a, t->err_at, "syntax error");
        break;
    }
}

static void layout_error(struct asm *a, size_t line, const char *fmt, ...) ASM_PRINTF(3, 4);
static void layout_error(struct asm *a, size_t line, const char *fmt, ...)
{
    if (a->nlayout_err >= 4)
        return;
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char *m = asm_strndup(a, msg, strlen(msg));
    if (!m)
        return;
    a->layout_err[a->nlayout_err] = m;
    a->layout_err_line[a->nlayout_err++] = line;
}

/* ---- The passes --------------------------------------------------------- */

static void run_pass(struct asm *a, int pass)
{
    a->pass = pass;
    a->sec = ASM_SEC_TEXT;
    for (int i = 0; i < ASM_NSECS; i++)
        a->secs[i].off = 0;
    for (a->cur = 0; a->cur < a->nlines && !a->stop && !a->oom; a->cur++) {
        struct asm_line *ln = &a->lines[a->cur];
        a->stmt_failed = false;
        if (ln->error) {
            if (pass == 2)
                report(a, ln, ln->error_col, ln->error);
        } else {
            asm_statement(a);
        }
        if (pass == 1) {
            ln->end_sec = a->sec;
            ln->end_off = a->secs[a->sec].off;
            continue;
        }
        if (a->sec != ln->end_sec || a->secs[a->sec].off != ln->end_off) {
            if (!a->stmt_failed)            /* defensive: should never happen */
                asm_error(a, NULL, "internal error: this statement's size differs between the passes");
            a->sec = ln->end_sec;
            a->secs[a->sec].off = ln->end_off;
        }
    }
}

static uint64_t align_up(uint64_t x, uint64_t al)
{
    return (x + al - 1) / al * al;
}

/* Give every section its start address; check that they fit and do not
 * overlap.  An error is reported at the .org that placed the section. */
static void layout(struct asm *a)
{
    struct asm_section *s = a->secs;
    for (int i = 0; i < ASM_NSECS; i++)
        s[i].size = s[i].off;
    uint64_t end = (uint64_t)s[ASM_SEC_TEXT].base + s[ASM_SEC_TEXT].size;
    for (int i = ASM_SEC_DATA; i < ASM_NSECS; i++) {
        if (!s[i].base_known) {
            uint64_t al = s[i].align;
            if (al < (i == ASM_SEC_DATA ? 4096u : 4u))
                al = i == ASM_SEC_DATA ? 4096u : 4u;
            uint64_t base = align_up(end, al);
            s[i].base = base > 0xFFFFFFFFu ? 0 : (uint32_t)base;
            s[i].base_known = true;
            if (base > 0xFFFFFFFFu && s[i].size > 0)
                layout_error(a, SIZE_MAX, "section %s does not fit below 4 GiB (after 0x%llx)",
                             s[i].name, (unsigned long long)end);
        }
        end = (uint64_t)s[i].base + s[i].size;
    }
    for (int i = 0; i < ASM_NSECS; i++) {
        if ((uint64_t)s[i].base + s[i].size > 0x100000000u)
            layout_error(a, s[i].org_line, "section %s [0x%08x, +0x%x) goes past the end of the "
                         "32-bit address space", s[i].name, s[i].base, s[i].size);
        for (int j = i + 1; j < ASM_NSECS; j++) {
            if (!s[i].size || !s[j].size)
                continue;
            uint64_t bi = s[i].base, ei = bi + s[i].size, bj = s[j].base, ej = bj + s[j].size;
            if (bi < ej && bj < ei)
                layout_error(a, s[j].org_line != SIZE_MAX ? s[j].org_line : s[i].org_line,
                             "sections %s [0x%08llx-0x%08llx) and %s [0x%08llx-0x%08llx) overlap",
                             s[i].name, (unsigned long long)bi, (unsigned long long)ei,
                             s[j].name, (unsigned long long)bj, (unsigned long long)ej);
        }
    }
    for (int i = 0; i < ASM_SEC_BSS && !a->oom; i++)
        if (s[i].size && !(s[i].data = calloc(s[i].size, 1)))
            asm_nomem(a);
}

/* ---- The image ------------------------------------------------------------ */

static bool write_image(struct asm *a, struct image *img)
{
    const struct asm_section *t = &a->secs[ASM_SEC_TEXT], *d = &a->secs[ASM_SEC_DATA],
                             *b = &a->secs[ASM_SEC_BSS];
    bool ok = true;
    if (t->size)
        ok &= image_add_segment(img, ".text", t->base, t->data, t->size, t->size,
                                IMAGE_R | IMAGE_X);
    bool merged = b->org_line == SIZE_MAX;     /* .bss placed right after .data */
    if (d->size) {
        uint32_t memsz = d->size;
        if (merged && b->size)
            memsz = b->base + b->size - d->base;
        ok &= image_add_segment(img, ".data", d->base, d->data, d->size, memsz,
                                IMAGE_R | IMAGE_W);
    }
    if (b->size && (!merged || !d->size))
        ok &= image_add_segment(img, ".bss", b->base, NULL, 0, b->size, IMAGE_R | IMAGE_W);

    img->entry = t->base;
    for (size_t i = 0; i < a->nsyms; i++) {
        const struct asm_sym *s = a->syms[i];
        uint32_t value = (uint32_t)s->val.v;
        enum image_symkind kind = IMAGE_SYM_ABS;
        if (s->kind == ASM_SYM_NONE)
            continue;
        if (s->kind == ASM_SYM_LABEL) {
            value = a->secs[s->val.sec].base + (uint32_t)s->val.v;
            kind = s->val.sec == ASM_SEC_TEXT ? IMAGE_SYM_FUNC : IMAGE_SYM_OBJECT;
        }
        if (strcmp(s->name, "_start") == 0)
            img->entry = value;
        if (strncmp(s->name, ".L", 2) != 0)
            ok &= image_add_symbol(img, s->name, value, 0, kind, s->global);
    }

    int *map = calloc(a->nfiles ? a->nfiles : 1, sizeof *map);
    if (!map)
        return asm_nomem(a);
    for (size_t i = 0; i < a->nfiles && ok; i++)
        ok &= (map[i] = image_add_file(img, a->files[i].path)) >= 0;
    for (size_t i = 0; i < a->nrows && ok; i++)
        ok &= image_add_line(img, a->rows[i].addr, (uint32_t)map[a->rows[i].file],
                             a->rows[i].line);
    free(map);
    image_sort_lines(img);
    return ok ? true : asm_nomem(a);
}

/* ---- Entry points ------------------------------------------------------------ */

static void init(struct asm *a, const struct asm_options *o, struct asm_options *defaults)
{
    memset(a, 0, sizeof *a);
    if (!o) {
        asm_options_default(defaults);
        o = defaults;
    }
    a->opt = o;
    a->diag = o->diag ? o->diag : stderr;
    static const char *const names[ASM_NSECS] = { ".text", ".data", ".bss" };
    for (int i = 0; i < ASM_NSECS; i++) {
        a->secs[i].name = names[i];
        a->secs[i].org_line = SIZE_MAX;
        a->secs[i].align = 1;
    }
    a->secs[ASM_SEC_TEXT].base = o->text_base;
    a->secs[ASM_SEC_TEXT].base_known = true;
}

static int finish(struct asm *a, struct image *img)
{
    asm_read_finish(a);
    if (!a->oom)
        run_pass(a, 1);
    if (!a->oom)
        layout(a);
    if (!a->oom)
        run_pass(a, 2);
    for (int i = 0; i < a->nlayout_err; i++) {
        size_t l = a->layout_err_line[i];
        const struct asm_line *ln = l < a->nlines ? &a->lines[l] : NULL;
        if (!a->oom)
            report(a, ln, 1, a->layout_err[i]);
        free(a->layout_err[i]);
    }
    if (a->errors == 0 && !write_image(a, img) && a->errors == 0)
        a->errors = 1;
    int errors = a->errors;

    asm_read_free(a);
    asm_symbols_free(a);
    for (int i = 0; i < ASM_NSECS; i++)
        free(a->secs[i].data);
    free(a->rows);
    return errors;
}

int asm_files(const char *const *paths, size_t n, const struct asm_options *o,
              struct image *img)
{
    struct asm a;
    struct asm_options defaults;
    init(&a, o, &defaults);
    for (size_t i = 0; i < n && !a.oom; i++)
        asm_read_file(&a, paths[i]);
    return finish(&a, img);
}

int asm_string(const char *name, const char *text, const struct asm_options *o,
               struct image *img)
{
    struct asm a;
    struct asm_options defaults;
    init(&a, o, &defaults);
    asm_read_string(&a, name, text);
    return finish(&a, img);
}
