/*
 * asm_stmt.c - one statement of assembly: its labels, then an assignment,
 * a directive or an instruction (handed to asm_insn.c).
 *
 * Owns: label definitions, the directives (.text .data .bss .word .half
 * .byte .ascii .asciz .string .space .skip .align .balign .equ .set = .global
 * .globl .org) and emitting bytes into the current section.  Must not know
 * instruction encodings (asm_insn.c) or read files (asm_read.c: .include and
 * .macro never get here).
 *
 * The same code runs in pass 1 and pass 2.  The rules that keep the passes
 * in step:
 *   - the size of a statement may only depend on values pass 1 knows;
 *     where a size needs a value (.space, .align, .org) asm_need_known
 *     remembers in pass 1 that it was not known and pass 2 reports that;
 *   - pass 1 only counts bytes; pass 2 writes them;
 *   - a label records its address in pass 1; pass 2 only checks that the
 *     definition it sees is the first one (otherwise: duplicate).
 */
#define SIMMON_ASM_INTERNAL
#include "asm.h"

#include <string.h>
#include <strings.h>

/* ---- Helpers shared with asm_insn.c ------------------------------------- */

bool asm_expect_eol(struct asm *a, struct asm_lexer *lx, const char *what)
{
    struct asm_tok t = asm_lex_next(lx);
    if (t.kind == ASM_TOK_EOL)
        return true;
    if (t.kind == ASM_TOK_ERROR)
        asm_lex_error(a, &t);
    else
        asm_error(a, t.s, "unexpected '%.*s' after %s", (int)(t.len > 40 ? 40 : t.len), t.s, what);
    return false;
}

/* Move the location counter forward n bytes (pass 2 leaves them zero). */
bool asm_advance(struct asm *a, uint64_t n, const char *at)
{
    uint64_t total = n;
    for (int i = 0; i < ASM_NSECS; i++)
        total += a->secs[i].off;
    if (total > ASM_MAX_OUTPUT) {
        asm_error(a, at, "the program would be larger than %d MiB", ASM_MAX_OUTPUT >> 20);
        return false;
    }
    a->secs[a->sec].off += (uint32_t)n;
    a->secs[a->sec].pinned = true;
    return true;
}

/* Emit bytes at the location counter (written in pass 2 only). */
bool asm_line_row(struct asm *a, uint32_t pc)
{
    if (a->pass != 2 || a->sec != ASM_SEC_TEXT)
        return true;
    const struct asm_line *ln = &a->lines[a->cur];
    if (!asm_grow(a, (void **)&a->rows, &a->caprows, a->nrows + 1, sizeof *a->rows))
        return false;
    a->rows[a->nrows++] = (struct asm_linerow){ pc, ln->file, ln->lineno };
    return true;
}

bool asm_emit(struct asm *a, const uint8_t *bytes, uint32_t n, const char *at)
{
    struct asm_section *s = &a->secs[a->sec];
    if (a->sec == ASM_SEC_BSS) {
        asm_error(a, at, "data in .bss (only labels, .space/.skip and .align/.balign "
                  "are allowed there)");
        return false;
    }
    uint32_t off = s->off;
    if (!asm_advance(a, n, at))
        return false;
    if (a->pass == 2 && s->data && (uint64_t)off + n <= s->size)
        memcpy(s->data + off, bytes, n);
    return true;
}

/* A value that decides a size must be known in pass 1. */
bool asm_need_known(struct asm *a, const struct asm_value *v, const char *at, const char *what)
{
    struct asm_line *ln = &a->lines[a->cur];
    if (a->pass == 1 && (!v->known || v->sec != ASM_ABS))
        ln->p1_flag = ASM_P1_UNKNOWN;
    if (ln->p1_flag == ASM_P1_UNKNOWN) {
        asm_error(a, at, "%s must be known where it is written: it cannot use a symbol "
                  "defined further down or an address in .data/.bss", what);
        return false;
    }
    return true;
}

/* In pass 2 a value is known unless an error was reported already. */
static bool known2(struct asm *a, const struct asm_value *v, const char *at)
{
    if (a->pass == 2 && !(v->known && v->sec == ASM_ABS)) {
        asm_error(a, at, "value is not known");
        return false;
    }
    return true;
}

static const char *sym_where(struct asm *a, const struct asm_sym *s, char *buf, size_t len)
{
    return asm_where(a, s->def_line, buf, len);
}

/* ---- Labels and constants ----------------------------------------------------- */

