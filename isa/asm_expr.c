/*
 * asm_expr.c - expressions, the symbol table and numeric local labels.
 *
 * Owns: evaluating an expression to a struct asm_value, symbols (labels,
 * .equ/.set constants, .global marks), numeric labels (1: ... 1b / 1f), and
 * the little hash table they use.  Must not emit bytes or know about
 * instructions or directives.
 *
 * Grammar (C precedence, all operators left-associative):
 *
 *   expr    := unary { binop unary }       binop: * / %  >  + -  >  << >>
 *   unary   := ('-' | '~' | '+' | '!') unary | primary       >  &  >  ^  >  |
 *   primary := number | 'c' | symbol | '.' | 1b | 1f | '(' expr ')'
 *            | %hi '(' expr ')' | %lo '(' expr ')'
 *
 * Arithmetic is done in 64 bits and wraps (never C undefined behaviour).
 *
 * Pass 1 never fails on a value: a symbol not defined yet, a division by
 * zero, an address in a section whose start is not known yet all give an
 * "unknown" value, and the caller decides whether it needed one.  Pass 2
 * reports those as errors.  Only syntax errors fail in both passes, which
 * keeps the two passes taking the same path through every statement.
 *
 * A .equ whose value was unknown in pass 1 (it used a later symbol) is
 * evaluated lazily in pass 2 the first time something needs it, with its
 * own line and '.' restored; a chain that comes back to itself is reported
 * as a circular definition.
 */
#define SIMMON_ASM_INTERNAL
#include "asm.h"

#include <stdlib.h>
#include <string.h>

/* ---- Hash table: string -> uint32_t, open addressing ------------------ */

static size_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;            /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return (size_t)h;
}

long asm_htab_get(const struct asm_htab *h, const char *key, size_t len)
{
    if (h->cap == 0)
        return -1;
    for (size_t i = hash(key, len) & (h->cap - 1);; i = (i + 1) & (h->cap - 1)) {
        const struct asm_hslot *s = &h->slots[i];
        if (!s->key)
            return -1;
        if (s->len == len && memcmp(s->key, key, len) == 0)
            return (long)s->val;
    }
}

bool asm_htab_put(struct asm_htab *h, const char *key, size_t len, uint32_t val)
{
    if ((h->n + 1) * 2 > h->cap) {                /* keep it at most half full */
        size_t ncap = h->cap ? h->cap * 2 : 64;
        struct asm_hslot *ns = calloc(ncap, sizeof *ns);
        if (!ns)
            return false;
        for (size_t i = 0; i < h->cap; i++) {
            if (!h->slots[i].key)
                continue;
            size_t j = hash(h->slots[i].key, h->slots[i].len) & (ncap - 1);
            while (ns[j].key)
                j = (j + 1) & (ncap - 1);
            ns[j] = h->slots[i];
        }
        free(h->slots);
        h->slots = ns;
        h->cap = ncap;
    }
    size_t i = hash(key, len) & (h->cap - 1);
    while (h->slots[i].key)
        i = (i + 1) & (h->cap - 1);
    h->slots[i] = (struct asm_hslot){ key, len, val };
    h->n++;
    return true;
}

void asm_htab_free(struct asm_htab *h)
{
    free(h->slots);
    h->slots = NULL;
    h->cap = h->n = 0;
}

/* ---- Symbols ------------------------------------------------------------ */

struct asm_sym *asm_sym_find(struct asm *a, const char *name, size_t len)
{
    long i = asm_htab_get(&a->sym_tab, name, len);
    return i < 0 ? NULL : a->syms[i];
}

