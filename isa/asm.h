/*
 * asm.h - the SM32 assembler: assembly source in, a program image out.
 *
 * Owns: the public entry points (asm_files, asm_string) and, below the
 * SIMMON_ASM_INTERNAL line, the state that the assembler's own files share.
 * Must not know about machines, the CPU or the ELF writer: it only fills a
 * struct image (isa/image.h).  It never lists instructions: the mnemonics,
 * formats and encodings come from the instruction table (isa/sm32.def) via
 * isa.h.  The language itself is described in isa/SPEC.md, section 9.
 *
 * How it works, file by file:
 *
 *   asm_read.c   stage 1, the reader: reads files, follows .include, records
 *                and expands .macro, and produces one flat array of logical
 *                lines, each knowing the file:line it came from.
 *   asm_stmt.c   one statement: labels, assignments and directives.
 *   asm_insn.c   one instruction: operands parsed from the format syntax in
 *                isa_formats[], the pseudo-instruction table, encoding.
 *   asm_expr.c   expressions, the symbol table and numeric local labels.
 *   asm_lex.c    the lexer: one line in, tokens out.
 *   asm.c        the driver: runs the reader, pass 1 (sizes and symbols),
 *                the layout of sections, pass 2 (values and bytes), writes
 *                the image; diagnostics.
 *
 * Both passes run the same statement code over the same flat lines.  Pass 1
 * is silent: it only decides sizes and label addresses.  Pass 2 reports
 * every error, so the messages come out in source order.
 */
#ifndef SIMMON_ASM_H
#define SIMMON_ASM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "image.h"

struct asm_options {
    uint32_t text_base;   /* where .text starts (default 0x1000) */
    int max_errors;       /* stop after this many errors; <= 0: no limit */
    FILE *diag;           /* where messages go; NULL -> stderr */
};

void asm_options_default(struct asm_options *o);   /* 0x1000, 20, NULL */

/* Assemble several files as ONE program (as if concatenated in order;
 * labels, macros and the current section carry over).  Returns the number
 * of errors; 0 = success and img (already image_init'ed by the caller) is
 * filled.  On errors img is left as it was.  o may be NULL (defaults). */
int asm_files(const char *const *paths, size_t n, const struct asm_options *o,
              struct image *img);

/* The same from a string.  name is used in messages, in the line table and
 * to resolve .include relative to its directory. */
int asm_string(const char *name, const char *text, const struct asm_options *o,
               struct image *img);

#ifdef SIMMON_ASM_INTERNAL
/* ======================================================================
 * Internal: shared by isa/asm*.c only.  Nothing outside the assembler may
 * use what follows.
 * ====================================================================== */
#include <stdarg.h>
#include <stdbool.h>
#include <sys/types.h>

#include "isa.h"

/* Limits, so that no input can make the assembler loop forever or allocate
 * without bound (the fuzzer checks). */
enum {
    ASM_MAX_LINE          = 4096,              /* characters per line */
    ASM_MAX_FILE          = 16 << 20,          /* bytes per source file */
    ASM_MAX_OUTPUT        = 64 << 20,          /* bytes of all sections */
    ASM_MAX_INCLUDE_DEPTH = 32,
    ASM_MAX_MACRO_DEPTH   = 64,
    ASM_MAX_EXPANSIONS    = 10000,             /* macro expansions in all */
    ASM_MAX_EXPANDED      = 2 << 20,           /* bytes of text made by macros */
    ASM_MAX_EXPANDED_LINES = 100000,           /* lines made by macros */
    ASM_MAX_LINES         = 1000000,           /* logical lines in all */
    ASM_MAX_EXPR_DEPTH    = 100,               /* nesting in expressions */
    ASM_MAX_LAZY_DEPTH    = 100,               /* .equ chains, see asm_expr.c */
};

/* ---- Lexer (asm_lex.c) ------------------------------------------------ */
enum asm_tok_kind {
    ASM_TOK_EOL,      /* end of line or start of a comment */
    ASM_TOK_IDENT,    /* [A-Za-z_.$][A-Za-z0-9_.$]* */
    ASM_TOK_NUM,      /* 42, 0x2A, 0b101, 'c' */
    ASM_TOK_LOCAL,    /* 1b, 1f: a reference to a numeric label */
    ASM_TOK_STRING,   /* "..." (escapes already checked) */
    ASM_TOK_PUNCT,    /* , ( ) : = + - * / % & | ^ ~ ! << >> */
    ASM_TOK_ERROR,    /* see asm_lex_error */
};
enum { ASM_PUNCT_SHL = 256, ASM_PUNCT_SHR };
enum asm_lex_err {
    ASM_LEX_OK, ASM_LEX_CHAR, ASM_LEX_STRING, ASM_LEX_CHARLIT, ASM_LEX_CHARLEN,
    ASM_LEX_ESCAPE, ASM_LEX_NUMBER, ASM_LEX_BIG,
};

