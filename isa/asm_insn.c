/*
 * asm_insn.c - one instruction: operands, pseudo-instructions, encoding.
 *
 * Owns: reading operands as the format's syntax string says (isa_formats[]
 * in isa.h: "rd, rs1, simm16", "rd, simm16(rs1)" ...), the table of
 * pseudo-instructions with their expansions, and turning it all into words
 * with isa_encode.  Must not list the real instructions: mnemonics, formats
 * and encodings all come from the instruction table (isa/sm32.def).
 *
 * An operand syntax is a comma-separated list of items:
 *
 *   rd rs rs1 rs2           a register: r0..r15 or an ABI name
 *   simm16 uimm16 shamt imm imm32 label
 *                           an expression (label: an absolute target address;
 *                           the encoder makes it relative to the instruction)
 *   simm16(rs1)             offset(base); "(rs1)" alone means offset 0
 *   (rs1)                   a register in parentheses
 *   cr                      a control register name (status ...) or number
 *
 * Real instructions use their format's syntax; each item names the field
 * of struct isa_decoded it fills.  A pseudo-instruction has its own syntax
 * and a template word whose fields name operand slots or fixed registers.
 * Where a name is both (jal, jalr), the number of operands decides.
 */
#define SIMMON_ASM_INTERNAL
#include "asm.h"

#include <string.h>

/* ---- Operand syntax ---------------------------------------------------------- */

enum item_kind { IT_REG, IT_EXPR, IT_MEM, IT_PREG, IT_CR };
struct item {
    enum item_kind kind;
    char reg[4];          /* IT_REG/IT_MEM/IT_PREG: "rd", "rs1", "rs2", "rs" */
};
enum { MAX_OPS = 4 };

/* "rd, simm16(rs1)" -> items.  Returns the count. */
static int parse_syntax(const char *syntax, struct item it[MAX_OPS])
{
    int n = 0;
    for (const char *p = syntax; *p && n < MAX_OPS;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        const char *open = memchr(p, '(', len);
        struct item *x = &it[n++];
        memset(x, 0, sizeof *x);
        if (open) {                               /* "simm16(rs1)" or "(rs1)" */
            x->kind = open == p ? IT_PREG : IT_MEM;
            size_t rl = len - (size_t)(open - p) - 2;
            memcpy(x->reg, open + 1, rl < 3 ? rl : 3);
        } else if (p[0] == 'r' && len <= 3) {
            x->kind = IT_REG;
            memcpy(x->reg, p, len);
        } else if (len == 2 && p[0] == 'c' && p[1] == 'r') {
            x->kind = IT_CR;
        } else {
            x->kind = IT_EXPR;
        }
        p += len;
        while (*p == ',' || *p == ' ')
            p++;
    }
    return n;
}

static void set_reg(struct isa_decoded *d, const char *field, int r)
{
    if (strcmp(field, "rd") == 0)
        d->rd = (uint8_t)r;
    else if (strcmp(field, "rs2") == 0)
        d->rs2 = (uint8_t)r;
    else
        d->rs1 = (uint8_t)r;                      /* "rs1", "rs" */
}

/* ---- Pseudo-instructions -------------------------------------------------------
 * In a template, a register field is an operand slot (0..2) or R(n), the
 * fixed register n; imm is a slot or NOIMM (then the constant k is used). */
#define R(n)   (16 + (n))
#define NOIMM  (-1)
struct pword {
    enum isa_op op;
    int8_t rd, rs1, rs2, imm;
    int32_t k;
    bool negate;                 /* use -imm (subi) */
};
enum pseudo_kind { PS_WORD, PS_LI, PS_LA };
struct pseudo {
    const char *name, *syntax;
    const char *expansion;       /* what it means, for SPEC.md and for readers */
    enum pseudo_kind kind;
    struct pword w;
};