static bool check_name(struct asm *a, const struct asm_tok *t, const char *what)
{
    if (t->len == 1 && t->s[0] == '.') {
        asm_error(a, t->s, "'.' is the location counter; it cannot be %s (use .org to move it)", what);
        return false;
    }
    if (asm_is_register_name(t->s, t->len)) {
        asm_error(a, t->s, "'%.*s' is a register name; it cannot be %s", (int)t->len, t->s, what);
        return false;
    }
    return true;
}

static void define_label(struct asm *a, const struct asm_tok *t)
{
    if (t->kind == ASM_TOK_NUM) {
        asm_local_define(a, t->num, t->s);
        return;
    }
    if (!check_name(a, t, "a label"))
        return;
    struct asm_sym *s = asm_sym_get(a, t->s, t->len, NULL);
    if (!s)
        return;
    int col = asm_col(a, t->s);
    if (a->pass == 1) {
        a->secs[a->sec].pinned = true;
        if (s->kind == ASM_SYM_NONE) {
            s->kind = ASM_SYM_LABEL;
            s->val = (struct asm_value){ a->secs[a->sec].off, a->sec, true };
            s->def_line = a->cur;
            s->def_col = col;
        }
        return;
    }
    if (s->def_line != a->cur || s->def_col != col) {
        char where[300];
        if (s->kind == ASM_SYM_LABEL)
            asm_error(a, t->s, "duplicate label '%s' (first defined at %s)", s->name,
                      sym_where(a, s, where, sizeof where));
        else
            asm_error(a, t->s, "'%s' is already defined as a constant at %s", s->name,
                      sym_where(a, s, where, sizeof where));
    }
}

/* name = expr, .equ name, expr, .set name, expr */
static bool define_constant(struct asm *a, struct asm_lexer *lx, const struct asm_tok *name,
                            enum asm_symkind kind)
{
    if (!check_name(a, name, "a constant"))
        return false;
    const char *expr = lx->has_peek ? lx->peeked.s : lx->p;
    struct asm_value v;
    if (!asm_expr(a, lx, &v) || !asm_expect_eol(a, lx, "the expression"))
        return false;
    struct asm_sym *s = asm_sym_get(a, name->s, name->len, NULL);
    if (!s)
        return false;
    int col = asm_col(a, name->s);
    bool redefinable = s->kind == ASM_SYM_SET && kind == ASM_SYM_SET;
    if (a->pass == 1) {
        if (s->kind == ASM_SYM_NONE) {
            s->kind = kind;
            s->def_line = a->cur;
            s->def_col = col;
        } else if (!redefinable) {
            return true;                          /* reported in pass 2 */
        }
        s->val = v;
        s->expr = v.known ? NULL : expr;          /* unknown: pass 2 computes it */
        s->expr_line = a->cur;
        s->expr_dot = a->dot;
        return true;
    }
    if (!redefinable && (s->def_line != a->cur || s->def_col != col)) {
        char where[300];
        asm_error(a, name->s, "'%s' is already defined%s at %s", s->name,
                  s->kind == ASM_SYM_LABEL ? " as a label" : "", sym_where(a, s, where, sizeof where));
        return false;
    }
    if (!known2(a, &v, expr))
        return false;
    s->val = v;
    return true;
}

/* ---- Directives --------------------------------------------------------------- */

struct directive {
    const char *name;
    bool (*fn)(struct asm *a, struct asm_lexer *lx, const struct asm_tok *d,
               const struct directive *dir);
    int arg;                     /* a section, a width, a symbol kind ... */
};

static bool d_section(struct asm *a, struct asm_lexer *lx, const struct asm_tok *d,
                      const struct directive *dir)
{
    (void)d;
    if (!asm_expect_eol(a, lx, dir->name))
        return false;
    a->sec = dir->arg;
    return true;
}