/* Find or create (as ASM_SYM_NONE).  NULL only when out of memory. */
struct asm_sym *asm_sym_get(struct asm *a, const char *name, size_t len, bool *created)
{
    struct asm_sym *s = asm_sym_find(a, name, len);
    if (created)
        *created = (s == NULL);
    if (s)
        return s;
    if (!asm_grow(a, (void **)&a->syms, &a->capsyms, a->nsyms + 1, sizeof *a->syms))
        return NULL;
    s = calloc(1, sizeof *s);
    if (!s || !(s->name = asm_strndup(a, name, len))) {
        free(s);
        asm_nomem(a);
        return NULL;
    }
    if (!asm_htab_put(&a->sym_tab, s->name, len, (uint32_t)a->nsyms)) {
        free(s->name);
        free(s);
        asm_nomem(a);
        return NULL;
    }
    s->val = (struct asm_value){ 0, ASM_ABS, false };
    a->syms[a->nsyms++] = s;
    return s;
}

void asm_symbols_free(struct asm *a)
{
    for (size_t i = 0; i < a->nsyms; i++) {
        free(a->syms[i]->name);
        free(a->syms[i]);
    }
    free(a->syms);
    asm_htab_free(&a->sym_tab);
    for (size_t i = 0; i < a->nlocals; i++) {
        free(a->locals[i]->key);
        free(a->locals[i]->defs);
        free(a->locals[i]);
    }
    free(a->locals);
    asm_htab_free(&a->local_tab);
}

bool asm_is_register_name(const char *s, size_t len)
{
    char buf[8];
    if (len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return isa_reg_lookup(buf) >= 0;
}

/* An address in a section whose start is known becomes absolute. */
void asm_normalize(const struct asm *a, struct asm_value *v)
{
    if (v->known && v->sec != ASM_ABS && a->secs[v->sec].base_known) {
        v->v += a->secs[v->sec].base;
        v->sec = ASM_ABS;
    }
}

/* ---- Numeric local labels ---------------------------------------------- */

static struct asm_local *local_find(struct asm *a, int64_t num, bool create)
{
    char key[24];
    int n = snprintf(key, sizeof key, "%lld", (long long)num);
    long i = asm_htab_get(&a->local_tab, key, (size_t)n);
    if (i >= 0)
        return a->locals[i];
    if (!create)
        return NULL;
    if (!asm_grow(a, (void **)&a->locals, &a->caplocals, a->nlocals + 1, sizeof *a->locals))
        return NULL;
    struct asm_local *l = calloc(1, sizeof *l);
    if (!l || !(l->key = asm_strndup(a, key, (size_t)n))) {
        free(l);
        asm_nomem(a);
        return NULL;
    }
    if (!asm_htab_put(&a->local_tab, l->key, (size_t)n, (uint32_t)a->nlocals)) {
        free(l->key);
        free(l);
        asm_nomem(a);
        return NULL;
    }
    a->locals[a->nlocals++] = l;
    return l;
}

/* "N:" at the current place.  Recorded in pass 1 only: pass 2 finds the
 * same definitions by line. */
bool asm_local_define(struct asm *a, int64_t num, const char *at)
{
    if (num > 0x7FFFFFFF) {
        asm_error(a, at, "local label number %lld is too large", (long long)num);
        return false;
    }
    if (a->pass != 1)
        return true;
    struct asm_local *l = local_find(a, num, true);
    if (!l || !asm_grow(a, (void **)&l->defs, &l->cap, l->n + 1, sizeof *l->defs))
        return false;
    l->defs[l->n++] = (struct asm_localdef){ a->cur, a->sec, a->secs[a->sec].off };
    a->secs[a->sec].pinned = true;
    return true;
}

/* 1b: the last definition on this line or before; 1f: the first after. */
static bool local_value(struct asm *a, const struct asm_tok *t, struct asm_value *v)
{
    struct asm_local *l = local_find(a, t->num, false);
    size_t lo = 0, hi = l ? l->n : 0;             /* first def with line > cur */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->defs[mid].line <= a->cur)
            lo = mid + 1;
        else
            hi = mid;
    }
    const struct asm_localdef *d = NULL;
    if (t->dir == 'b' && lo > 0)
        d = &l->defs[lo - 1];
    else if (t->dir == 'f' && l && lo < l->n)
        d = &l->defs[lo];
    if (!d) {
        v->known = false;
        if (a->pass == 1)
            return true;                          /* may be defined later */
        if (t->dir == 'b')
            asm_error(a, t->s, "local label %.*s: there is no '%lld:' before this line",
                      (int)t->len, t->s, (long long)t->num);
        else
            asm_error(a, t->s, "local label %.*s: there is no '%lld:' after this line",
                      (int)t->len, t->s, (long long)t->num);
        return false;
    }
    *v = (struct asm_value){ d->off, d->sec, true };
    asm_normalize(a, v);
    return true;
}

