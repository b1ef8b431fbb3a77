/*
 * test_debugger.c - the debugger's engine without a terminal: the
 * expression evaluator and the x/FMT parser as tables, the command table's
 * lookup (aliases, prefixes, ambiguity), and whole sessions on assembled
 * programs: the page walker against the MMU, reads that never change the
 * machine, reverse execution that gives back the forward run's states,
 * Enter repeating, and a storm of random command lines that must only ever
 * produce messages; and the same under the monitor: the guest's tables read
 * as the bare MMU would, the shadow maps the guest's frames, inspecting
 * changes nothing, stopping at every VM exit keeps the bare machine's time.
 *
 * The engine's files are compiled into this test directly (the Makefile
 * links unit tests with libsimmon.a only, and the engine is not in it).
 * They use no readline and no curses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "debugger/dbg_break.c"
#include "debugger/dbg_cmd.c"
#include "debugger/dbg_data.c"
#include "debugger/dbg_engine.c"
#include "debugger/dbg_exec.c"
#include "debugger/dbg_expr.c"
#include "debugger/dbg_info.c"
#include "debugger/dbg_pt.c"
#include "debugger/dbg_rev.c"
#include "debugger/dbg_shadow.c"
#include "debugger/dbg_vm.c"
#include "isa/asm.h"

/* ---- expressions -------------------------------------------------------------------- */

static bool t_var(void *ctx, const char *name, uint32_t *v)
{
    (void)ctx;
    if (strcmp(name, "x") == 0) { *v = 21; return true; }
    if (strcmp(name, "big") == 0) { *v = 0xFFFFFFF0u; return true; }
    return false;
}

static bool t_sym(void *ctx, const char *name, uint32_t *v)
{
    (void)ctx;
    if (strcmp(name, "sym") == 0) { *v = 0x100; return true; }
    if (strcmp(name, "loop.end") == 0) { *v = 0x140; return true; }
    return false;
}

static bool t_mem(void *ctx, uint32_t addr, unsigned size, uint32_t *v, char *err, size_t len)
{
    (void)ctx;
    if (addr != 0x100) {
        snprintf(err, len, "cannot access 0x%08x", addr);
        return false;
    }
    uint32_t word = 0xDEADBEEFu;
    *v = size == 1 ? (word & 0xFF) : size == 2 ? (word & 0xFFFF) : word;
    return true;
}

static const struct dbg_expr_env env = { NULL, t_var, t_sym, t_mem };

static void test_expr_values(void **state)
{
    (void)state;
    static const struct { const char *text; uint32_t want; } cases[] = {
        { "42", 42 }, { "0x2A", 42 }, { "0b101010", 42 }, { "0x8000_0000", 0x80000000u },
        { "1 + 2 * 3", 7 }, { "(1 + 2) * 3", 9 }, { "10 - 4 - 3", 3 }, { "2 * 3 % 4", 2 },
        { "-7 / 2", (uint32_t)-3 }, { "-7 % 2", (uint32_t)-1 }, { "7 % -2", 1 },
        { "0x80000000 / -1", 0x80000000u }, { "0x80000000 % -1", 0 },
        { "1 << 31", 0x80000000u }, { "0x80000000 >> 31", 1 }, { "1 << 32", 0 },
        { "-1 < 0", 1 }, { "0xffffffff > 1", 0 }, { "2 <= 2", 1 }, { "3 >= 4", 0 },
        { "1 == 1 && 2 != 2", 0 }, { "0 || 5", 1 }, { "6 & 3 | 8 ^ 1", 11 },
        { "~0", 0xFFFFFFFFu }, { "!0", 1 }, { "!7", 0 }, { "- -5", 5 }, { "+3", 3 },
        { "'A' + 1", 66 }, { "'\\n'", 10 }, { "'\\x41'", 0x41 }, { "'\\''", '\'' },
        { "$x * 2", 42 }, { "$big + 0x20", 0x10 }, { "sym", 0x100 }, { "loop.end - sym", 0x40 },
        { "*sym", 0xDEADBEEFu }, { "*(0x80 * 2)", 0xDEADBEEFu }, { "{b}sym", 0xEF },
        { "{h}sym", 0xBEEF }, { "{w}sym", 0xDEADBEEFu }, { "{char}sym + 1", 0xF0 },
        { "  ( ( 1 ) )  ", 1 }, { "4294967295", 0xFFFFFFFFu },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t v = 0;
        char err[200];
        if (!dbg_expr_eval(&env, cases[i].text, &v, err, sizeof err))
            fail_msg("'%s': %s", cases[i].text, err);
        if (v != cases[i].want)
            fail_msg("'%s' = 0x%x, expected 0x%x", cases[i].text, v, cases[i].want);
    }
}

