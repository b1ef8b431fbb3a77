/*
 * dbg_expr.c - the debugger's expression language, numbers and the x/NFU
 * format letters.
 *
 * Owns: parsing and evaluating expressions such as `$a0 + 4`,
 * `*($sp + 8)`, `{b}buf + 3`, `loop - _start`.  Pure: names and memory
 * come from a struct dbg_expr_env, so the evaluator is unit-tested without
 * a machine and can never change one.  Must not know about commands.
 *
 * Grammar (C's precedence, lowest first):
 *   expr    := lor
 *   lor     := land  { "||" land }
 *   land    := bor   { "&&" bor }
 *   bor     := bxor  { "|" bxor }          bxor := band { "^" band }
 *   band    := eq    { "&" eq }            eq   := rel { ("=="|"!=") rel }
 *   rel     := shift { ("<"|">"|"<="|">=") shift }       (signed)
 *   shift   := add   { ("<<"|">>") add }                  (>> logical)
 *   add     := mul   { ("+"|"-") mul }     mul  := unary { ("*"|"/"|"%") unary }
 *   unary   := ("-"|"~"|"!"|"+"|"*") unary | "{" size "}" unary | primary
 *   primary := number | 'c' | $name | symbol | "(" expr ")"
 * Values are 32-bit and wrap, as on the machine.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/dbg.h"

#define EXPR_DEPTH 64          /* nesting limit: hostile input cannot recurse deep */

struct parser {
    const struct dbg_expr_env *env;
    const char *s, *p;
    char *err;
    size_t errlen;
    bool failed;
    int depth;
};

static bool expr_fail(struct parser *ps, const char *fmt, ...) DBG_PRINTF(2, 3);
static bool expr_fail(struct parser *ps, const char *fmt, ...)
{
    if (!ps->failed) {
        ps->failed = true;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ps->err, ps->errlen, fmt, ap);
        va_end(ap);
    }
    return false;
}

static void skip_ws(struct parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t')
        ps->p++;
}

/* Does the input continue with op (and not a longer operator)? */
static bool accept(struct parser *ps, const char *op)
{
    skip_ws(ps);
    size_t n = strlen(op);
    if (strncmp(ps->p, op, n) != 0)
        return false;
    /* "<" must not take the first char of "<<" or "<="; likewise others */
    if (n == 1 && (op[0] == '<' || op[0] == '>') && (ps->p[1] == op[0] || ps->p[1] == '='))
        return false;
    if (n == 1 && (op[0] == '&' || op[0] == '|') && ps->p[1] == op[0])
        return false;
    if (n == 1 && op[0] == '!' && ps->p[1] == '=')
        return false;
    ps->p += n;
    return true;
}

static bool ident_start(int c) { return isalpha(c) || c == '_' || c == '.'; }
static bool ident_char(int c) { return isalnum(c) || c == '_' || c == '.' || c == '$'; }

bool dbg_parse_number(const char *s, uint32_t *out)
{
    if (!s || !isdigit((unsigned char)*s))
        return false;
    unsigned base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    } else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
        base = 2;
        s += 2;
    }
    uint64_t v = 0;
    size_t digits = 0;
    for (; *s; s++, digits++) {
        int c = tolower((unsigned char)*s), dv;
        if (c == '_' && digits)
            continue;                  /* 0x1000_0000 */
        if (isdigit(c))
            dv = c - '0';
        else if (c >= 'a' && c <= 'f')
            dv = c - 'a' + 10;
        else
            return false;
        if ((unsigned)dv >= base)
            return false;
        v = v * base + (unsigned)dv;
        if (v > 0xFFFFFFFFu)
            return false;
    }
    if (!digits)
        return false;
    *out = (uint32_t)v;
    return true;
}

static bool parse_expr(struct parser *ps, uint32_t *v);