/* ---- Symbol values ------------------------------------------------------- */

/* A value error: in pass 1 the value just becomes unknown. */
static bool value_error(struct asm *a, struct asm_value *v, const char *at, const char *fmt, ...)
    ASM_PRINTF(4, 5);
static bool value_error(struct asm *a, struct asm_value *v, const char *at, const char *fmt, ...)
{
    v->known = false;
    if (a->pass == 1)
        return true;
    va_list ap;
    va_start(ap, fmt);
    asm_verror(a, at, fmt, ap);
    va_end(ap);
    return false;
}

/* Pass 2: compute a .equ/.set that pass 1 could not, from its own line. */
static bool lazy_value(struct asm *a, struct asm_sym *s)
{
    if (s->resolving) {
        a->lazy_cycle = true;                     /* came back to itself */
        return false;
    }
    if (s->failed || !s->expr || a->lazy_depth >= ASM_MAX_LAZY_DEPTH)
        return false;
    size_t saved_cur = a->cur;
    struct asm_value saved_dot = a->dot, v;
    bool saved_cycle = a->lazy_cycle;
    s->resolving = true;
    a->lazy_cycle = false;
    a->lazy_depth++;
    a->quiet++;
    a->cur = s->expr_line;
    a->dot = s->expr_dot;
    asm_normalize(a, &a->dot);
    struct asm_lexer lx;
    asm_lex_init(&lx, s->expr);
    bool ok = asm_expr(a, &lx, &v) && v.known && v.sec == ASM_ABS;
    a->cur = saved_cur;
    a->dot = saved_dot;
    a->quiet--;
    a->lazy_depth--;
    s->resolving = false;
    if (ok) {
        s->val = v;
    } else {
        s->failed = true;
        s->circular = a->lazy_cycle;
    }
    a->lazy_cycle = saved_cycle || a->lazy_cycle;
    return ok;
}

static bool symbol_value(struct asm *a, const struct asm_tok *t, struct asm_value *v)
{
    struct asm_sym *s = asm_sym_find(a, t->s, t->len);
    if (!s || s->kind == ASM_SYM_NONE)
        return value_error(a, v, t->s, "undefined symbol '%.*s'", (int)t->len, t->s);
    if (s->kind == ASM_SYM_LABEL || s->val.known) {
        *v = s->val;
        asm_normalize(a, v);
        return true;
    }
    if (a->pass == 1) {
        v->known = false;
        return true;
    }
    if (lazy_value(a, s)) {
        *v = s->val;
        return true;
    }
    char where[300];
    if (s->circular || s->resolving)
        return value_error(a, v, t->s, "circular definition: the value of '%s' depends on itself",
                           s->name);
    return value_error(a, v, t->s, "'%s' has no value: its definition at %s could not be computed",
                       s->name, asm_where(a, s->def_line, where, sizeof where));
}

/* ---- The evaluator -------------------------------------------------------- */

static bool parse_binary(struct asm *a, struct asm_lexer *lx, int minprec, struct asm_value *v);

static bool syntax_error_tok(struct asm *a, const struct asm_tok *t, const char *what)
{
    if (t->kind == ASM_TOK_ERROR)
        asm_lex_error(a, t);
    else if (t->kind == ASM_TOK_EOL)
        asm_error(a, t->s, "expected %s at the end of the line", what);
    else if (t->kind == ASM_TOK_STRING)
        asm_error(a, t->s, "expected %s, got a string", what);
    else
        asm_error(a, t->s, "expected %s, got '%.*s'", what, (int)(t->len > 40 ? 40 : t->len), t->s);
    return false;
}