static void test_expr_errors(void **state)
{
    (void)state;
    char deep[300], longtext[1200];
    memset(deep, '(', 100);
    strcpy(deep + 100, "1");
    memset(longtext, '1', sizeof longtext - 1);
    longtext[sizeof longtext - 1] = '\0';
    const struct { const char *text; const char *msg; } cases[] = {
        { "1 / 0", "division by zero" }, { "5 % (2 - 2)", "division by zero" },
        { "(1", "missing ')'" }, { "1 +", "expected an operand" }, { "", "expected an expression" },
        { "1 2", "unexpected" }, { "nosuch", "no symbol 'nosuch'" },
        { "a0", "registers are written $a0" }, { "$nosuch", "no register or variable" },
        { "0x100000000", "bad number" }, { "99999999999", "bad number" }, { "12ab", "bad number" },
        { "*0x200", "cannot access 0x00000200" }, { "{q}1", "expected {b}" }, { "'ab'", "unterminated" },
        { "''", "empty character" }, { "'\\q'", "bad character escape" }, { deep, "nested too deeply" },
        { longtext, "too long" }, { ")", "expected an operand" }, { "#", "expected an operand" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t v = 0x12345678;
        char err[300];
        if (dbg_expr_eval(&env, cases[i].text, &v, err, sizeof err))
            fail_msg("'%.40s' evaluated to 0x%x; expected an error", cases[i].text, v);
        if (!strstr(err, cases[i].msg))
            fail_msg("'%.40s': message '%s' lacks '%s'", cases[i].text, err, cases[i].msg);
        assert_int_equal(v, 0x12345678);
    }
}

static void test_xfmt(void **state)
{
    (void)state;
    struct dbg_xfmt f = { 1, 'x', 4 };
    char err[200];
    assert_true(dbg_parse_xfmt("10xw", &f, err, sizeof err));
    assert_int_equal(f.count, 10);
    assert_int_equal(f.fmt, 'x');
    assert_int_equal(f.size, 4);
    assert_true(dbg_parse_xfmt("i", &f, err, sizeof err));
    assert_int_equal(f.count, 10);            /* letters not given are kept */
    assert_int_equal(f.fmt, 'i');
    assert_true(dbg_parse_xfmt("3cb", &f, err, sizeof err));
    assert_int_equal(f.count, 3);
    assert_int_equal(f.size, 1);
    assert_int_equal(f.fmt, 'c');
    assert_true(dbg_parse_xfmt("65536dh", &f, err, sizeof err));
    assert_int_equal(f.count, 65536);
    assert_false(dbg_parse_xfmt("65537x", &f, err, sizeof err));
    assert_non_null(strstr(err, "too large"));
    assert_false(dbg_parse_xfmt("999999999999999999999x", &f, err, sizeof err));
    assert_false(dbg_parse_xfmt("0x", &f, err, sizeof err));
    assert_non_null(strstr(err, "at least 1"));
    assert_false(dbg_parse_xfmt("4g", &f, err, sizeof err));
    assert_false(dbg_parse_xfmt("4z", &f, err, sizeof err));
    assert_non_null(strstr(err, "unknown format letter 'z'"));
    assert_int_equal(f.count, 65536);         /* unchanged by the failures' letters */
}

/* ---- the command table ----------------------------------------------------------------- */

static void test_command_lookup(void **state)
{
    (void)state;
    static const struct { const char *word, *want; } cases[] = {
        { "s", "step" }, { "si", "stepi" }, { "n", "next" }, { "ni", "nexti" }, { "c", "continue" },
        { "cont", "continue" }, { "b", "break" }, { "br", "break" }, { "bt", "backtrace" },
        { "where", "backtrace" }, { "i", "info" }, { "p", "print" }, { "disp", "display" },
        { "und", "undisplay" }, { "u", "until" }, { "unt", "until" }, { "tb", "tbreak" },
        { "rsi", "reverse-stepi" }, { "rc", "reverse-continue" }, { "reverse-c", "reverse-continue" },
        { "x", "x" }, { "xp", "xp" }, { "q", "quit" }, { "fin", "finish" }, { "d", "delete" },
        { "r", "run" }, { "l", "list" }, { "tr", "translate" }, { "wa", "watch" },
    };
    char err[300];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct dbg_cmd *c = dbg_cmd_lookup(cases[i].word, err, sizeof err);
        if (!c || strcmp(c->name, cases[i].want) != 0)
            fail_msg("'%s' -> %s, expected %s (%s)", cases[i].word, c ? c->name : "NULL", cases[i].want, err);
    }
    assert_null(dbg_cmd_lookup("reverse", err, sizeof err));
    assert_non_null(strstr(err, "ambiguous command 'reverse': reverse-stepi, reverse-continue"));
    assert_null(dbg_cmd_lookup("nosuch", err, sizeof err));
    assert_non_null(strstr(err, "unknown command 'nosuch'"));
    assert_null(dbg_cmd_lookup("", err, sizeof err));
    const struct dbg_subcmd *s = dbg_subcmd_lookup(dbg_info_cmds, "reg", err, sizeof err);
    assert_non_null(s);
    assert_string_equal(s->name, "registers");
    assert_string_equal(dbg_subcmd_lookup(dbg_info_cmds, "b", err, sizeof err)->name, "breakpoints");
    assert_null(dbg_subcmd_lookup(dbg_info_cmds, "t", err, sizeof err));
    assert_non_null(strstr(err, "ambiguous"));
    /* every command has usage and help; help's summary is the first line */
    size_t n;
    const struct dbg_cmd *t = dbg_cmd_table(&n);
    assert_true(n > 30);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(t[i].fn);
        assert_true(strlen(t[i].usage) > 0 && strlen(t[i].help) > 10);
    }
}