static bool parse_char(struct parser *ps, uint32_t *v)
{
    const char *p = ps->p + 1;        /* after the opening quote */
    int c = (unsigned char)*p;
    if (c == '\\') {
        p++;
        switch (*p) {
        case 'n': c = '\n'; break;
        case 't': c = '\t'; break;
        case 'r': c = '\r'; break;
        case '0': c = 0; break;
        case '\\': c = '\\'; break;
        case '\'': c = '\''; break;
        case '"': c = '"'; break;
        case 'x':
            if (isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
                char hex[3] = { p[1], p[2], 0 };
                c = (int)strtol(hex, NULL, 16);
                p += 2;
                break;
            }
            return expr_fail(ps, "bad character escape in %s", ps->p);
        default:
            return expr_fail(ps, "bad character escape in %s", ps->p);
        }
    } else if (c == 0 || c == '\'') {
        return expr_fail(ps, "empty character constant at %s", ps->p);
    }
    if (p[1] != '\'')
        return expr_fail(ps, "unterminated character constant at %s", ps->p);
    ps->p = p + 2;
    *v = (uint32_t)c;
    return true;
}

static bool parse_name(struct parser *ps, char *name, size_t cap)
{
    size_t n = 0;
    while (ident_char((unsigned char)ps->p[n]))
        n++;
    if (n == 0 || n >= cap)
        return expr_fail(ps, n ? "name too long at %.40s" : "expected a name at '%s'", ps->p);
    memcpy(name, ps->p, n);
    name[n] = '\0';
    ps->p += n;
    return true;
}

static bool parse_primary(struct parser *ps, uint32_t *v)
{
    skip_ws(ps);
    char name[128];
    const char *at = ps->p;
    if (isdigit((unsigned char)*at)) {
        size_t n = 0;
        while (isalnum((unsigned char)at[n]) || at[n] == '_')
            n++;
        if (n >= sizeof name)
            return expr_fail(ps, "number too long: %.40s...", at);
        memcpy(name, at, n);
        name[n] = '\0';
        if (!dbg_parse_number(name, v))
            return expr_fail(ps, "bad number '%s' (decimal, 0x hex or 0b binary, at most 32 bits)", name);
        ps->p += n;
        return true;
    }
    if (*at == '\'')
        return parse_char(ps, v);
    if (*at == '(') {
        ps->p++;
        if (!parse_expr(ps, v))
            return false;
        if (!accept(ps, ")"))
            return *ps->p ? expr_fail(ps, "missing ')' before '%s'", ps->p)
                          : expr_fail(ps, "missing ')' at the end");
        return true;
    }
    if (*at == '$') {
        ps->p++;
        if (*ps->p == '$' || !ident_char((unsigned char)*ps->p)) {   /* $ or $$ */
            size_t n = *ps->p == '$' ? 2 : 1;
            memcpy(name, at + 1, n - 1);
            name[n - 1] = '\0';
            ps->p = at + n;
        } else if (!parse_name(ps, name, sizeof name)) {
            return false;
        }
        if (!ps->env->var || !ps->env->var(ps->env->ctx, name, v)) {
            char shown[140];
            snprintf(shown, sizeof shown, "$%s", name);
            return expr_fail(ps, "no register or variable '%s' (try: info registers, info cr)", shown);
        }
        return true;
    }
    if (ident_start((unsigned char)*at)) {
        if (!parse_name(ps, name, sizeof name))
            return false;
        if (ps->env->sym && ps->env->sym(ps->env->ctx, name, v))
            return true;
        if (isa_reg_lookup(name) >= 0 || strcmp(name, "pc") == 0 || isa_cr_lookup(name) >= 0) {
            return expr_fail(ps, "no symbol '%s' (registers are written $%s)", name, name);
        }
        return expr_fail(ps, "no symbol '%s' in the program", name);
    }
    if (*at == '\0')
        return expr_fail(ps, "expected an operand at the end");
    return expr_fail(ps, "expected an operand at '%s'", at);
}

