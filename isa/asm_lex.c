/*
 * asm_lex.c - the assembler's lexer: one source line in, tokens out.
 *
 * Owns: what a token is (identifiers, numbers, character literals, strings,
 * punctuation, numeric-label references like 1b/1f) and where comments
 * start.  Must not know about symbols, sections or instructions.
 *
 * The lexer never fails hard: a malformed token comes back as an
 * ASM_TOK_ERROR token that says what is wrong and where, and the caller
 * reports it (asm_lex_error in asm.c) in the right pass.
 *
 * Numbers:   42   0x2A   0b101010   'A'   '\n'   '\x41'
 * Local refs: 1b (nearest "1:" before) and 1f (nearest after).  "0b"
 * followed by a binary digit is a binary number, otherwise "0b" is the
 * reference to local label 0 backwards.
 * Comments:  from '#' or "//" to the end of the line.
 */
#define SIMMON_ASM_INTERNAL
#include "asm.h"

#include <stdint.h>
#include <string.h>

bool asm_ident_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '$';
}

bool asm_ident_char(int c)
{
    return asm_ident_start(c) || (c >= '0' && c <= '9');
}

static int digit_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 99;
}

void asm_lex_init(struct asm_lexer *lx, const char *line)
{
    lx->line = line;
    lx->p = line;
    lx->has_peek = false;
}

/* One escape sequence; p points just after the backslash.  Returns the
 * byte and sets *used to the characters consumed, or -1 if it is bad. */
static int escape(const char *p, size_t *used)
{
    *used = 1;
    switch (*p) {
    case 'n':  return '\n';
    case 't':  return '\t';
    case 'r':  return '\r';
    case '0':  return '\0';
    case '\\': return '\\';
    case '\'': return '\'';
    case '"':  return '"';
    case 'x':
        if (digit_value((unsigned char)p[1]) < 16 && digit_value((unsigned char)p[2]) < 16) {
            *used = 3;
            return digit_value((unsigned char)p[1]) * 16 + digit_value((unsigned char)p[2]);
        }
        return -1;
    default:
        return -1;
    }
}

static struct asm_tok error_tok(const char *start, const char *at, size_t len,
                                enum asm_lex_err err)
{
    struct asm_tok t = { .kind = ASM_TOK_ERROR, .s = start, .len = len,
                         .err = err, .err_at = at };
    return t;
}

/* "..." : check escapes now so that decoding later cannot fail. */
static struct asm_tok lex_string(struct asm_lexer *lx)
{
    const char *start = lx->p, *p = start + 1;
    for (;;) {
        if (*p == '\0') {
            lx->p = p;
            return error_tok(start, start, (size_t)(p - start), ASM_LEX_STRING);
        }
        if (*p == '"')
            break;
        if (*p == '\\') {
            size_t used;
            if (escape(p + 1, &used) < 0) {
                lx->p = p + 1 + (p[1] != '\0');
                return error_tok(start, p, 2, ASM_LEX_ESCAPE);
            }
            p += 1 + used;
        } else {
            p++;
        }
    }
    lx->p = p + 1;
    struct asm_tok t = { .kind = ASM_TOK_STRING, .s = start, .len = (size_t)(lx->p - start) };
    return t;
}

/* 'c' or '\n' : a number. */
static struct asm_tok lex_char(struct asm_lexer *lx)
{
    const char *start = lx->p, *p = start + 1;
    int value;
    if (*p == '\0' || *p == '\'') {
        lx->p = p + (*p != '\0');
        return error_tok(start, start, (size_t)(lx->p - start),
                         *p ? ASM_LEX_CHARLEN : ASM_LEX_CHARLIT);
    }
    if (*p == '\\') {
        size_t used;
        value = escape(p + 1, &used);
        if (value < 0) {
            lx->p = p + 1 + (p[1] != '\0');
            return error_tok(start, p, 2, ASM_LEX_ESCAPE);
        }
        p += 1 + used;
    } else {
        value = (unsigned char)*p++;
    }
    if (*p != '\'') {
        /* Either 'ab' (too long) or no closing quote at all. */
        const char *q = p;
        while (*q && *q != '\'')
            q++;
        lx->p = *q ? q + 1 : q;
        return error_tok(start, start, (size_t)(lx->p - start),
                         *q ? ASM_LEX_CHARLEN : ASM_LEX_CHARLIT);
    }
    lx->p = p + 1;
    struct asm_tok t = { .kind = ASM_TOK_NUM, .s = start, .len = (size_t)(lx->p - start),
                         .num = value };
    return t;
}