/* ---- sessions ----------------------------------------------------------------------------- */

struct session {
    struct dbg *d;
    FILE *out;
    char *buf;
    size_t len, seen;
};

static void open_session(struct session *s, const char *name, const char *src)
{
    struct image img;
    image_init(&img);
    struct asm_options o;
    asm_options_default(&o);
    if (asm_string(name, src, &o, &img) != 0)
        fail_msg("%s does not assemble", name);
    struct machine_config cfg;
    machine_config_default(&cfg);
    cfg.ram_size = 1u << 20;
    memset(s, 0, sizeof *s);
    s->out = open_memstream(&s->buf, &s->len);
    assert_non_null(s->out);
    char err[300];
    s->d = dbg_new(&cfg, NULL, 0, &img, name, s->out, err, sizeof err);
    if (!s->d)
        fail_msg("dbg_new: %s", err);
    image_free(&img);
}

/* Run one command line; return what it printed (valid until the next call). */
static const char *cmd(struct session *s, const char *line, bool interactive)
{
    dbg_execute(s->d, line, interactive);
    fflush(s->out);
    const char *text = s->buf + s->seen;
    s->seen = s->len;
    return text;
}

static void close_session(struct session *s)
{
    dbg_free(s->d);
    fclose(s->out);
    free(s->buf);
}

/* A kernel that maps pages in three L1 regions (one malformed entry, one
 * pointer at the last level), turns paging on and loops. */
static const char paging_src[] =
    "        .equ L1, 0x10000\n"
    "        .equ L2A, 0x11000\n"
    "        .equ L2B, 0x12000\n"
    "        .macro pte table, index, value\n"
    "        li t0, \\table + \\index * 4\n"
    "        li t1, \\value\n"
    "        sw t1, 0(t0)\n"
    "        .endm\n"
    "_start: pte L1, 0, L2A | 1\n"
    "        pte L1, 5, L2B | 1\n"
    "        pte L1, 7, 0x40000 | 3\n"           /* malformed: R in an L1 entry */
    "        pte L2A, 1, 0x1000 | 0xB\n"         /* text: V R X */
    "        pte L2A, 2, 0x2000 | 0x17\n"        /* V R W U */
    "        pte L2A, 3, 0x5000 | 0x01\n"        /* a pointer at the last level: malformed */
    "        pte L2B, 0, 0x3000 | 0x07\n"
    "        pte L2B, 1023, 0x4000 | 0x03\n"
    "        li t0, L1\n"
    "        mtcr ptbr, t0\n"
    "        li t0, 0x10\n"
    "        mtcr status, t0\n"
    "paged:  li t2, 0x2000\n"
    "loop:   lw t3, 0(t2)\n"
    "        addi t3, t3, 1\n"
    "        sw t3, 0(t2)\n"
    "        j loop\n";