static bool read_mem(struct parser *ps, uint32_t addr, unsigned size, uint32_t *v)
{
    char err[200];
    if (!ps->env->mem)
        return expr_fail(ps, "cannot read memory here");
    if (!ps->env->mem(ps->env->ctx, addr, size, v, err, sizeof err))
        return expr_fail(ps, "%s", err);
    return true;
}

static bool parse_unary(struct parser *ps, uint32_t *v)
{
    if (++ps->depth > EXPR_DEPTH)
        return expr_fail(ps, "expression nested too deeply");
    bool ok;
    skip_ws(ps);
    char c = *ps->p;
    if (c == '-' || c == '~' || c == '!' || c == '+' || c == '*') {
        ps->p++;
        ok = parse_unary(ps, v);
        if (ok) {
            if (c == '-') *v = 0u - *v;
            else if (c == '~') *v = ~*v;
            else if (c == '!') *v = !*v;
            else if (c == '*') ok = read_mem(ps, *v, 4, v);
        }
    } else if (c == '{') {
        const char *close = strchr(ps->p, '}');
        size_t n = close ? (size_t)(close - ps->p - 1) : 0;
        unsigned size = 0;
        if (close && ((n == 1 && ps->p[1] == 'b') || (n == 4 && !strncmp(ps->p + 1, "char", 4))))
            size = 1;
        else if (close && ((n == 1 && ps->p[1] == 'h') || (n == 5 && !strncmp(ps->p + 1, "short", 5))))
            size = 2;
        else if (close && ((n == 1 && ps->p[1] == 'w') || (n == 3 && !strncmp(ps->p + 1, "int", 3))))
            size = 4;
        if (!size) {
            ps->depth--;
            return expr_fail(ps, "expected {b}, {h} or {w} at '%s'", ps->p);
        }
        ps->p = close + 1;
        ok = parse_unary(ps, v) && read_mem(ps, *v, size, v);
    } else {
        ok = parse_primary(ps, v);
    }
    ps->depth--;
    return ok;
}

/* Binary levels, table-driven: each level lists its operators. */
enum bop { B_OR, B_AND, B_BOR, B_BXOR, B_BAND, B_EQ, B_NE, B_LT, B_GT, B_LE, B_GE,
           B_SHL, B_SHR, B_ADD, B_SUB, B_MUL, B_DIV, B_MOD };
static const struct level {
    const char *ops[4];
    enum bop codes[4];
} levels[] = {
    { { "||" }, { B_OR } },
    { { "&&" }, { B_AND } },
    { { "|" }, { B_BOR } },
    { { "^" }, { B_BXOR } },
    { { "&" }, { B_BAND } },
    { { "==", "!=" }, { B_EQ, B_NE } },
    { { "<=", ">=", "<", ">" }, { B_LE, B_GE, B_LT, B_GT } },
    { { "<<", ">>" }, { B_SHL, B_SHR } },
    { { "+", "-" }, { B_ADD, B_SUB } },
    { { "*", "/", "%" }, { B_MUL, B_DIV, B_MOD } },
};
#define NLEVELS (sizeof levels / sizeof levels[0])

static bool apply(struct parser *ps, enum bop op, uint32_t a, uint32_t b, uint32_t *r)
{
    int32_t sa = (int32_t)a, sb = (int32_t)b;
    switch (op) {
    case B_OR:   *r = a || b; break;
    case B_AND:  *r = a && b; break;
    case B_BOR:  *r = a | b; break;
    case B_BXOR: *r = a ^ b; break;
    case B_BAND: *r = a & b; break;
    case B_EQ:   *r = a == b; break;
    case B_NE:   *r = a != b; break;
    case B_LT:   *r = sa < sb; break;
    case B_GT:   *r = sa > sb; break;
    case B_LE:   *r = sa <= sb; break;
    case B_GE:   *r = sa >= sb; break;
    case B_SHL:  *r = b > 31 ? 0 : a << b; break;
    case B_SHR:  *r = b > 31 ? 0 : a >> b; break;
    case B_ADD:  *r = a + b; break;
    case B_SUB:  *r = a - b; break;
    case B_MUL:  *r = a * b; break;
    case B_DIV:
    case B_MOD:
        if (b == 0)
            return expr_fail(ps, "division by zero");
        if (a == 0x80000000u && sb == -1)
            *r = op == B_DIV ? a : 0;  /* as the machine: INT_MIN / -1 = INT_MIN */
        else
            *r = op == B_DIV ? (uint32_t)(sa / sb) : (uint32_t)(sa % sb);
        break;
    }
    return true;
}