/* .word / .half / .byte e, ... */
static bool d_data(struct asm *a, struct asm_lexer *lx, const struct asm_tok *d,
                   const struct directive *dir)
{
    static const int64_t lo[5] = { 0, -128, -32768, 0, -2147483648LL };
    static const int64_t hi[5] = { 0, 255, 65535, 0, 4294967295LL };
    unsigned width = (unsigned)dir->arg;
    if (a->sec == ASM_SEC_BSS)
        return asm_emit(a, NULL, 0, d->s);        /* says "data in .bss" */
    do {
        const char *at = asm_lex_peek(lx)->s;
        struct asm_value v;
        if (!asm_expr(a, lx, &v) || !known2(a, &v, at))
            return false;
        if (a->pass == 2 && (v.v < lo[width] || v.v > hi[width])) {
            asm_error(a, at, "%s value %lld is out of range (%lld..%lld)", dir->name,
                      (long long)v.v, (long long)lo[width], (long long)hi[width]);
            return false;
        }
        uint8_t b[4];
        uint32_t pc = a->sec == ASM_SEC_TEXT ? asm_here(a) : 0;
        for (unsigned i = 0; i < width; i++)
            b[i] = (uint8_t)((uint64_t)v.v >> (8 * i));
        if (!asm_emit(a, b, width, at))
            return false;
        /* a word in .text may be executed: give it a line too, so a trap
         * on it names its source line */
        if (width == 4 && !(pc & 3) && !asm_line_row(a, pc))
            return false;
    } while (asm_lex_is_punct(asm_lex_peek(lx), ',') && (asm_lex_next(lx), true));
    return asm_expect_eol(a, lx, "the values");
}

/* .ascii / .asciz / .string "s", ... */
static bool d_ascii(struct asm *a, struct asm_lexer *lx, const struct asm_tok *d,
                    const struct directive *dir)
{
    if (a->sec == ASM_SEC_BSS)
        return asm_emit(a, NULL, 0, d->s);
    do {
        struct asm_tok t = asm_lex_next(lx);
        if (t.kind != ASM_TOK_STRING) {
            if (t.kind == ASM_TOK_ERROR)
                asm_lex_error(a, &t);
            else
                asm_error(a, t.s, "%s expects a string in double quotes", dir->name);
            return false;
        }
        char buf[ASM_MAX_LINE + 1];
        size_t n = asm_lex_string(&t, buf);
        if (dir->arg)
            buf[n++] = '\0';
        if (!asm_emit(a, (const uint8_t *)buf, (uint32_t)n, t.s))
            return false;
    } while (asm_lex_is_punct(asm_lex_peek(lx), ',') && (asm_lex_next(lx), true));
    return asm_expect_eol(a, lx, "the string");
}

/* .space / .skip n[, fill] */
static bool d_space(struct asm *a, struct asm_lexer *lx, const struct asm_tok *d,
                    const struct directive *dir)
{
    (void)d;
    const char *at = asm_lex_peek(lx)->s;
    struct asm_value n, fill = { 0, ASM_ABS, true };
    if (!asm_expr(a, lx, &n))
        return false;
    const char *fill_at = NULL;
    if (asm_lex_is_punct(asm_lex_peek(lx), ',')) {
        asm_lex_next(lx);
        fill_at = asm_lex_peek(lx)->s;
        if (!asm_expr(a, lx, &fill))
            return false;
    }
    if (!asm_expect_eol(a, lx, "the operands") || !asm_need_known(a, &n, at, "the size"))
        return false;
    if (n.v < 0 || n.v > ASM_MAX_OUTPUT) {
        asm_error(a, at, "%s size %lld is out of range (0..%d)", dir->name, (long long)n.v,
                  ASM_MAX_OUTPUT);
        return false;
    }
    if (fill_at && !known2(a, &fill, fill_at))
        return false;
    if (a->pass == 2 && (fill.v < -128 || fill.v > 255)) {
        asm_error(a, fill_at, "fill value %lld is out of range (-128..255)", (long long)fill.v);
        return false;
    }
    if (a->pass == 2 && fill.v != 0 && a->sec == ASM_SEC_BSS) {
        asm_error(a, fill_at, "data in .bss (a .space fill there must be 0)");
        return false;
    }
    struct asm_section *s = &a->secs[a->sec];
    uint32_t off = s->off;
    if (!asm_advance(a, (uint64_t)n.v, at))
        return false;
    if (a->pass == 2 && s->data && fill.v != 0 && off + (uint64_t)n.v <= s->size)
        memset(s->data + off, (int)(fill.v & 0xFF), (size_t)n.v);   /* (else: already 0) */
    return true;
}