#define W(op, rd, rs1, rs2, imm, k) { ISA_OP_##op, rd, rs1, rs2, imm, k, false }
static const struct pseudo pseudos[] = {
    { "nop",  "",              "addi zero, zero, 0", PS_WORD, W(addi, R(0), R(0), R(0), NOIMM, 0) },
    { "li",   "rd, imm32",     "addi rd, zero, imm | ori rd, zero, imm | lui rd, %hi(imm) [+ ori rd, rd, %lo(imm)]",
      PS_LI, W(addi, 0, 0, 0, NOIMM, 0) },
    { "la",   "rd, label",     "lui rd, %hi(label); ori rd, rd, %lo(label)", PS_LA, W(lui, 0, 0, 0, NOIMM, 0) },
    { "mv",   "rd, rs",        "addi rd, rs, 0",     PS_WORD, W(addi, 0, 1, R(0), NOIMM, 0) },
    { "neg",  "rd, rs",        "sub rd, zero, rs",   PS_WORD, W(sub, 0, R(0), 1, NOIMM, 0) },
    { "subi", "rd, rs, imm",   "addi rd, rs, -imm",  PS_WORD, { ISA_OP_addi, 0, 1, R(0), 2, 0, true } },
    { "seqz", "rd, rs",        "sltiu rd, rs, 1",    PS_WORD, W(sltiu, 0, 1, R(0), NOIMM, 1) },
    { "snez", "rd, rs",        "sltu rd, zero, rs",  PS_WORD, W(sltu, 0, R(0), 1, NOIMM, 0) },
    { "j",    "label",         "jal zero, label",    PS_WORD, W(jal, R(0), R(0), R(0), 0, 0) },
    { "jal",  "label",         "jal ra, label",      PS_WORD, W(jal, R(1), R(0), R(0), 0, 0) },
    { "call", "label",         "jal ra, label",      PS_WORD, W(jal, R(1), R(0), R(0), 0, 0) },
    { "jr",   "rs",            "jalr zero, 0(rs)",   PS_WORD, W(jalr, R(0), 0, R(0), NOIMM, 0) },
    { "jalr", "rs",            "jalr ra, 0(rs)",     PS_WORD, W(jalr, R(1), 0, R(0), NOIMM, 0) },
    { "ret",  "",              "jalr zero, 0(ra)",   PS_WORD, W(jalr, R(0), R(1), R(0), NOIMM, 0) },
    { "beqz", "rs, label",     "beq rs, zero, label",  PS_WORD, W(beq, R(0), 0, R(0), 1, 0) },
    { "bnez", "rs, label",     "bne rs, zero, label",  PS_WORD, W(bne, R(0), 0, R(0), 1, 0) },
    { "bltz", "rs, label",     "blt rs, zero, label",  PS_WORD, W(blt, R(0), 0, R(0), 1, 0) },
    { "bgez", "rs, label",     "bge rs, zero, label",  PS_WORD, W(bge, R(0), 0, R(0), 1, 0) },
    { "blez", "rs, label",     "bge zero, rs, label",  PS_WORD, W(bge, R(0), R(0), 0, 1, 0) },
    { "bgtz", "rs, label",     "blt zero, rs, label",  PS_WORD, W(blt, R(0), R(0), 0, 1, 0) },
    { "bgt",  "rs1, rs2, label", "blt rs2, rs1, label", PS_WORD, W(blt, R(0), 1, 0, 2, 0) },
    { "ble",  "rs1, rs2, label", "bge rs2, rs1, label", PS_WORD, W(bge, R(0), 1, 0, 2, 0) },
    { "bgtu", "rs1, rs2, label", "bltu rs2, rs1, label", PS_WORD, W(bltu, R(0), 1, 0, 2, 0) },
    { "bleu", "rs1, rs2, label", "bgeu rs2, rs1, label", PS_WORD, W(bgeu, R(0), 1, 0, 2, 0) },
};
#undef W
#define NPSEUDO (sizeof pseudos / sizeof pseudos[0])

/* ---- Reading operands --------------------------------------------------------- */