static void test_walk_matches_mmu(void **state)
{
    (void)state;
    struct session s;
    open_session(&s, "paging.s", paging_src);
    assert_non_null(strstr(cmd(&s, "break paged", false), "Breakpoint 1 at"));
    assert_non_null(strstr(cmd(&s, "continue", false), "Breakpoint 1,"));
    const struct dbg_pt_source *src = dbg_pt_source_find(s.d, "mmu");
    assert_non_null(src);
    unsigned ok = 0, faults = 0;
    for (uint64_t va = 0; va < 0x100000000ull; va += 0x1000 + (va >> 20)) {
        struct dbg_walk w;
        uint32_t pa;
        dbg_pt_walk(src, (uint32_t)va + 0x234, &w);
        bool mmu = machine_translate(s.d->m, (uint32_t)va + 0x234, &pa, NULL);
        if (w.ok != mmu || (mmu && w.pa != pa))
            fail_msg("VA 0x%08x: walker %d 0x%08x, MMU %d 0x%08x (%s)", (unsigned)va + 0x234, w.ok, w.pa,
                     mmu, pa, w.why);
        ok += mmu;
        faults += !mmu;
    }
    assert_true(ok >= 3 && faults > 1000);
    const char *t = cmd(&s, "info pt", false);
    assert_non_null(strstr(t, "L2[        2] 0x00002000-0x00002fff -> 0x00002000-0x00002fff  V R W - U - -"));
    assert_non_null(strstr(t, "malformed (a pointer at the last level)"));
    assert_non_null(strstr(t, "malformed (R/W/X set in an L1 entry)"));
    assert_non_null(strstr(t, "L2[     1023] 0x017ff000-0x017fffff -> 0x00004000-0x00004fff"));
    t = cmd(&s, "info pt 0x01c00000", false);
    assert_non_null(strstr(t, "L1 entry 7 has R, W or X set: malformed"));
    t = cmd(&s, "info mem", false);
    assert_non_null(strstr(t, "0x00002000-0x00002fff  -> 0x00002000-0x00002fff  rw- user    1 page"));
    close_session(&s);
}

struct state {
    uint32_t pc, r[16], cr[ISA_CR_COUNT];
    uint64_t cycles, instret, ram;
};

static struct state take_state(struct dbg *d)
{
    struct state st;
    memset(&st, 0, sizeof st);
    st.pc = machine_pc(d->m);
    for (unsigned i = 0; i < 16; i++)
        st.r[i] = machine_reg(d->m, i);
    for (unsigned i = 0; i < ISA_CR_COUNT; i++)
        st.cr[i] = machine_cr(d->m, i);
    st.cycles = machine_cycles(d->m);
    st.instret = machine_instret(d->m);
    st.ram = dbg_ram_hash(d);
    return st;
}

static void assert_same_state(const struct state *a, const struct state *b, const char *what, int i)
{
    if (memcmp(a, b, sizeof *a) != 0)
        fail_msg("%s %d: state differs (pc 0x%x/0x%x cycles %llu/%llu ram %llx/%llx)", what, i, a->pc, b->pc,
                 (unsigned long long)a->cycles, (unsigned long long)b->cycles, (unsigned long long)a->ram,
                 (unsigned long long)b->ram);
}

static void test_reads_change_nothing(void **state)
{
    (void)state;
    struct session a, b;
    open_session(&a, "paging.s", paging_src);
    open_session(&b, "paging.s", paging_src);
    static const char *const looks[] = {
        "x/8xw $sp - 32", "x/4xw 0x2000", "x/2i $pc", "xp/4xw 0x10000", "info pt", "info pt $pc",
        "translate $pc", "translate 0x01400000", "info tlb", "info mem", "info cr", "info registers",
        "backtrace", "x/s 0x2000", "print *0x2000 + $t3", "info traps", "info state", "list",
    };
    for (int i = 0; i < 120; i++) {
        cmd(&a, "stepi", false);
        for (size_t k = 0; k < sizeof looks / sizeof looks[0]; k++)
            cmd(&b, looks[k], false);
        cmd(&b, "stepi", false);
        struct state sa = take_state(a.d), sb = take_state(b.d);
        assert_same_state(&sa, &sb, "step", i);
        struct machine_stats ta, tb;
        machine_get_stats(a.d->m, &ta);
        machine_get_stats(b.d->m, &tb);
        assert_memory_equal(&ta, &tb, sizeof ta);
        for (unsigned k = 0; k < machine_tlb_size(a.d->m); k++) {
            uint32_t v1 = 0, p1 = 0, v2 = 0, p2 = 0;
            assert_int_equal(machine_tlb_entry(a.d->m, k, &v1, &p1), machine_tlb_entry(b.d->m, k, &v2, &p2));
            assert_int_equal(v1, v2);
            assert_int_equal(p1, p2);
        }
    }
    close_session(&a);
    close_session(&b);
}