/* .align n (to 2^n bytes) / .balign n (to n bytes) */
static bool d_align(struct asm *a, struct asm_lexer *lx, const struct asm_tok *d,
                    const struct directive *dir)
{
    (void)d;
    const char *at = asm_lex_peek(lx)->s;
    struct asm_value v;
    if (!asm_expr(a, lx, &v) || !asm_expect_eol(a, lx, "the alignment") ||
        !asm_need_known(a, &v, at, "the alignment"))
        return false;
    uint64_t al;
    if (dir->arg == 0) {
        if (v.v < 0 || v.v > 16) {
            asm_error(a, at, ".align %lld: the exponent must be 0..16 (.align n pads to "
                      "2^n bytes)", (long long)v.v);
            return false;
        }
        al = (uint64_t)1 << v.v;
    } else {
        if (v.v < 1 || v.v > 65536 || (v.v & (v.v - 1))) {
            asm_error(a, at, ".balign %lld: the alignment must be a power of two, 1..65536",
                      (long long)v.v);
            return false;
        }
        al = (uint64_t)v.v;
    }
    struct asm_section *s = &a->secs[a->sec];
    if (al > s->align)
        s->align = (uint32_t)al;
    /* Without a known start, align the offset: layout starts the section at
     * a multiple of its largest alignment, so that is the same thing. */
    uint64_t addr = (s->base_known ? s->base : 0) + (uint64_t)s->off;
    s->pinned = true;
    return asm_advance(a, (addr + al - 1) / al * al - addr, at);
}

static bool d_equ(struct asm *a, struct asm_lexer *lx, const struct asm_tok *d,
                  const struct directive *dir)
{
    struct asm_tok name = asm_lex_next(lx);
    if (name.kind != ASM_TOK_IDENT) {
        if (name.kind == ASM_TOK_ERROR)
            asm_lex_error(a, &name);
        else
            asm_error(a, name.s, "%s expects a symbol name, then ',' and a value", dir->name);
        return false;
    }
    struct asm_tok comma = asm_lex_next(lx);
    if (!asm_lex_is_punct(&comma, ',')) {
        asm_error(a, comma.s, "expected ',' after the name in %.*s", (int)d->len, d->s);
        return false;
    }
    return define_constant(a, lx, &name, (enum asm_symkind)dir->arg);
}

static bool d_global(struct asm *a, struct asm_lexer *lx, const struct asm_tok *d,
                     const struct directive *dir)
{
    (void)d;
    do {
        struct asm_tok t = asm_lex_next(lx);
        if (t.kind != ASM_TOK_IDENT) {
            asm_error(a, t.s, "%s expects symbol names separated by commas", dir->name);
            return false;
        }
        if (!check_name(a, &t, "a symbol"))
            return false;
        struct asm_sym *s = asm_sym_get(a, t.s, t.len, NULL);
        if (!s)
            return false;
        if (a->pass == 1 && !s->global) {
            s->global = true;
            s->global_line = a->cur;
            s->global_col = asm_col(a, t.s);
        } else if (a->pass == 2 && s->kind == ASM_SYM_NONE && s->global_line == a->cur &&
                   s->global_col == asm_col(a, t.s)) {
            asm_error(a, t.s, "'%s' is declared %s but never defined", s->name, dir->name);
        }
    } while (asm_lex_is_punct(asm_lex_peek(lx), ',') && (asm_lex_next(lx), true));
    return asm_expect_eol(a, lx, "the names");
}

/* .org ADDR: see SPEC.md; an empty section gets ADDR as its start. */
static bool d_org(struct asm *a, struct asm_lexer *lx, const struct asm_tok *d,
                  const struct directive *dir)
{
    (void)d;
    (void)dir;
    const char *at = asm_lex_peek(lx)->s;
    struct asm_value v;
    if (!asm_expr(a, lx, &v) || !asm_expect_eol(a, lx, "the address"))
        return false;
    struct asm_section *s = &a->secs[a->sec];
    struct asm_line *ln = &a->lines[a->cur];
    int64_t target;
    if (a->pass == 1) {
        if (!v.known || (v.sec != ASM_ABS && v.sec != a->sec))
            ln->p1_flag = ASM_P1_UNKNOWN;
        else if (v.sec == ASM_ABS && !s->base_known && s->pinned)
            ln->p1_flag = ASM_P1_NEEDBASE;
    }
    if (ln->p1_flag == ASM_P1_UNKNOWN)
        return asm_need_known(a, &v, at, "the .org address");
    if (ln->p1_flag == ASM_P1_NEEDBASE) {
        asm_error(a, at, ".org to an absolute address in %s needs the start of %s: put a "
                  ".org before anything else in %s", s->name, s->name, s->name);
        return false;
    }
    if (v.sec == ASM_ABS && (v.v < 0 || v.v > 0xFFFFFFFFLL)) {
        asm_error(a, at, ".org address %lld is outside the 32-bit address space", (long long)v.v);
        return false;
    }
    if (a->pass == 1 && v.sec == ASM_ABS && !s->pinned) {
        s->base = (uint32_t)v.v;                  /* still empty: this is its start */
        s->base_known = true;
        s->org_line = a->cur;
        s->pinned = true;
        return true;
    }
    if (a->pass == 2 && s->org_line == a->cur)
        return true;
    target = v.sec == ASM_ABS ? v.v - (int64_t)s->base : v.v;
    if (target < (int64_t)s->off) {
        asm_error(a, at, ".org 0x%llx would move backwards (the location is already 0x%llx)",
                  (unsigned long long)(target + (s->base_known ? s->base : 0)),
                  (unsigned long long)((s->base_known ? s->base : 0) + (uint64_t)s->off));
        return false;
    }
    return asm_advance(a, (uint64_t)(target - s->off), at);
}