static bool parse_primary(struct asm *a, struct asm_lexer *lx, struct asm_value *v)
{
    struct asm_tok t = asm_lex_next(lx);
    *v = (struct asm_value){ 0, ASM_ABS, true };
    switch (t.kind) {
    case ASM_TOK_NUM:
        v->v = t.num;
        return true;
    case ASM_TOK_LOCAL:
        return local_value(a, &t, v);
    case ASM_TOK_IDENT:
        if (t.len == 1 && t.s[0] == '.') {
            *v = a->dot;
            if (a->pass == 1 && a->quiet == 0)
                a->secs[a->sec].pinned = true;   /* see .org in asm_stmt.c */
            asm_normalize(a, v);
            return true;
        }
        if (asm_is_register_name(t.s, t.len)) {
            asm_error(a, t.s, "'%.*s' is a register; a number or a symbol is expected here",
                      (int)t.len, t.s);
            return false;
        }
        return symbol_value(a, &t, v);
    case ASM_TOK_PUNCT:
        if (t.punct == '(') {
            if (!parse_binary(a, lx, 1, v))
                return false;
            struct asm_tok c = asm_lex_next(lx);
            if (!asm_lex_is_punct(&c, ')'))
                return syntax_error_tok(a, &c, "')'");
            return true;
        }
        if (t.punct == '%') {                     /* %hi(e) or %lo(e) */
            struct asm_tok f = asm_lex_next(lx);
            bool hi = f.kind == ASM_TOK_IDENT && f.len == 2 && (f.s[0] | 32) == 'h' && (f.s[1] | 32) == 'i';
            bool lo = f.kind == ASM_TOK_IDENT && f.len == 2 && (f.s[0] | 32) == 'l' && (f.s[1] | 32) == 'o';
            if (!hi && !lo)
                return syntax_error_tok(a, &f, "'hi' or 'lo' after '%' (as in %hi(x), %lo(x))");
            struct asm_tok o = asm_lex_next(lx);
            if (!asm_lex_is_punct(&o, '('))
                return syntax_error_tok(a, &o, "'(' after %hi or %lo");
            if (!parse_binary(a, lx, 1, v))
                return false;
            struct asm_tok c = asm_lex_next(lx);
            if (!asm_lex_is_punct(&c, ')'))
                return syntax_error_tok(a, &c, "')'");
            if (!v->known || v->sec != ASM_ABS) {
                v->known = false;
                return true;
            }
            v->v = hi ? (int64_t)(((uint64_t)v->v >> 16) & 0xFFFF) : (int64_t)((uint64_t)v->v & 0xFFFF);
            return true;
        }
        return syntax_error_tok(a, &t, "an expression");
    case ASM_TOK_EOL:
    case ASM_TOK_STRING:
    case ASM_TOK_ERROR:
        return syntax_error_tok(a, &t, "an expression");
    }
    return false;
}

static bool parse_unary(struct asm *a, struct asm_lexer *lx, struct asm_value *v)
{
    const struct asm_tok *t = asm_lex_peek(lx);
    if (t->kind != ASM_TOK_PUNCT || t->punct > 255 || t->punct == 0 || !strchr("-~+!(", t->punct))
        return parse_primary(a, lx, v);
    if (++a->expr_depth > ASM_MAX_EXPR_DEPTH) {
        a->expr_depth--;
        asm_error(a, t->s, "expression is nested too deeply");
        return false;
    }
    bool ok;
    if (t->punct == '(') {
        ok = parse_primary(a, lx, v);
    } else {
        struct asm_tok op = asm_lex_next(lx);
        ok = parse_unary(a, lx, v);
        if (ok && v->known && !(op.punct == '+')) {
            if (v->sec != ASM_ABS)
                v->known = false;                 /* -address: not a number yet */
            else if (op.punct == '-')
                v->v = (int64_t)(0 - (uint64_t)v->v);
            else if (op.punct == '~')
                v->v = ~v->v;
            else
                v->v = !v->v;
        }
    }
    a->expr_depth--;
    return ok;
}