static void test_reverse_gives_back_states(void **state)
{
    (void)state;
    struct session s;
    open_session(&s, "paging.s", paging_src);
    cmd(&s, "set reverse-interval 7", false);
    cmd(&s, "set reverse-snapshots 3", false);
    enum { N = 160 };
    struct state *fwd = calloc(N + 1, sizeof *fwd);
    assert_non_null(fwd);
    fwd[0] = take_state(s.d);
    for (int i = 1; i <= N; i++) {
        cmd(&s, "stepi", false);
        fwd[i] = take_state(s.d);
    }
    int at = N;
    for (int k = 1; at > 0; k = k % 4 + 1) {   /* back 1, 2, 3, 4, 1, ... steps at a time */
        int n = k < at ? k : at;
        assert_int_equal(dbg_rev_back(s.d, (uint64_t)n), n);
        at -= n;
        struct state st = take_state(s.d);
        assert_same_state(&fwd[at], &st, "reverse to step", at);
    }
    assert_int_equal(dbg_rev_back(s.d, 1), 0);     /* the beginning of history */
    /* forward again from the past: the same states */
    for (int i = 1; i <= 40; i++) {
        cmd(&s, "stepi", false);
        struct state st = take_state(s.d);
        assert_same_state(&fwd[i], &st, "forward again, step", i);
    }
    /* a change by hand starts a new history */
    cmd(&s, "set $a0 = 99", false);
    assert_int_equal(dbg_rev_back(s.d, 1), 0);
    free(fwd);
    close_session(&s);
}

static void test_enter_repeats(void **state)
{
    (void)state;
    struct session s;
    open_session(&s, "paging.s", paging_src);
    cmd(&s, "stepi", true);
    assert_int_equal(machine_pc(s.d->m), 0x1004);
    cmd(&s, "", true);
    cmd(&s, "", true);
    assert_int_equal(machine_pc(s.d->m), 0x100c);
    cmd(&s, "", false);                         /* scripts: empty lines do nothing */
    assert_int_equal(machine_pc(s.d->m), 0x100c);
    const char *t = cmd(&s, "x/2xw 0x1000", true);
    assert_non_null(strstr(t, "0x00001000 <_start>:"));
    t = cmd(&s, "", true);
    assert_non_null(strstr(t, "0x00001008 <_start+0x8>:"));
    cmd(&s, "print 1", true);                   /* not repeatable: Enter does nothing */
    t = cmd(&s, "", true);
    assert_string_equal(t, "");
    close_session(&s);
}

/* Random command lines, words from the table mixed with junk: only ever
 * messages.  (No `dot` or `source`: those touch files.)  The program ends
 * by itself, so run and continue come back. */
static const char finite_src[] =
    "_start: la   t0, handler\n"
    "        mtcr tvec, t0\n"
    "        li   s1, 40\n"
    "        li   sp, 0x8000\n"
    "loop:   call f\n"
    "        addi s1, s1, -1\n"
    "        bnez s1, loop\n"
    "        li   t0, 0xF0003000\n"
    "        sw   zero, 0(t0)\n"
    "f:      addi sp, sp, -8\n"
    "        sw   ra, 4(sp)\n"
    "        sw   fp, 0(sp)\n"
    "        mv   fp, sp\n"
    "        la   t1, data\n"
    "        sw   s1, 0(t1)\n"
    "        syscall\n"
    "        mv   sp, fp\n"
    "        lw   fp, 0(sp)\n"
    "        lw   ra, 4(sp)\n"
    "        addi sp, sp, 8\n"
    "        ret\n"
    "handler: mfcr t0, epc\n"
    "        addi t0, t0, 4\n"
    "        mtcr epc, t0\n"
    "        eret\n"
    "        .data\n"
    "data:   .word 0\n";