static const struct directive directives[] = {
    { ".text",   d_section, ASM_SEC_TEXT },
    { ".data",   d_section, ASM_SEC_DATA },
    { ".bss",    d_section, ASM_SEC_BSS },
    { ".word",   d_data,    4 },
    { ".half",   d_data,    2 },
    { ".byte",   d_data,    1 },
    { ".ascii",  d_ascii,   0 },
    { ".asciz",  d_ascii,   1 },
    { ".string", d_ascii,   1 },
    { ".space",  d_space,   0 },
    { ".skip",   d_space,   0 },
    { ".align",  d_align,   0 },
    { ".balign", d_align,   1 },
    { ".equ",    d_equ,     ASM_SYM_EQU },
    { ".set",    d_equ,     ASM_SYM_SET },
    { ".global", d_global,  0 },
    { ".globl",  d_global,  0 },
    { ".org",    d_org,     0 },
};
/* .include, .macro and .endm are handled by the reader (asm_read.c). */

static void directive(struct asm *a, struct asm_lexer *lx, const struct asm_tok *d)
{
    const struct directive *best = NULL;
    unsigned best_dist = 3;
    char word[32];
    for (size_t i = 0; i < sizeof directives / sizeof directives[0]; i++) {
        const struct directive *dir = &directives[i];
        if (strlen(dir->name) == d->len && strncasecmp(dir->name, d->s, d->len) == 0) {
            dir->fn(a, lx, d, dir);
            return;
        }
        if (d->len < sizeof word && a->pass == 2 && !a->stop) {   /* for a suggestion */
            memcpy(word, d->s, d->len);
            word[d->len] = '\0';
            unsigned dist = asm_edit_distance(word, dir->name);
            if (dist < best_dist) {
                best_dist = dist;
                best = dir;
            }
        }
    }
    if (best)
        asm_error(a, d->s, "unknown directive '%.*s' (did you mean '%s'?)", (int)d->len, d->s,
                  best->name);
    else
        asm_error(a, d->s, "unknown directive '%.*s'", (int)(d->len > 40 ? 40 : d->len), d->s);
}

/* ---- The statement -------------------------------------------------------------- */

void asm_statement(struct asm *a)
{
    struct asm_lexer lx;
    asm_lex_init(&lx, a->lines[a->cur].text);
    for (;;) {                                    /* labels: "name:" and "1:" */
        const struct asm_tok *t = asm_lex_peek(&lx);
        if (t->kind != ASM_TOK_IDENT && !(t->kind == ASM_TOK_NUM && t->plain))
            break;
        struct asm_lexer save = lx;
        struct asm_tok name = asm_lex_next(&lx);
        if (!asm_lex_is_punct(asm_lex_peek(&lx), ':')) {
            lx = save;
            break;
        }
        asm_lex_next(&lx);
        define_label(a, &name);
    }
    a->dot = (struct asm_value){ a->secs[a->sec].off, a->sec, true };
    asm_normalize(a, &a->dot);

    struct asm_tok t = asm_lex_next(&lx);
    switch (t.kind) {
    case ASM_TOK_EOL:
        return;
    case ASM_TOK_IDENT:
        if (asm_lex_is_punct(asm_lex_peek(&lx), '=')) {
            asm_lex_next(&lx);
            define_constant(a, &lx, &t, ASM_SYM_SET);
        } else if (t.s[0] == '.') {
            directive(a, &lx, &t);
        } else {
            asm_instruction(a, &lx, &t);
        }
        return;
    case ASM_TOK_ERROR:
        asm_lex_error(a, &t);
        return;
    case ASM_TOK_NUM:
    case ASM_TOK_LOCAL:
    case ASM_TOK_STRING:
    case ASM_TOK_PUNCT:
        asm_error(a, t.s, "expected a label, an instruction or a directive, got '%.*s'",
                  (int)(t.len > 40 ? 40 : t.len), t.s);
        return;
    }
}