struct operand {
    int reg;
    struct asm_value val;
    const char *at;              /* where it starts, for messages */
};

static int count_operands(struct asm_lexer lx)   /* (a copy) */
{
    int depth = 0, commas = 0;
    bool any = false;
    for (;;) {
        struct asm_tok t = asm_lex_next(&lx);
        if (t.kind == ASM_TOK_EOL)
            return any ? commas + 1 : 0;
        any = true;
        if (asm_lex_is_punct(&t, '('))
            depth++;
        else if (asm_lex_is_punct(&t, ')'))
            depth--;
        else if (asm_lex_is_punct(&t, ',') && depth == 0)
            commas++;
    }
}

static bool read_register(struct asm *a, struct asm_lexer *lx, const char *field, int *r)
{
    struct asm_tok t = asm_lex_next(lx);
    char name[8];
    if (t.kind == ASM_TOK_IDENT && t.len < sizeof name) {
        memcpy(name, t.s, t.len);
        name[t.len] = '\0';
        if ((*r = isa_reg_lookup(name)) >= 0)
            return true;
    }
    if (t.kind == ASM_TOK_IDENT)
        asm_error(a, t.s, "'%.*s' is not a register", (int)(t.len > 40 ? 40 : t.len), t.s);
    else if (t.kind == ASM_TOK_ERROR)
        asm_lex_error(a, &t);
    else if (t.kind == ASM_TOK_EOL)
        asm_error(a, t.s, "expected a register (%s) at the end of the line", field);
    else
        asm_error(a, t.s, "expected a register (%s), got '%.*s'", field,
                  (int)(t.len > 40 ? 40 : t.len), t.s);
    return false;
}

static bool expect_punct(struct asm *a, struct asm_lexer *lx, int c, const char *name,
                         const char *syntax)
{
    struct asm_tok t = asm_lex_next(lx);
    if (asm_lex_is_punct(&t, c))
        return true;
    if (t.kind == ASM_TOK_ERROR)
        asm_lex_error(a, &t);
    else
        asm_error(a, t.s, "expected '%c' here: %s expects %s", c, name, syntax);
    return false;
}

/* "(rs1)": a register in parentheses. */
static bool read_base(struct asm *a, struct asm_lexer *lx, const char *name, const char *syntax,
                      const char *field, int *r)
{
    return expect_punct(a, lx, '(', name, syntax) && read_register(a, lx, field, r) &&
           expect_punct(a, lx, ')', name, syntax);
}

/* A control register: a name (status, epc ...) or a number. */
static bool read_cr(struct asm *a, struct asm_lexer *lx, struct operand *o)
{
    const struct asm_tok *t = asm_lex_peek(lx);
    struct asm_lexer after = *lx;
    asm_lex_next(&after);
    const struct asm_tok *next = asm_lex_peek(&after);
    bool alone = next->kind == ASM_TOK_EOL || asm_lex_is_punct(next, ',');
    if (t->kind == ASM_TOK_IDENT && alone && t->len < 16) {
        char name[16];
        memcpy(name, t->s, t->len);
        name[t->len] = '\0';
        int cr = isa_cr_lookup(name);
        if (cr >= 0) {
            asm_lex_next(lx);
            o->val = (struct asm_value){ cr, ASM_ABS, true };
            return true;
        }
        struct asm_sym *s = asm_sym_find(a, t->s, t->len);
        if (a->pass == 2 && (!s || s->kind == ASM_SYM_NONE) && !asm_is_register_name(t->s, t->len)) {
            asm_error(a, t->s, "'%s' is not a control register (status epc cause badvaddr "
                      "tvec ptbr scratch cycle cycleh ipend ienable, or a number)", name);
            return false;
        }
    }
    if (!asm_expr(a, lx, &o->val))
        return false;
    if (a->pass == 2 && (o->val.v < 0 || o->val.v > 0xFFFF)) {
        asm_error(a, o->at, "control register number %lld is out of range (0..65535)",
                  (long long)o->val.v);
        return false;
    }
    return true;
}