static void test_random_lines(void **state)
{
    (void)state;
    struct session s;
    open_session(&s, "finite.s", finite_src);
    cmd(&s, "set step-limit 10000", false);
    static const char *const words[] = {
        "x/", "xp/", "print ", "p/x ", "break ", "tbreak ", "watch ", "rwatch ", "awatch ", "delete ",
        "enable ", "disable ", "condition ", "info ", "info pt ", "info registers ", "translate ",
        "stepi ", "nexti ", "step ", "next ", "finish", "until ", "continue ", "rsi ", "rc", "set ",
        "set $", "display ", "undisplay ", "list ", "bt ", "catch trap ", "help ", "run", "start",
        "$pc", "$sp", "*", "{b}", "0x", "-", "(", ")", "if ", "==", "<<", "9999999999", "'", "\\",
        "f", "loop", "data", "=", " ", "%", ",", "/", "0", "1", "-phys ", "\t", "xw", "i", "s",
    };
    uint32_t seed = 12345;
    for (int i = 0; i < 3000; i++) {
        char line[300] = "";
        int parts = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 6;
        for (int k = 0; k < parts; k++) {
            seed = seed * 1103515245u + 12345u;
            strncat(line, words[(seed >> 16) % (sizeof words / sizeof words[0])], sizeof line - strlen(line) - 1);
        }
        if (!strncmp(line, "do", 2) || !strncmp(line, "so", 2))
            continue;
        cmd(&s, line, (i & 1) != 0);
        if (s.len > (1u << 24)) {               /* keep the buffer small */
            fclose(s.out);
            free(s.buf);
            s.buf = NULL;
            s.out = open_memstream(&s.buf, &s.len);
            s.d->out = s.out;
            s.seen = 0;
        }
    }
    close_session(&s);
}

/* ---- under the monitor ------------------------------------------------------------------ */

/* A session on n guests, each running the same assembled program. */
static void open_vm_session(struct session *s, const char *name, const char *src, size_t n)
{
    struct dbg_vm_spec specs[8];
    memset(specs, 0, sizeof specs);
    for (size_t i = 0; i < n; i++) {
        struct asm_options o;
        asm_options_default(&o);
        image_init(&specs[i].img);
        if (asm_string(name, src, &o, &specs[i].img) != 0)
            fail_msg("%s does not assemble", name);
        snprintf(specs[i].path, sizeof specs[i].path, "%s", name);
        specs[i].ram_size = 1u << 20;
    }
    struct machine_config cfg;
    machine_config_default(&cfg);
    memset(s, 0, sizeof *s);
    s->out = open_memstream(&s->buf, &s->len);
    assert_non_null(s->out);
    char err[300];
    s->d = dbg_new_vm(&cfg, 500, specs, n, s->out, err, sizeof err);
    if (!s->d)
        fail_msg("dbg_new_vm: %s", err);
    for (size_t i = 0; i < n; i++)              /* taken over: emptied */
        assert_int_equal(specs[i].img.nsegs, 0);
}

static struct mon *vm_mon(const struct session *s)
{
    return ((struct dbg_vm *)s->d->backend.ctx)->mon;
}

/* The guest's tables, read by the "guest" source, translate as the bare
 * machine's MMU does with the same tables; every page the shadow maps is
 * the guest's frame; x reads what the guest sees. */