struct asm_tok {
    enum asm_tok_kind kind;
    const char *s;        /* the token's text inside the line */
    size_t len;
    int64_t num;          /* NUM: its value; LOCAL: the label number */
    int punct;            /* PUNCT: the character or ASM_PUNCT_SHL/SHR */
    char dir;             /* LOCAL: 'b' or 'f' */
    bool plain;           /* NUM: plain decimal digits (can name a label) */
    enum asm_lex_err err; /* ERROR: what is wrong ... */
    const char *err_at;   /* ... and where */
};

struct asm_lexer {
    const char *line;     /* the whole line (for columns) */
    const char *p;        /* next character to read */
    struct asm_tok peeked;
    bool has_peek;
};

void asm_lex_init(struct asm_lexer *lx, const char *line);
struct asm_tok asm_lex_next(struct asm_lexer *lx);
const struct asm_tok *asm_lex_peek(struct asm_lexer *lx);
bool asm_lex_is_punct(const struct asm_tok *t, int c);
/* Decode a STRING token into out (room for t->len bytes); returns length. */
size_t asm_lex_string(const struct asm_tok *t, char *out);
bool asm_ident_start(int c);
bool asm_ident_char(int c);

/* ---- Values ------------------------------------------------------------
 * In pass 1 the start of .data and .bss is not known yet, so an address in
 * them is kept relative to its section: value = start(sec) + v.  The
 * difference of two such addresses in one section is an ordinary number
 * (msglen = . - msg).  In pass 2 every value is absolute. */
enum { ASM_ABS = -1 };
struct asm_value {
    int64_t v;
    int sec;              /* ASM_ABS, or the section v is relative to */
    bool known;           /* false: depends on something not known yet */
};

/* ---- Symbols (asm_expr.c) --------------------------------------------- */
enum asm_symkind { ASM_SYM_NONE, ASM_SYM_LABEL, ASM_SYM_EQU, ASM_SYM_SET };

struct asm_sym {
    char *name;
    enum asm_symkind kind;     /* NONE: only named by .global so far */
    struct asm_value val;      /* labels: {offset, section} */
    size_t def_line;           /* first definition: flat line and column */
    int def_col;
    const char *expr;          /* .equ/.set whose value is still unknown: */
    size_t expr_line;          /*   its expression, the line it is on, */
    struct asm_value expr_dot; /*   and the value of '.' there */
    bool resolving, failed;    /* lazy evaluation in pass 2 ... */
    bool circular;             /* ... failed because it depends on itself */
    bool global;
    size_t global_line;
    int global_col;
};

struct asm_localdef { size_t line; int sec; uint32_t off; };
struct asm_local {
    char *key;                 /* the number in decimal */
    struct asm_localdef *defs; /* in source order */
    size_t n, cap;
};

/* A string -> index hash table; keys are owned by the caller. */
struct asm_hslot { const char *key; size_t len; uint32_t val; };
struct asm_htab { struct asm_hslot *slots; size_t cap, n; };
bool asm_htab_put(struct asm_htab *h, const char *key, size_t len, uint32_t val);
long asm_htab_get(const struct asm_htab *h, const char *key, size_t len);
void asm_htab_free(struct asm_htab *h);

/* ---- Reader output (asm_read.c) ---------------------------------------- */
struct asm_macro {
    char *name;                /* lower case: macro names ignore case */
    char **params, **defaults; /* defaults[i] NULL: the argument is required */
    size_t nparams;
    char **body;
    size_t nbody, capbody;
    uint32_t file, lineno;     /* where it was defined */
};

struct asm_file {
    char *path;                /* as given, or resolved for .include */
    char *text;                /* its contents; lines point into it */
    dev_t dev;
    ino_t ino;
    bool has_id;               /* dev/ino are valid (a real file) */
};

/* One logical line: a source line, or a line produced by a macro. */
struct asm_line {
    char *text;
    bool owned;                /* text was allocated for this line */
    uint32_t file, lineno;     /* source place; for macro lines: the call */
    const struct asm_macro *macro;  /* innermost macro that produced it */
    char *error;               /* reader error to report here (owned) */
    int error_col;             /* 0: no column (a whole-file error) */
    /* Pass 1 results that pass 2 must agree with. */
    int end_sec;
    uint32_t end_off;
    uint8_t p1_flag;           /* ASM_P1_* */
};
enum { ASM_P1_OK, ASM_P1_UNKNOWN, ASM_P1_NEEDBASE, ASM_P1_LONG };

/* ---- Sections and the whole assembler state ---------------------------- */
enum { ASM_SEC_TEXT, ASM_SEC_DATA, ASM_SEC_BSS, ASM_NSECS };