static int precedence(const struct asm_tok *t)
{
    if (t->kind != ASM_TOK_PUNCT)
        return 0;
    switch (t->punct) {
    case '*': case '/': case '%':            return 6;
    case '+': case '-':                      return 5;
    case ASM_PUNCT_SHL: case ASM_PUNCT_SHR:  return 4;
    case '&':                                return 3;
    case '^':                                return 2;
    case '|':                                return 1;
    default:                                 return 0;
    }
}

/* l = l op r, following the rules for section-relative values above. */
static bool apply(struct asm *a, const struct asm_tok *op, struct asm_value *l,
                  const struct asm_value *r)
{
    if (!l->known || !r->known) {
        l->known = false;
        return true;
    }
    int p = op->punct;
    if (l->sec != ASM_ABS || r->sec != ASM_ABS) {
        if (p == '+' && (l->sec == ASM_ABS) != (r->sec == ASM_ABS)) {
            l->sec = l->sec == ASM_ABS ? r->sec : l->sec;    /* address + number */
            l->v = (int64_t)((uint64_t)l->v + (uint64_t)r->v);
        } else if (p == '-' && r->sec == ASM_ABS) {         /* address - number */
            l->v = (int64_t)((uint64_t)l->v - (uint64_t)r->v);
        } else if (p == '-' && l->sec == r->sec) {          /* address - address */
            l->v = (int64_t)((uint64_t)l->v - (uint64_t)r->v);
            l->sec = ASM_ABS;
        } else {
            l->known = false;
        }
        return true;
    }
    uint64_t x = (uint64_t)l->v, y = (uint64_t)r->v;
    switch (p) {
    case '+': l->v = (int64_t)(x + y); break;
    case '-': l->v = (int64_t)(x - y); break;
    case '*': l->v = (int64_t)(x * y); break;
    case '/':
    case '%':
        if (r->v == 0)
            return value_error(a, l, op->s, "division by zero");
        if (r->v == -1)                           /* INT64_MIN / -1 overflows in C */
            l->v = p == '/' ? (int64_t)(0 - x) : 0;
        else
            l->v = p == '/' ? l->v / r->v : l->v % r->v;
        break;
    case ASM_PUNCT_SHL:
    case ASM_PUNCT_SHR:
        if (r->v < 0 || r->v > 63)
            return value_error(a, l, op->s, "shift count %lld is out of range (0..63)",
                               (long long)r->v);
        if (p == ASM_PUNCT_SHL)
            l->v = (int64_t)(x << r->v);
        else                                      /* arithmetic, written out */
            l->v = l->v >= 0 ? (int64_t)(x >> r->v) : (int64_t)~(~x >> r->v);
        break;
    case '&': l->v = (int64_t)(x & y); break;
    case '^': l->v = (int64_t)(x ^ y); break;
    case '|': l->v = (int64_t)(x | y); break;
    default:  break;
    }
    return true;
}

static bool parse_binary(struct asm *a, struct asm_lexer *lx, int minprec, struct asm_value *v)
{
    if (!parse_unary(a, lx, v))
        return false;
    for (;;) {
        const struct asm_tok *t = asm_lex_peek(lx);
        int p = precedence(t);
        if (p == 0 || p < minprec)
            return true;
        struct asm_tok op = asm_lex_next(lx);
        struct asm_value r;
        if (!parse_binary(a, lx, p + 1, &r))
            return false;
        if (!apply(a, &op, v, &r))
            return false;
    }
}

/* Parse one expression from lx.  False on an error (reported in pass 2);
 * true with v->known false when pass 1 cannot know the value yet. */
bool asm_expr(struct asm *a, struct asm_lexer *lx, struct asm_value *v)
{
    if (!parse_binary(a, lx, 1, v))
        return false;
    asm_normalize(a, v);
    return true;
}