/* Read n operands as the items say. */
static bool read_operands(struct asm *a, struct asm_lexer *lx, const char *name,
                          const char *syntax, const struct item *it, int n, struct operand *ops)
{
    for (int i = 0; i < n; i++) {
        struct operand *o = &ops[i];
        o->reg = 0;
        o->val = (struct asm_value){ 0, ASM_ABS, true };
        if (i > 0 && !expect_punct(a, lx, ',', name, syntax))
            return false;
        o->at = asm_lex_peek(lx)->s;
        switch (it[i].kind) {
        case IT_REG:
            if (!read_register(a, lx, it[i].reg, &o->reg))
                return false;
            break;
        case IT_EXPR:
            if (!asm_expr(a, lx, &o->val))
                return false;
            break;
        case IT_MEM: {
            struct asm_lexer look = *lx;       /* "(rs1)" alone: offset 0 */
            struct asm_tok t1 = asm_lex_next(&look), t2 = asm_lex_next(&look);
            struct asm_tok t3 = asm_lex_next(&look);
            bool bare = asm_lex_is_punct(&t1, '(') && t2.kind == ASM_TOK_IDENT &&
                        asm_is_register_name(t2.s, t2.len) && asm_lex_is_punct(&t3, ')');
            if (!bare && !asm_expr(a, lx, &o->val))
                return false;
            const struct asm_tok *p = asm_lex_peek(lx);
            if (!asm_lex_is_punct(p, '(')) {
                if (p->kind == ASM_TOK_EOL || asm_lex_is_punct(p, ','))
                    asm_error(a, o->at, "%s expects a memory operand %s(%s), e.g. 8(sp) or "
                              "(a0)", name, "offset", it[i].reg);
                else
                    expect_punct(a, lx, '(', name, syntax);
                return false;
            }
            if (!read_base(a, lx, name, syntax, it[i].reg, &o->reg))
                return false;
            break;
        }
        case IT_PREG:
            if (!read_base(a, lx, name, syntax, it[i].reg, &o->reg))
                return false;
            break;
        case IT_CR:
            if (!read_cr(a, lx, o))
                return false;
            break;
        }
    }
    return asm_expect_eol(a, lx, "the operands");
}

/* ---- Encoding and emitting -------------------------------------------------- */

/* Put imm into d (for branches and jal: the target, made relative to pc)
 * and encode; report why not at `at`. */
static bool encode(struct asm *a, struct isa_decoded *d, bool has_imm, int64_t imm,
                   uint32_t pc, const char *at, uint32_t *w)
{
    enum isa_format f = isa_insns[d->op].format;
    if (has_imm && a->pass == 2) {
        bool pcrel = f == ISA_FMT_B || f == ISA_FMT_J;
        bool sign = pcrel || f == ISA_FMT_I || f == ISA_FMT_L || f == ISA_FMT_S;
        if (pcrel)
            imm -= pc;
        if (pcrel && (imm < INT32_MIN || imm > INT32_MAX)) {
            asm_error(a, at, "%s target is out of range (%lld bytes; at most +-%s)",
                      f == ISA_FMT_B ? "branch" : "jump", (long long)imm,
                      f == ISA_FMT_B ? "128 KiB" : "2 MiB");
            return false;
        }
        if (sign && (imm < INT32_MIN || imm > INT32_MAX)) {
            asm_error(a, at, "%s %lld does not fit in 16 bits (signed: -32768..32767)",
                      f == ISA_FMT_S ? "offset" : "immediate", (long long)imm);
            return false;
        }
        if (f == ISA_FMT_SH && (imm < INT32_MIN || imm > INT32_MAX)) {
            asm_error(a, at, "shift amount %lld is out of range (0..31)", (long long)imm);
            return false;
        }
        if (!sign && f != ISA_FMT_SH && (imm < 0 || imm > UINT32_MAX)) {
            asm_error(a, at, "immediate %lld does not fit in 16 bits (unsigned: 0..65535)",
                      (long long)imm);
            return false;
        }
        d->imm = (uint32_t)imm;
    }
    char err[200];
    if (a->pass == 2 && !isa_encode(d, w, err, sizeof err)) {
        asm_error(a, at, "%s", err);
        return false;
    }
    return true;
}