struct asm_section {
    const char *name;
    uint32_t base;             /* start address (once base_known) */
    bool base_known;
    bool pinned;               /* something was placed or referenced */
    size_t org_line;           /* the .org that set base, or SIZE_MAX */
    uint32_t off;              /* location counter, from base */
    uint32_t size;             /* pass 1's final size */
    uint32_t align;            /* largest alignment asked for */
    uint8_t *data;             /* pass 2: size bytes (not for .bss) */
};

struct asm_linerow { uint32_t addr, file, line; };

struct asm {
    const struct asm_options *opt;
    FILE *diag;

    /* Stage 1: the reader. */
    struct asm_file *files;     size_t nfiles, capfiles;
    struct asm_line *lines;     size_t nlines, caplines;
    struct asm_macro **macros;  size_t nmacros, capmacros;
    struct asm_htab macro_tab;
    struct asm_macro *defining; /* the .macro being recorded, or NULL */
    const char *defining_text;  /* ... its .macro line */
    bool defining_keep;         /* false: a bad definition, dropped at .endm */
    size_t include_stack[ASM_MAX_INCLUDE_DEPTH + 1];  /* file indices */
    int include_depth, macro_depth;
    size_t expansions, expanded_bytes, expanded_lines;
    bool too_many_expansions, lines_full;

    /* Passes 1 and 2. */
    int pass;
    size_t cur;                 /* flat line being assembled */
    struct asm_value dot;       /* '.', the address of the statement */
    int sec;                    /* current section */
    struct asm_section secs[ASM_NSECS];
    struct asm_sym **syms;      size_t nsyms, capsyms;
    struct asm_htab sym_tab;
    struct asm_local **locals;  size_t nlocals, caplocals;
    struct asm_htab local_tab;
    struct asm_linerow *rows;   size_t nrows, caprows;
    int lazy_depth, expr_depth;
    bool lazy_cycle;            /* a lazy evaluation met itself */

    /* Diagnostics. */
    int errors;
    int quiet;                  /* > 0: errors are not reported (lazy .equ) */
    bool stmt_failed;           /* an error happened in this statement */
    bool stop;                  /* too many errors */
    bool oom;
    char *layout_err[4];        /* errors found between the passes */
    size_t layout_err_line[4];
    int nlayout_err;
};

/* asm.c: diagnostics and small helpers. */
#ifdef __GNUC__
#define ASM_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define ASM_PRINTF(f, a)
#endif
/* An error at `at` (a pointer into the current line, or NULL) in the
 * current statement: printed in pass 2, only remembered in pass 1. */
void asm_error(struct asm *a, const char *at, const char *fmt, ...) ASM_PRINTF(3, 4);
void asm_verror(struct asm *a, const char *at, const char *fmt, va_list ap);
void asm_lex_error(struct asm *a, const struct asm_tok *t);
bool asm_nomem(struct asm *a);          /* reports once; returns false */
bool asm_grow(struct asm *a, void **p, size_t *cap, size_t need, size_t elsize);
char *asm_strndup(struct asm *a, const char *s, size_t n);
const char *asm_where(const struct asm *a, size_t line, char *buf, size_t len);
unsigned asm_edit_distance(const char *x, const char *y);
int asm_col(const struct asm *a, const char *at);

/* asm_read.c */
bool asm_read_file(struct asm *a, const char *path);
bool asm_read_string(struct asm *a, const char *name, const char *text);
void asm_read_finish(struct asm *a);
void asm_read_free(struct asm *a);

/* asm_expr.c */
struct asm_sym *asm_sym_find(struct asm *a, const char *name, size_t len);
struct asm_sym *asm_sym_get(struct asm *a, const char *name, size_t len, bool *created);
bool asm_local_define(struct asm *a, int64_t num, const char *at);
bool asm_expr(struct asm *a, struct asm_lexer *lx, struct asm_value *v);
void asm_normalize(const struct asm *a, struct asm_value *v);
bool asm_is_register_name(const char *s, size_t len);
void asm_symbols_free(struct asm *a);

/* asm_stmt.c */
void asm_statement(struct asm *a);
bool asm_expect_eol(struct asm *a, struct asm_lexer *lx, const char *what);
bool asm_emit(struct asm *a, const uint8_t *bytes, uint32_t n, const char *at);
/* In pass 2, in .text: a line-table row for the word at pc (the current line). */
bool asm_line_row(struct asm *a, uint32_t pc);
/* The address of the current location in the current section. */
uint32_t asm_here(const struct asm *a);
bool asm_advance(struct asm *a, uint64_t n, const char *at);
bool asm_need_known(struct asm *a, const struct asm_value *v, const char *at,
                    const char *what);

/* asm_insn.c */
bool asm_instruction(struct asm *a, struct asm_lexer *lx, const struct asm_tok *mn);
const char *asm_suggest_mnemonic(const struct asm *a, const char *word);

#endif /* SIMMON_ASM_INTERNAL */
#endif