/* 42, 0x2A, 0b101, and the local references 1b / 1f. */
static struct asm_tok lex_number(struct asm_lexer *lx)
{
    const char *start = lx->p, *p = start;
    unsigned base = 10;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    } else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B') && (p[2] == '0' || p[2] == '1')) {
        base = 2;
        p += 2;
    }
    const char *digits = p;
    uint64_t v = 0;
    bool big = false;
    while (digit_value((unsigned char)*p) < (int)base) {
        unsigned d = (unsigned)digit_value((unsigned char)*p);
        if (v > ((uint64_t)INT64_MAX - d) / base)
            big = true;
        else
            v = v * base + d;
        p++;
    }
    struct asm_tok t = { .kind = ASM_TOK_NUM, .s = start, .num = (int64_t)v,
                         .plain = (base == 10) };
    if (base == 10 && (*p == 'b' || *p == 'f') && !asm_ident_char((unsigned char)p[1])) {
        t.kind = ASM_TOK_LOCAL;
        t.dir = *p++;
    }
    bool junk = asm_ident_char((unsigned char)*p) || p == digits;
    while (asm_ident_char((unsigned char)*p))
        p++;
    lx->p = p;
    t.len = (size_t)(p - start);
    if (junk)
        return error_tok(start, start, t.len, ASM_LEX_NUMBER);
    if (big)
        return error_tok(start, start, t.len, ASM_LEX_BIG);
    return t;
}

static struct asm_tok lex(struct asm_lexer *lx)
{
    const char *p = lx->p;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' || *p == '\v')
        p++;
    lx->p = p;
    struct asm_tok t = { .kind = ASM_TOK_EOL, .s = p, .len = 0 };
    int c = (unsigned char)*p;
    if (c == '\0' || c == '#' || (c == '/' && p[1] == '/'))
        return t;                     /* the end, or a comment: the end */
    if (asm_ident_start(c)) {
        while (asm_ident_char((unsigned char)*p))
            p++;
        lx->p = p;
        t.kind = ASM_TOK_IDENT;
        t.len = (size_t)(p - t.s);
        return t;
    }
    if (c >= '0' && c <= '9')
        return lex_number(lx);
    if (c == '"')
        return lex_string(lx);
    if (c == '\'')
        return lex_char(lx);
    if ((c == '<' || c == '>') && p[1] == c) {
        lx->p = p + 2;
        t.kind = ASM_TOK_PUNCT;
        t.len = 2;
        t.punct = c == '<' ? ASM_PUNCT_SHL : ASM_PUNCT_SHR;
        return t;
    }
    if (c != 0 && strchr(",():=+-*/%&|^~!", c)) {
        lx->p = p + 1;
        t.kind = ASM_TOK_PUNCT;
        t.len = 1;
        t.punct = c;
        return t;
    }
    lx->p = p + 1;
    return error_tok(p, p, 1, ASM_LEX_CHAR);
}

struct asm_tok asm_lex_next(struct asm_lexer *lx)
{
    if (lx->has_peek) {
        lx->has_peek = false;
        return lx->peeked;
    }
    return lex(lx);
}

const struct asm_tok *asm_lex_peek(struct asm_lexer *lx)
{
    if (!lx->has_peek) {
        lx->peeked = lex(lx);
        lx->has_peek = true;
    }
    return &lx->peeked;
}

bool asm_lex_is_punct(const struct asm_tok *t, int c)
{
    return t->kind == ASM_TOK_PUNCT && t->punct == c;
}

size_t asm_lex_string(const struct asm_tok *t, char *out)
{
    size_t n = 0;
    const char *p = t->s + 1, *end = t->s + t->len - 1;   /* inside the quotes */
    while (p < end) {
        if (*p == '\\') {
            size_t used;
            int c = escape(p + 1, &used);
            out[n++] = (char)(c < 0 ? '?' : c);   /* c < 0: checked by lex_string */
            p += 1 + used;
        } else {
            out[n++] = *p++;
        }
    }
    return n;
}