uint32_t asm_here(const struct asm *a)
{
    const struct asm_section *s = &a->secs[a->sec];
    return (s->base_known ? s->base : 0) + s->off;
}

/* Emit one instruction word; in .text it gets a line-table row. */
static bool emit_word(struct asm *a, uint32_t w, const char *at)
{
    uint32_t pc = asm_here(a);
    if (a->pass == 2 && a->sec != ASM_SEC_BSS && (pc & 3)) {
        asm_error(a, at, "instruction at 0x%08x is not 4-byte aligned (put .align 2 before it)", pc);
        return false;
    }
    uint8_t b[4] = { (uint8_t)w, (uint8_t)(w >> 8), (uint8_t)(w >> 16), (uint8_t)(w >> 24) };
    if (!asm_emit(a, b, 4, at))
        return false;
    return asm_line_row(a, pc);
}

/* Build, encode and emit one word: op with explicit fields. */
static bool emit_insn(struct asm *a, enum isa_op op, int rd, int rs1, int rs2, bool has_imm,
                      int64_t imm, const char *at)
{
    struct isa_decoded d = { .op = op, .rd = (uint8_t)rd, .rs1 = (uint8_t)rs1, .rs2 = (uint8_t)rs2 };
    uint32_t w = 0;
    return encode(a, &d, has_imm, imm, asm_here(a), at, &w) && emit_word(a, w, at);
}

/* In pass 2 every operand value must be known (errors were reported). */
static bool values_known(struct asm *a, const struct operand *ops, int n)
{
    for (int i = 0; i < n && a->pass == 2; i++)
        if (!ops[i].val.known || ops[i].val.sec != ASM_ABS) {
            asm_error(a, ops[i].at, "value is not known");
            return false;
        }
    return true;
}

/* ---- Real instructions ------------------------------------------------------ */

static bool real_insn(struct asm *a, struct asm_lexer *lx, enum isa_op op, const char *name,
                      const char *at)
{
    const char *syntax = isa_formats[isa_insns[op].format].syntax;
    struct item it[MAX_OPS];
    struct operand ops[MAX_OPS];
    int n = parse_syntax(syntax, it);
    if (!read_operands(a, lx, name, syntax, it, n, ops) || !values_known(a, ops, n))
        return false;
    struct isa_decoded d = { .op = op };
    bool has_imm = false;
    int64_t imm = 0;
    const char *imm_at = at;
    for (int i = 0; i < n; i++) {
        switch (it[i].kind) {
        case IT_MEM:
            set_reg(&d, it[i].reg, ops[i].reg);
            has_imm = true;
            imm = ops[i].val.v;
            imm_at = ops[i].at;
            break;
        case IT_REG:
        case IT_PREG:
            set_reg(&d, it[i].reg, ops[i].reg);
            break;
        case IT_EXPR:
            has_imm = true;
            imm = ops[i].val.v;
            imm_at = ops[i].at;
            break;
        case IT_CR:
            d.cr = (uint16_t)ops[i].val.v;
            break;
        }
    }
    uint32_t w = 0;
    return encode(a, &d, has_imm, imm, asm_here(a), imm_at, &w) && emit_word(a, w, at);
}

/* ---- Pseudo-instructions ------------------------------------------------------ */

enum { ZERO = 0 };