static void test_vm_views_match_bare(void **state)
{
    (void)state;
    struct session bare, vm;
    open_session(&bare, "paging.s", paging_src);
    open_vm_session(&vm, "paging.s", paging_src, 1);
    assert_non_null(strstr(cmd(&vm, "info pt -s both", false), "paging-off space"));
    for (int k = 0; k < 2; k++) {
        struct session *s = k ? &vm : &bare;
        cmd(s, "break loop", false);
        assert_non_null(strstr(cmd(s, "continue", false), "Breakpoint 1,"));
        assert_non_null(strstr(cmd(s, "continue 3", false), "Breakpoint 1,"));
    }
    assert_int_equal(machine_pc(vm.d->m), machine_pc(bare.d->m));
    for (unsigned r = 0; r < 16; r++)
        assert_int_equal(machine_reg(vm.d->m, r), machine_reg(bare.d->m, r));
    const struct dbg_pt_source *mmu = dbg_pt_source_find(bare.d, "mmu");
    const struct dbg_pt_source *g = dbg_pt_source_find(vm.d, "guest"), *sh = dbg_pt_source_find(vm.d, "shadow");
    assert_non_null(g);
    assert_non_null(sh);
    unsigned mapped = 0, shadowed = 0;
    for (uint64_t va = 0; va < 0x100000000ull; va += 0x1000 + (va >> 20)) {
        struct dbg_walk wb, wg, ws;
        dbg_pt_walk(mmu, (uint32_t)va + 0x10, &wb);
        dbg_pt_walk(g, (uint32_t)va + 0x10, &wg);
        dbg_pt_walk(sh, (uint32_t)va + 0x10, &ws);
        if (wb.ok != wg.ok || (wb.ok && wb.pa != wg.pa))
            fail_msg("VA 0x%08x: bare %d 0x%08x, guest %d 0x%08x", (unsigned)va + 0x10, wb.ok, wb.pa, wg.ok, wg.pa);
        mapped += wg.ok;
        if (ws.ok) {                             /* the shadow maps the guest's frame */
            uint32_t host;
            assert_true(wg.ok);
            assert_true(g->to_host(g->ctx, wg.pa, &host));
            assert_int_equal(host, ws.pa);
            shadowed++;
        }
        uint32_t a = 0, b = 0;
        char e1[300], e2[300];
        bool ra = dbg_read_mem(bare.d, (uint32_t)va + 0x10, false, &a, 4, e1, sizeof e1);
        bool rb = dbg_read_mem(vm.d, (uint32_t)va + 0x10, false, &b, 4, e2, sizeof e2);
        if (ra != rb || a != b)
            fail_msg("VA 0x%08x: x reads %d 0x%08x bare, %d 0x%08x in the guest (%s / %s)", (unsigned)va + 0x10,
                     ra, a, rb, b, ra ? "" : e1, rb ? "" : e2);
    }
    assert_true(mapped >= 3 && shadowed >= 2);
    struct dbg_cmp c;
    char err[300];
    assert_true(dbg_cmp_build(vm.d, 0, 0xFFFFFFFFu, &c, err, sizeof err));
    assert_false(c.used & (1u << DBG_CMP_BAD));
    assert_true(c.used & (1u << DBG_CMP_SAME));
    assert_true(c.used & (1u << DBG_CMP_ABSENT));
    dbg_cmp_free(&c);
    const char *t = cmd(&vm, "info shadow 0x2000", false);
    assert_non_null(strstr(t, "=> same: the shadow maps it as the guest does"));
    close_session(&bare);
    close_session(&vm);
}

static struct state take_vm_state(const struct session *s)
{
    struct state st = take_state(s->d);
    struct mon_guest_stats g;
    mon_guest_stats(vm_mon(s), 0, &g);
    for (unsigned i = 0; i < ISA_CR_COUNT; i++)
        st.cr[i] ^= mon_guest_cr(vm_mon(s), 0, i);
    st.instret ^= g.vcycles << 20 ^ g.instret;
    return st;
}

/* Inspecting between steps changes nothing: registers, the real and
 * virtual control registers, cycles (real and virtual), all real RAM (the
 * shadow tables and the guest's A/D bits included). */
static void test_vm_reads_change_nothing(void **state)
{
    (void)state;
    struct session a, b;
    open_vm_session(&a, "finite.s", finite_src, 1);
    open_vm_session(&b, "finite.s", finite_src, 1);
    static const char *const looks[] = {
        "info vm", "info exits 3", "info pt -s both", "info shadow $pc", "info pt -s guest", "info pt -s shadow",
        "info pt -s guest $pc", "translate -s shadow $pc", "info mem -s guest", "info cr", "info registers",
        "x/4xw $sp", "x/2i $pc", "xp/4xw 0x1000", "bt", "print $vstatus + $vcycles", "info traps", "info tlb",
        "info state", "info breakpoints",
    };
    for (int i = 0; i < 400 && !a.d->exited; i++) {
        cmd(&a, "stepi", false);
        for (size_t k = 0; k < sizeof looks / sizeof looks[0]; k++)
            cmd(&b, looks[k], false);
        cmd(&b, "stepi", false);
        struct state sa = take_vm_state(&a), sb = take_vm_state(&b);
        assert_same_state(&sa, &sb, "step under the monitor", i);
        assert_int_equal(mon_exit_total(vm_mon(&a)), mon_exit_total(vm_mon(&b)));
    }
    close_session(&a);
    close_session(&b);
}

/* Stopping at every exit, and stepping, end as running does: the same
 * virtual cycles, instructions and output (the bare machine's). */