static bool parse_level(struct parser *ps, size_t lvl, uint32_t *v)
{
    if (lvl == NLEVELS)
        return parse_unary(ps, v);
    if (!parse_level(ps, lvl + 1, v))
        return false;
    for (;;) {
        const struct level *L = &levels[lvl];
        int hit = -1;
        for (int i = 0; i < 4 && L->ops[i]; i++)
            if (accept(ps, L->ops[i])) {
                hit = i;
                break;
            }
        if (hit < 0)
            return true;
        uint32_t rhs;
        if (!parse_level(ps, lvl + 1, &rhs) || !apply(ps, L->codes[hit], *v, rhs, v))
            return false;
    }
}

static bool parse_expr(struct parser *ps, uint32_t *v)
{
    if (++ps->depth > EXPR_DEPTH)
        return expr_fail(ps, "expression nested too deeply");
    bool ok = parse_level(ps, 0, v);
    ps->depth--;
    return ok;
}

bool dbg_expr_eval(const struct dbg_expr_env *env, const char *text, uint32_t *out,
                   char *err, size_t errlen)
{
    struct parser ps = { env, text, text, err, errlen, false, 0 };
    if (errlen)
        err[0] = '\0';
    if (strlen(text) > DBG_EXPR_MAX)
        return expr_fail(&ps, "expression too long (more than %d characters)", DBG_EXPR_MAX);
    skip_ws(&ps);
    if (!*ps.p)
        return expr_fail(&ps, "expected an expression");
    uint32_t v;
    if (!parse_expr(&ps, &v))
        return false;
    skip_ws(&ps);
    if (*ps.p)
        return expr_fail(&ps, "unexpected '%s' after the expression", ps.p);
    *out = v;
    return true;
}

/* ---- x/NFU -------------------------------------------------------------- */

bool dbg_parse_xfmt(const char *s, struct dbg_xfmt *out, char *err, size_t errlen)
{
    struct dbg_xfmt copy = *out, *f = &copy;   /* *out changes only on success */
    if (isdigit((unsigned char)*s)) {
        uint64_t n = 0;
        while (isdigit((unsigned char)*s)) {
            n = n * 10 + (uint64_t)(*s++ - '0');
            if (n > DBG_X_MAX) {
                snprintf(err, errlen, "count too large (at most %u units at a time)", DBG_X_MAX);
                return false;
            }
        }
        if (n == 0) {
            snprintf(err, errlen, "count must be at least 1");
            return false;
        }
        f->count = (uint32_t)n;
    }
    for (; *s; s++) {
        char c = *s;
        if (strchr("xduotcais", c)) {
            f->fmt = c;
        } else if (c == 'b') {
            f->size = 1;
        } else if (c == 'h') {
            f->size = 2;
        } else if (c == 'w') {
            f->size = 4;
        } else if (c == 'g') {
            snprintf(err, errlen, "unit 'g' (8 bytes) is not supported: SM32 words are 4 bytes (b h w)");
            return false;
        } else {
            snprintf(err, errlen, "unknown format letter '%c' (formats: x d u o t c a i s; units: b h w)",
                     isprint((unsigned char)c) ? c : '?');
            return false;
        }
    }
    *out = copy;
    return true;
}