/* li rd, imm32: the shortest form pass 1 could choose (see SPEC.md). */
static bool li(struct asm *a, const struct operand *ops, const char *at)
{
    int rd = ops[0].reg;
    const struct asm_value *v = &ops[1].val;
    struct asm_line *ln = &a->lines[a->cur];
    if (a->pass == 1 && !(v->known && v->sec == ASM_ABS))
        ln->p1_flag = ASM_P1_LONG;                /* not known yet: two words */
    if (a->pass == 2 && (v->v < INT32_MIN || v->v > UINT32_MAX)) {
        asm_error(a, ops[1].at, "li: value %lld does not fit in 32 bits "
                  "(-2147483648..4294967295)", (long long)v->v);
        return false;
    }
    uint32_t x = (uint32_t)v->v, hi = x >> 16, lo = x & 0xFFFF;
    if (ln->p1_flag == ASM_P1_LONG)
        return emit_insn(a, ISA_OP_lui, rd, 0, 0, true, hi, at) &&
               emit_insn(a, ISA_OP_ori, rd, rd, 0, true, lo, at);
    if (v->v >= -32768 && v->v <= 32767)
        return emit_insn(a, ISA_OP_addi, rd, ZERO, 0, true, v->v, at);
    if (v->v >= 0 && v->v <= 0xFFFF)
        return emit_insn(a, ISA_OP_ori, rd, ZERO, 0, true, v->v, at);
    if (!emit_insn(a, ISA_OP_lui, rd, 0, 0, true, hi, at))
        return false;
    return lo == 0 || emit_insn(a, ISA_OP_ori, rd, rd, 0, true, lo, at);
}

/* la rd, label: always lui + ori. */
static bool la(struct asm *a, const struct operand *ops, const char *at)
{
    int64_t v = ops[1].val.v;
    if (a->pass == 2 && (v < INT32_MIN || v > UINT32_MAX)) {
        asm_error(a, ops[1].at, "la: address %lld does not fit in 32 bits", (long long)v);
        return false;
    }
    uint32_t x = (uint32_t)v;
    return emit_insn(a, ISA_OP_lui, ops[0].reg, 0, 0, true, x >> 16, at) &&
           emit_insn(a, ISA_OP_ori, ops[0].reg, ops[0].reg, 0, true, x & 0xFFFF, at);
}

static bool pseudo_insn(struct asm *a, struct asm_lexer *lx, const struct pseudo *p,
                        const char *at)
{
    struct item it[MAX_OPS];
    struct operand ops[MAX_OPS];
    int n = parse_syntax(p->syntax, it);
    if (!read_operands(a, lx, p->name, p->syntax, it, n, ops) || !values_known(a, ops, n))
        return false;
    switch (p->kind) {
    case PS_LI:
        return li(a, ops, at);
    case PS_LA:
        return la(a, ops, at);
    case PS_WORD:
        break;
    }
    const struct pword *w = &p->w;
#define REG_OF(x) ((x) >= 16 ? (x) - 16 : ops[(x)].reg)
    int64_t imm = w->k;
    const char *imm_at = at;
    if (w->imm != NOIMM) {
        imm = ops[w->imm].val.v;
        imm_at = ops[w->imm].at;
        if (w->negate)
            imm = (int64_t)(0 - (uint64_t)imm);
    }
    struct isa_decoded d = { .op = w->op, .rd = (uint8_t)REG_OF(w->rd),
                             .rs1 = (uint8_t)REG_OF(w->rs1), .rs2 = (uint8_t)REG_OF(w->rs2) };
#undef REG_OF
    uint32_t word = 0;
    return encode(a, &d, true, imm, asm_here(a), imm_at, &word) && emit_word(a, word, at);
}

/* ---- The instruction ------------------------------------------------------------ */

/* How alike two words are, to break ties between equally distant ones:
 * the length of their longest common subsequence ("adi" is more like
 * "addi" than "add"). */
static unsigned common(const char *x, const char *y)
{
    unsigned row[33] = { 0 };
    size_t m = strlen(y);
    if (strlen(x) > 32 || m > 32)
        return 0;
    for (; *x; x++) {
        unsigned diag = 0;
        for (size_t j = 1; j <= m; j++) {
            unsigned up = row[j];
            row[j] = *x == y[j - 1] ? diag + 1 : (up > row[j - 1] ? up : row[j - 1]);
            diag = up;
        }
    }
    return row[m];
}