static void test_vm_stops_keep_virtual_time(void **state)
{
    (void)state;
    struct session bare, run, stops, steps;
    open_session(&bare, "finite.s", finite_src);
    open_vm_session(&run, "finite.s", finite_src, 1);
    open_vm_session(&stops, "finite.s", finite_src, 1);
    open_vm_session(&steps, "finite.s", finite_src, 1);
    cmd(&bare, "continue", false);
    assert_non_null(strstr(cmd(&run, "continue", false), "every guest has stopped"));
    cmd(&stops, "catch exit", false);
    int n = 0;
    while (!stops.d->exited && n++ < 100000)
        cmd(&stops, "continue", false);
    assert_true(n > 40);
    while (!steps.d->exited)
        cmd(&steps, "stepi", false);
    struct mon_guest_stats r, x, y;
    mon_guest_stats(vm_mon(&run), 0, &r);
    mon_guest_stats(vm_mon(&stops), 0, &x);
    mon_guest_stats(vm_mon(&steps), 0, &y);
    assert_int_equal(r.vcycles, machine_cycles(bare.d->m));
    assert_int_equal(r.instret, machine_instret(bare.d->m));
    assert_int_equal(x.vcycles, r.vcycles);
    assert_int_equal(y.vcycles, r.vcycles);
    assert_int_equal(x.instret, r.instret);
    assert_int_equal(y.instret, r.instret);
    assert_int_equal(mon_exit_total(vm_mon(&stops)), mon_exit_total(vm_mon(&run)));
    /* the exit log: the pc each exit happened at holds the instruction shown */
    const struct dbg_exit_source *xs = run.d->exit_source;
    for (uint64_t i = 1; i <= xs->count(xs->ctx); i++) {
        struct dbg_exit_rec e;
        assert_true(xs->get(xs->ctx, i, &e));
        uint32_t w = 0;
        char err[300];
        if (e.has_insn && dbg_read_mem(run.d, e.pc, false, &w, 4, err, sizeof err))
            assert_int_equal(w, e.insn);
    }
    close_session(&bare);
    close_session(&run);
    close_session(&stops);
    close_session(&steps);
}

/* Random command lines under the monitor (two guests): only messages. */
static void test_vm_random_lines(void **state)
{
    (void)state;
    struct session s;
    open_vm_session(&s, "finite.s", finite_src, 2);
    cmd(&s, "set step-limit 10000", false);
    static const char *const words[] = {
        "x/", "xp/", "print ", "break ", "watch ", "delete ", "info ", "info pt ", "info pt -s both ",
        "info shadow ", "info exits ", "info vm", "-s guest ", "-s shadow ", "translate ", "stepi ",
        "next ", "finish", "continue ", "rsi ", "set ", "set $", "catch exit ", "catch trap ", "shadow",
        "priv", "timer", "irq", "mmio", "layout vm", "run", "start", "$pc", "$vstatus", "$guest", "$vptbr",
        "*", "0x", "f", "loop", "data", "if ", "==", "9999999999", " ", "0", "1", "-phys ", "xw", "i",
    };
    uint32_t seed = 777;
    for (int i = 0; i < 3000; i++) {
        char line[300] = "";
        int parts = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 6;
        for (int k = 0; k < parts; k++) {
            seed = seed * 1103515245u + 12345u;
            strncat(line, words[(seed >> 16) % (sizeof words / sizeof words[0])], sizeof line - strlen(line) - 1);
        }
        cmd(&s, line, (i & 1) != 0);
        if (s.len > (1u << 24)) {
            fclose(s.out);
            free(s.buf);
            s.buf = NULL;
            s.out = open_memstream(&s.buf, &s.len);
            s.d->out = s.out;
            s.seen = 0;
        }
    }
    close_session(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expr_values),
        cmocka_unit_test(test_expr_errors),
        cmocka_unit_test(test_xfmt),
        cmocka_unit_test(test_command_lookup),
        cmocka_unit_test(test_walk_matches_mmu),
        cmocka_unit_test(test_reads_change_nothing),
        cmocka_unit_test(test_reverse_gives_back_states),
        cmocka_unit_test(test_enter_repeats),
        cmocka_unit_test(test_random_lines),
        cmocka_unit_test(test_vm_views_match_bare),
        cmocka_unit_test(test_vm_reads_change_nothing),
        cmocka_unit_test(test_vm_stops_keep_virtual_time),
        cmocka_unit_test(test_vm_random_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