/* The closest known mnemonic (instruction, pseudo or macro), if close. */
const char *asm_suggest_mnemonic(const struct asm *a, const char *word)
{
    const char *best = NULL;
    size_t len = strlen(word);
    unsigned best_dist = len <= 4 ? 2 : 3, best_common = 0;   /* 1 edit, 2 for long words */
    size_t ncand = (size_t)ISA_OP_COUNT - 1 + NPSEUDO + a->nmacros;
    for (size_t i = 0; i < ncand; i++) {
        const char *c = i < (size_t)ISA_OP_COUNT - 1 ? isa_insns[i + 1].name
                      : i < (size_t)ISA_OP_COUNT - 1 + NPSEUDO ? pseudos[i - (ISA_OP_COUNT - 1)].name
                      : a->macros[i - (ISA_OP_COUNT - 1) - NPSEUDO]->name;
        unsigned d = asm_edit_distance(word, c), k = common(word, c);
        if (d < len && (d < best_dist || (d == best_dist && best && k > best_common))) {
            best_dist = d;
            best_common = k;
            best = c;
        }
    }
    return best;
}

static void count_error(struct asm *a, const char *at, const char *name, const char *syntax,
                        const char *alt)
{
    struct item it[MAX_OPS];
    int n = parse_syntax(syntax, it);
    char other[80] = "";
    if (alt) {
        int k = parse_syntax(alt, it);
        snprintf(other, sizeof other, " (or %d: %s)", k, k ? alt : "none");
    }
    if (n == 0)
        asm_error(a, at, "%s expects no operands%s", name, other);
    else
        asm_error(a, at, "%s expects %d operand%s: %s%s", name, n, n == 1 ? "" : "s", syntax, other);
}

bool asm_instruction(struct asm *a, struct asm_lexer *lx, const struct asm_tok *mn)
{
    char name[32];
    if (mn->len >= sizeof name) {
        asm_error(a, mn->s, "unknown instruction '%.*s...'", 20, mn->s);
        return false;
    }
    for (size_t i = 0; i < mn->len; i++)
        name[i] = (mn->s[i] >= 'A' && mn->s[i] <= 'Z') ? (char)(mn->s[i] | 32) : mn->s[i];
    name[mn->len] = '\0';

    const struct pseudo *p = NULL;
    for (size_t i = 0; i < NPSEUDO && !p; i++)
        if (strcmp(pseudos[i].name, name) == 0)
            p = &pseudos[i];
    enum isa_op op = isa_lookup(name);
    int n = count_operands(*lx);
    struct item it[MAX_OPS];
    if (p && n == parse_syntax(p->syntax, it))
        return pseudo_insn(a, lx, p, mn->s);
    if (op != ISA_OP_INVALID) {
        const char *syntax = isa_formats[isa_insns[op].format].syntax;
        if (n != parse_syntax(syntax, it)) {
            count_error(a, mn->s, name, syntax, p ? p->syntax : NULL);
            return false;
        }
        return real_insn(a, lx, op, name, mn->s);
    }
    if (p) {
        count_error(a, mn->s, name, p->syntax, NULL);
        return false;
    }
    /* (Pass 1 prints nothing, so it does not look for a suggestion.) */
    const char *hint = a->pass == 2 && !a->stop ? asm_suggest_mnemonic(a, name) : NULL;
    if (hint)
        asm_error(a, mn->s, "unknown instruction '%s' (did you mean '%s'?)", name, hint);
    else if (n == 0)
        asm_error(a, mn->s, "unknown instruction '%.*s' (if it is a label, add ':' after it)",
                  (int)mn->len, mn->s);
    else
        asm_error(a, mn->s, "unknown instruction '%.*s'", (int)mn->len, mn->s);
    return false;
}
