/*
 * dbg.h - the debugger's engine: the state of one debugging session and
 * the functions its parts share.
 *
 * Layers (each file opens with what it owns):
 *
 *   engine (no readline, no curses; unit-tested in tests/unit/test_debugger.c)
 *     dbg_expr.c    expressions, numbers, x/FMT letters (pure: no machine)
 *     dbg_cmd.c     the command table (which also produces `help`), the
 *                   parser (prefixes, aliases, /FMT, Enter repeats), dispatch
 *     dbg_engine.c  the session: machine lifecycle, output, source files,
 *                   "where am I" lines, reading guest memory, stop reports
 *     dbg_exec.c    execution: run, continue, step, next, finish, until,
 *                   stepi; the trap log and `catch trap`
 *     dbg_break.c   breakpoints, watchpoints, catchpoints, displays
 *     dbg_data.c    x, print, set, display output, list
 *     dbg_info.c    info registers/cr/tlb/traps/devices/..., backtrace
 *     dbg_pt.c      page-table sources, info pt, translate, info mem, dot
 *     dbg_rev.c     snapshots and reverse execution
 *     dbg_vm.c      guests under the monitor: the backend, the exit hook,
 *                   the exit log, `info vm`, the "guest"/"shadow" sources
 *     dbg_shadow.c  a guest's page tables beside its shadow table
 *   front ends
 *     dbg_cli.c     `simmon debug`: options, GNU readline, batch mode
 *     dbg_tui.c     `--tui`: the ncurses screen, keys, readline callbacks
 *     dbg_tui_pane.c  drawing of the panes
 *
 * Only public headers are used (sim/machine.h, the isa/ headers, and
 * monitor/monitor.h in dbg_vm.c): the debugger is a client of the machine
 * and of the monitor like any other.  Everything hangs off one struct
 * dbg *; there are no globals in the engine.
 *
 * The monitor plugs in through three abstractions (dbg_vm.c fills them):
 *   - struct dbg_pt_source: a tree of page tables and how to read it
 *     ("mmu" always; "guest" and "shadow" under the monitor);
 *   - struct dbg_exit_source: the monitor's exit log, `info vm`, `catch
 *     exit`, the notes at stops, the guest's virtual registers;
 *   - struct dbg_backend: how to run and step (the bare machine, or the
 *     monitor's resumable run loop, which returns to the debugger when an
 *     exit the user asked to catch happens), and the optional hooks that
 *     differ: rebuilding the target, reading memory as the guest sees it,
 *     more $variables, what is refused.
 */
#ifndef SIMMON_DBG_H
#define SIMMON_DBG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "isa/image.h"
#include "sim/machine.h"

#if defined(__GNUC__)
#define DBG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define DBG_PRINTF(a, b)
#endif

struct dbg;

/* ---- expressions (dbg_expr.c) ------------------------------------------
 * Values are 32-bit, as in the machine: + - * << wrap; / % < > <= >= are
 * signed (as C's int), >> is logical.  Operands: numbers (42, 0x2a, 0b101,
 * 'A'), symbols, $registers and $variables, *ADDR (a word through the
 * MMU), {b}ADDR {h}ADDR {w}ADDR (a byte, half or word).  The environment
 * supplies names and memory, so the evaluator is pure. */
struct dbg_expr_env {
    void *ctx;
    /* $name (without the $): a register, a control register, $pc, $cycles,
     * value history ($1, $, $$)... false if there is no such name. */
    bool (*var)(void *ctx, const char *name, uint32_t *v);
    /* A program symbol; false if none. */
    bool (*sym)(void *ctx, const char *name, uint32_t *v);
    /* Read size (1, 2 or 4) bytes at a virtual address; false with err. */
    bool (*mem)(void *ctx, uint32_t addr, unsigned size, uint32_t *v, char *err, size_t errlen);
};

#define DBG_EXPR_MAX 1000      /* longest expression text accepted */
bool dbg_expr_eval(const struct dbg_expr_env *env, const char *text, uint32_t *out,
                   char *err, size_t errlen);
/* Parse a number as the expression language writes it (the whole string). */
bool dbg_parse_number(const char *s, uint32_t *out);

/* x/NFU and print/F: count, format letter, unit size.  Letters are kept
 * from the previous use when absent (gdb's habit), so the caller passes
 * the old values in. */
struct dbg_xfmt {
    uint32_t count;            /* 1.. DBG_X_MAX */
    char fmt;                  /* x d u o t c a i s */
    unsigned size;             /* 1, 2, 4 */
};
#define DBG_X_MAX 65536u
bool dbg_parse_xfmt(const char *s, struct dbg_xfmt *f, char *err, size_t errlen);

/* ---- the command table (dbg_cmd.c) ------------------------------------ */
struct dbg_cmd;
typedef bool dbg_cmd_fn(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
enum {
    DBG_CMD_REPEAT = 1,        /* Enter repeats it */
    DBG_CMD_REPEAT_NOARGS = 2, /* Enter repeats it without arguments (x, list) */
    DBG_CMD_RUNS = 4,          /* it executes the program (refused when exited) */
};
struct dbg_cmd {
    const char *name;
    const char *aliases;       /* space-separated exact aliases ("s" for step) */
    dbg_cmd_fn *fn;
    unsigned flags;
    const char *usage;
    const char *help;          /* first line: summary; more lines: details */
    const char *group;         /* a heading for `help` (set on the first of a group) */
};
/* Look up a command word: exact name or alias, else a unique prefix.
 * NULL when unknown or ambiguous; then err says which. */
const struct dbg_cmd *dbg_cmd_lookup(const char *word, char *err, size_t errlen);
/* The table, for completion and help. */
const struct dbg_cmd *dbg_cmd_table(size_t *n);
/* Subcommands (info, set/show settings, layout): a NULL-terminated table
 * each, used by dispatch, `help` and completion alike. */
struct dbg_subcmd {
    const char *name;
    const char *aliases;
    bool (*fn)(struct dbg *d, char *args);
    const char *help;
};
extern const struct dbg_subcmd dbg_info_cmds[];      /* dbg_info.c */
extern const struct dbg_subcmd dbg_settings[];       /* dbg_data.c */
extern const char *const dbg_layout_names[];         /* dbg_cmd.c */
const struct dbg_subcmd *dbg_subcmd_lookup(const struct dbg_subcmd *t, const char *word,
                                           char *err, size_t errlen);

/* Execute one command line.  interactive: an empty line repeats the last
 * repeatable command.  Returns false if the command failed (its message
 * already printed).  Sets d->quit on `quit`. */
bool dbg_execute(struct dbg *d, const char *line, bool interactive);
/* Run the commands of a file (`source`, -x).  False if it could not be read. */
bool dbg_source_file(struct dbg *d, const char *path);

/* ---- page-table sources (dbg_pt.c) -------------------------------------
 * A tree of SM32 page tables (SPEC.md section 6) and how to read it.  Every
 * page-table view takes one: info pt, translate, info mem, dot, the TUI.
 * The machine's MMU is the source "mmu".  The monitor will register
 * "guest" (the guest's tables: root = its virtual PTBR, read in
 * guest-physical memory) and "shadow" (its own tables, host-physical);
 * `info pt -s guest` and the TUI's side-by-side layout then work as is. */
struct dbg_pt_source {
    const char *name;
    const char *what;          /* one line for `info pt-sources` */
    void *ctx;
    /* The root table's address in this source's physical space, and
     * whether translation is on (false: virtual = physical). */
    void (*root)(void *ctx, uint32_t *root, bool *enabled);
    /* Read one 32-bit entry at a physical address of this space. */
    bool (*read)(void *ctx, uint32_t pa, uint32_t *word);
    /* This space's physical address as a host-physical one, so that two
     * trees can be compared frame by frame (guest-physical + the guest's
     * RAM base for "guest"); NULL: the identity. */
    bool (*to_host)(void *ctx, uint32_t pa, uint32_t *host_pa);
};
#define DBG_PT_SOURCES 4
bool dbg_add_pt_source(struct dbg *d, const struct dbg_pt_source *src);
const struct dbg_pt_source *dbg_pt_source_find(const struct dbg *d, const char *name);

/* One walk, level by level (the same as the MMU: SPEC.md section 6). */
struct dbg_walk {
    bool enabled;              /* paging on in that source */
    uint32_t root;
    int levels;                /* entries read: 0, 1, 2 */
    uint32_t l1_pa, l1_pte, l2_pa, l2_pte;
    bool ok;                   /* translated */
    uint32_t pa;
    char why[96];              /* when !ok: why the MMU would fault */
};
void dbg_pt_walk(const struct dbg_pt_source *src, uint32_t va, struct dbg_walk *w);
/* A leaf's permission bits as "R W X U A D" with dashes: buf >= 16. */
char *dbg_pte_flags(uint32_t pte, char *buf, size_t len);
/* Visit each valid leaf in [lo, hi] in VA order; the callback returns
 * false to stop.  A malformed entry is passed with bad = its level (1: an
 * L1 entry with R, W or X; 2: an L2 entry with none), else bad = 0. */
typedef bool dbg_leaf_fn(void *ctx, uint32_t va, uint32_t pte, uint32_t l1i, int bad);
void dbg_pt_leaves(const struct dbg_pt_source *src, uint32_t lo, uint32_t hi,
                   dbg_leaf_fn *fn, void *ctx);

enum dbg_stop_kind {
    DBG_STOP_NONE, DBG_STOP_STEP, DBG_STOP_BREAK, DBG_STOP_WATCH, DBG_STOP_CATCH,
    DBG_STOP_EXIT, DBG_STOP_HALT, DBG_STOP_FAULT, DBG_STOP_IDLE, DBG_STOP_INTERRUPT,
    DBG_STOP_HISTORY,          /* reverse execution reached the oldest state */
};

/* ---- the monitor's views (dbg_vm.c fills them in) ----------------------
 * One VM exit as the debugger shows it.  pc and user are where the guest
 * was when it exited (the instruction that trapped, its virtual mode);
 * next_pc is where it goes on after the monitor's work. */
struct dbg_exit_rec {
    uint64_t num;              /* 1 = the first exit */
    uint64_t cycle;            /* real cycle */
    const char *guest;         /* its name */
    uint32_t pc, next_pc;
    bool user;
    const char *reason;        /* monitor.h's tag: "priv", "shadow", ... */
    bool has_insn;
    uint32_t insn;
    uint32_t addr;             /* the faulting or device address (0: none) */
    const char *action;        /* "emulate mtcr", "fill shadow entry ...", ... */
    uint32_t cost;             /* real cycles the monitor spent */
};
struct dbg_exit_source {
    void *ctx;
    uint64_t (*count)(void *ctx);                               /* exits so far */
    bool (*get)(void *ctx, uint64_t num, struct dbg_exit_rec *rec);  /* false: forgotten */
    void (*describe_vm)(void *ctx);                             /* info vm */
    /* `catch exit REASON`: the reason's number, or -1 (names: reasons) */
    int (*reason)(void *ctx, const char *name);
    const char *(*reason_name)(void *ctx, int reason);
    const char *reasons;       /* "priv, shadow, ..." for messages */
    /* At a stop: a note before the location (which guest, the exits a
     * step went through); at the end: how each guest ended. */
    void (*stop_note)(void *ctx, enum dbg_stop_kind k);
    void (*report_end)(void *ctx);
    /* The guest in view: its name, its virtual control register cr, and
     * the shadow space its tables are compared in (dbg_shadow.c). */
    const char *(*guest_name)(void *ctx);
    uint32_t (*vcr)(void *ctx, unsigned cr);
    bool (*vtlb)(void *ctx, uint32_t vpn, uint32_t *pte);      /* its virtual TLB holds vpn */
    uint32_t (*guest_ram)(void *ctx);                           /* its RAM size */
};
void dbg_set_exit_source(struct dbg *d, const struct dbg_exit_source *src);

/* How the engine runs the target.  Default: the bare machine (run and
 * step only).  The monitor's backend (dbg_vm.c) also sets the optional
 * hooks; NULL means "the bare machine's way". */
struct dbg_backend {
    void *ctx;
    enum machine_stop (*run)(void *ctx, uint64_t until);
    enum machine_stop (*step)(void *ctx);
    /* Rebuild the target at its boot state (d->m is replaced); false with
     * a message in err. */
    bool (*restart)(void *ctx, char *err, size_t errlen);
    /* The backend owns d->m: it frees it (and itself). */
    void (*destroy)(void *ctx);
    /* Where virtual (or, phys, "physical") address addr is in the real
     * machine's RAM; false with a message that names the reason. */
    bool (*mem_pa)(void *ctx, uint32_t addr, bool phys, uint32_t *pa, char *err, size_t errlen);
    /* More $variables (false: no such name). */
    bool (*var)(void *ctx, const char *name, uint32_t *v);
    /* Why reverse execution, or writing registers, is refused (NULL: allowed). */
    const char *no_reverse;
    const char *no_set_reg;
};

/* ---- breakpoints and friends (dbg_break.c) ---------------------------- */
enum dbg_point_kind { DBG_BREAK, DBG_WATCH, DBG_CATCH_TRAP, DBG_CATCH_EXIT };
struct dbg_point {
    int num;
    enum dbg_point_kind kind;
    bool enabled, temporary;
    uint32_t addr;             /* break: pc; watch: first byte */
    uint32_t len;              /* watch */
    unsigned access;           /* watch: 1 read 2 write 3 both */
    int cause;                 /* catch: cause (trap) or reason (exit) number, -1 any */
    char *cond;                /* NULL: unconditional */
    char *what;                /* how the user wrote the location */
    uint64_t hits;
};
struct dbg_display {
    int num;
    char fmt[16];
    char *expr;
};

/* ---- the session ------------------------------------------------------- */
struct dbg_trap_rec {
    uint64_t cycle;
    uint32_t cause, epc, badvaddr, handler;
    bool user, vectored;
};
#define DBG_TRAPLOG 256

struct dbg_source {            /* one source file of the image */
    bool tried;
    char *text;                /* the file, NUL-separated lines */
    char **lines;
    size_t nlines;
};

struct dbg_rev;                /* dbg_rev.c */

struct dbg {
    /* the program and the machine */
    struct machine_config cfg;
    uint8_t *input;            /* console input (cfg.input points here) */
    size_t input_len;
    struct image img;
    bool own_img;
    char *prog;                /* the program's path, for messages */
    struct machine *m;
    struct dbg_backend backend;
    bool exited;               /* exited or halted: `run` restarts */
    enum dbg_stop_kind last_stop;

    /* output: everything the engine says goes to out; the guest's
     * console goes to console_fn (default: out, kept on its own lines) */
    FILE *out;
    void (*console_fn)(void *ctx, uint8_t byte);
    void *console_ctx;
    bool console_midline;      /* the console left a line unfinished on out */
    bool replaying;            /* re-executing for reverse: discard output, no logs */
    bool replay_catch;         /* ... and stop at caught traps (reverse-continue) */
    void (*progress)(void *ctx);   /* called between slices of a long run */
    void *progress_ctx;
    unsigned errors;           /* commands that failed (batch exit status) */
    bool quit;

    /* breakpoints, watchpoints, catchpoints, displays */
    struct dbg_point *points;
    size_t npoints, cappoints;
    int next_point;
    struct dbg_display *displays;
    size_t ndisplays, capdisplays;
    int next_display;
    bool trap_caught;          /* a caught trap (or VM exit) happened during this run */
    int caught_point;
    uint64_t caught_exit;      /* the caught VM exit's number */
    uint32_t *active_bps;      /* the breakpoints pushed to the machine (user's + internal) */
    size_t nactive_bps;
    bool stop_pending;         /* we asked the machine to stop (catch) */

    /* trap log (ring) */
    struct dbg_trap_rec traps[DBG_TRAPLOG];
    uint64_t ntraps;           /* total recorded */
    uint64_t tlb_fills;        /* MEV_WALK successes seen */
    uint32_t last_fill_va;

    /* command state */
    char *last_line;           /* for Enter */
    struct dbg_xfmt xfmt;      /* x's sticky format */
    uint32_t x_next;           /* where x continues */
    uint32_t x_start;          /* where the last x started */
    uint64_t x_count;          /* x commands so far (the screen's memory pane follows) */
    bool x_phys;
    uint32_t *history;         /* print's value history $1, $2 ... */
    size_t nhistory, caphistory;
    int source_depth;
    uint32_t list_file, list_next;   /* where `list` continues */
    bool list_valid;
    uint64_t step_limit;       /* step/next give up after this many instructions */

    /* sources of the image, by file index, and where to look for them */
    struct dbg_source *sources;
    char **srcdirs;            /* `directory`: searched newest first */
    size_t nsrcdirs;

    /* page-table sources and the monitor's views */
    struct dbg_pt_source pt_sources[DBG_PT_SOURCES];
    size_t npt_sources;
    const struct dbg_exit_source *exit_source;

    /* reverse execution */
    struct dbg_rev *rev;

    /* the TUI (NULL in the CLI): `layout` and friends are routed here */
    bool (*layout_fn)(void *ctx, const char *name);
    void *layout_ctx;
};

/* dbg_engine.c */
/* A session for an image (the session takes the image over and frees it)
 * on a machine configured by cfg (input: console input, copied). */
struct dbg *dbg_new(const struct machine_config *cfg, const uint8_t *input, size_t input_len,
                    struct image *img, const char *prog, FILE *out, char *err, size_t errlen);
/* The same without a machine (d->m NULL, the bare backend): for a
 * backend that builds its own target (dbg_new_vm). */
struct dbg *dbg_new_session(const struct machine_config *cfg, const uint8_t *input, size_t input_len,
                            struct image *img, const char *prog, FILE *out, char *err, size_t errlen);
/* Where the guest's console bytes go (the front end's console, or out). */
void dbg_console_byte(void *ctx, uint8_t b);
void dbg_free(struct dbg *d);
/* Recreate the machine from the image: the boot state (`run`, `start`). */
bool dbg_restart(struct dbg *d);
void dbg_printf(struct dbg *d, const char *fmt, ...) DBG_PRINTF(2, 3);
/* An error: "error: ..." on out, counted. Always returns false. */
bool dbg_error(struct dbg *d, const char *fmt, ...) DBG_PRINTF(2, 3);
/* Make sure the next output starts on a fresh line (after console output). */
void dbg_fresh_line(struct dbg *d);
/* "<sym+0x8>" for an address, or "" (buf >= 80). */
const char *dbg_symbolize(const struct dbg *d, uint32_t addr, char *buf, size_t len);
/* "file.s:12" for an address with a line-table row, or NULL. */
const char *dbg_where_line(const struct dbg *d, uint32_t addr, char *buf, size_t len);
/* The text of a source line (1-based), or NULL if unavailable. */
const char *dbg_source_line(struct dbg *d, uint32_t file, uint32_t line);
/* Print "FILE:LINE<TAB>source" and "=> ADDR <sym>:<TAB>insn" for pc. */
void dbg_print_location(struct dbg *d, uint32_t pc);
/* Read virtual memory through the MMU (side-effect free) or physical
 * memory; false with a message that names the address and the reason. */
bool dbg_read_mem(const struct dbg *d, uint32_t addr, bool phys, void *buf, uint32_t len,
                  char *err, size_t errlen);
bool dbg_write_mem(struct dbg *d, uint32_t addr, bool phys, const void *buf, uint32_t len,
                   char *err, size_t errlen);
/* Evaluate an expression in the session (registers, symbols, memory). */
bool dbg_eval(struct dbg *d, const char *text, uint32_t *v);          /* prints errors */
bool dbg_eval_quiet(struct dbg *d, const char *text, uint32_t *v, char *err, size_t errlen);
/* A location: *EXPR, FILE:LINE, LINE (in the current file), or EXPR. */
bool dbg_parse_location(struct dbg *d, const char *text, uint32_t *addr);
/* The file index that holds pc's line, or the entry's; false if none. */
bool dbg_current_file(const struct dbg *d, uint32_t *file);
/* After a command that changed the machine's state by hand. */
void dbg_state_changed(struct dbg *d);
/* FNV-1a hash of RAM (for `info state` and the tests). */
uint64_t dbg_ram_hash(const struct dbg *d);

/* dbg_exec.c */
void dbg_install_hooks(struct dbg *d);
/* Report a stop: the reason line, the location, the displays. */
void dbg_report_stop(struct dbg *d, enum dbg_stop_kind k, const char *why);
/* The header of a breakpoint/watchpoint/catchpoint stop ("Breakpoint 2, ...");
 * wh: the watchpoint hit (NULL: the machine's last). */
char *dbg_stop_header(struct dbg *d, enum dbg_stop_kind k, int num,
                      const struct machine_watch_hit *wh, char *buf, size_t len);
/* One machine step that executes something (see dbg_exec.c). */
enum machine_stop dbg_step_raw(struct dbg *d);
/* Consume a stop request of ours that the machine did not act on. */
void dbg_clear_pending(struct dbg *d, enum machine_stop why);
/* An enabled breakpoint at pc whose condition holds (0: none); count: add a hit. */
int dbg_break_hit(struct dbg *d, uint32_t pc, bool count);
bool dbg_cmd_run(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_start(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_continue(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_stepi(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_nexti(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_step(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_next(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_finish(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_until(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
/* Frame-pointer unwinding shared with backtrace: the return address and
 * the frame of the function at pc (see SPEC.md "Stack frame"). */
struct dbg_frame {
    uint32_t pc, fp, ret, caller_fp;
    bool via_ra;               /* frame not set up yet: the return address is in ra */
    bool ok;
};
bool dbg_unwind(const struct dbg *d, uint32_t pc, uint32_t fp, bool top, struct dbg_frame *f);

/* dbg_break.c */
#define DBG_NEVER_PC 0xFFFFFFFFu   /* a breakpoint that never matches (see dbg_sync_points) */
void dbg_sync_points(struct dbg *d);       /* push enabled points to the machine */
/* Set the machine's breakpoints, remembering them in d->active_bps (the
 * monitor's backend checks them after VM exits). */
void dbg_push_breakpoints(struct dbg *d, const uint32_t *pcs, size_t n);
struct dbg_point *dbg_point_find(struct dbg *d, int num);
bool dbg_cmd_break(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_delete(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_enable(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_condition(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_watch(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_catch(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_display(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_undisplay(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
void dbg_info_breakpoints(struct dbg *d);
void dbg_info_display(struct dbg *d);
void dbg_do_displays(struct dbg *d);
/* Is there an enabled breakpoint at addr? (for the disassembly pane) */
bool dbg_break_at(const struct dbg *d, uint32_t addr, bool *enabled);

/* dbg_data.c */
bool dbg_cmd_x(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_print(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_set(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_show(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_list(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_directory(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
/* Add a directory to search for source files (dbg_engine.c). */
bool dbg_add_source_dir(struct dbg *d, const char *dir);
bool dbg_print_value(struct dbg *d, const char *fmt, const char *expr, bool record);

/* dbg_info.c */
bool dbg_cmd_info(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_backtrace(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
/* STATUS decoded: "kernel, IE=0 PIE=0 PUM=0 PG=1" */
char *dbg_status_text(uint32_t status, char *buf, size_t len);
void dbg_info_registers(struct dbg *d);
void dbg_info_cr(struct dbg *d);
/* The control registers decoded, one a line, indented: values from get
 * (the machine's, or a guest's virtual ones); cycles for CYCLE's note. */
void dbg_print_crs(struct dbg *d, const char *indent, uint32_t (*get)(void *ctx, unsigned cr),
                   void *ctx, uint64_t cycles);
void dbg_info_tlb(struct dbg *d);
void dbg_info_traps(struct dbg *d, size_t max);

/* dbg_pt.c */
void dbg_pt_add_machine_source(struct dbg *d);
bool dbg_cmd_translate(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_dot(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_info_pt(struct dbg *d, char *args);
bool dbg_info_mem(struct dbg *d, char *args);
/* One walk, level by level (perms: what kernel and user may do). */
void dbg_pt_print_walk(struct dbg *d, const struct dbg_pt_source *src, uint32_t va, bool perms);
/* Strip a leading "-s NAME" from args; NULL (with a message) if unknown. */
const struct dbg_pt_source *dbg_pt_pick(struct dbg *d, char **args);

/* dbg_vm.c: a session on guests under the monitor (`simmon debug --vm`).
 * One spec per --vm; the session takes over their images, inputs and out
 * files (the specs are left empty, whatever the result). */
struct dbg_vm_spec {
    char path[1024];           /* the image's file (messages, source files) */
    struct image img;
    char name[32];
    uint32_t ram_size;         /* 0: the monitor's default */
    char disk_path[1024];
    uint8_t *input;            /* malloc'd */
    size_t input_len;
    FILE *out;                 /* out=FILE, or NULL: the debugger's console */
};
struct dbg *dbg_new_vm(const struct machine_config *cfg, uint64_t quantum, struct dbg_vm_spec *specs,
                       size_t n, FILE *out, char *err, size_t errlen);

/* dbg_shadow.c: a guest's page tables beside its shadow table, page by
 * page (info pt -s both, info shadow, the screen's `layout vm`). */
enum dbg_cmp_mark {
    DBG_CMP_SAME,              /* the shadow maps it as the guest does */
    DBG_CMP_ABSENT,            /* "*"  not in the shadow (yet, or dropped) */
    DBG_CMP_KERNEL_ONLY,       /* "k"  no U: never in the user-mode space */
    DBG_CMP_DEVICE,            /* "d"  beyond guest RAM (a device): never mapped */
    DBG_CMP_W_WITHHELD,        /* "W-" W withheld until the guest's D is set */
    DBG_CMP_STALE,             /* "S"  the virtual TLB still holds an old translation */
    DBG_CMP_BAD,               /* "!!" frames or permissions differ: a monitor bug */
    DBG_CMP_MARKS
};
struct dbg_cmp_row {
    uint32_t va, pages;
    bool in_guest, in_shadow;
    uint32_t gpa, gbits;       /* the guest's mapping of the first page */
    uint32_t spa, sbits;       /* the shadow's (host-physical) */
    enum dbg_cmp_mark mark;
};
struct dbg_cmp {
    struct dbg_cmp_row *rows;
    size_t n, cap;
    bool truncated;
    bool guest_paging;
    uint32_t groot, sroot;
    const char *space;         /* "kernel", "user", "paging-off" */
    unsigned used;             /* bit per mark seen */
};
const char *dbg_cmp_mark_text(enum dbg_cmp_mark m);       /* "*", "W-", ... */
const char *dbg_cmp_mark_doc(enum dbg_cmp_mark m);
/* Compare the "guest" and "shadow" sources over [lo, hi]; false (with a
 * message) without the monitor.  Free with dbg_cmp_free. */
bool dbg_cmp_build(struct dbg *d, uint32_t lo, uint32_t hi, struct dbg_cmp *c, char *err, size_t errlen);
void dbg_cmp_free(struct dbg_cmp *c);
bool dbg_info_shadow(struct dbg *d, char *args);

/* dbg_rev.c */
struct dbg_rev *dbg_rev_new(void);
void dbg_rev_free(struct dbg_rev *r);
/* Forget the history and start a new one at the current state. */
void dbg_rev_reset(struct dbg *d);
/* Called after forward execution: take a snapshot when one is due. */
void dbg_rev_note(struct dbg *d);
/* The next cycle at which a snapshot is due (forward runs stop there). */
uint64_t dbg_rev_next_due(const struct dbg *d);
bool dbg_cmd_reverse_stepi(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_cmd_reverse_continue(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args);
bool dbg_rev_set(struct dbg *d, const char *key, const char *value);
void dbg_rev_show(struct dbg *d, bool detail);   /* settings (and the snapshots) */
/* Go back exactly n steps (machine_step granularity); returns steps done. */
uint64_t dbg_rev_back(struct dbg *d, uint64_t n);

/* ---- front ends (not part of the engine; they use readline and curses) --- */
/* dbg_cli.c: readline's completion for this session, the history file,
 * and the Ctrl-C handler (which asks the machine to stop). */
void dbg_rl_init(struct dbg *d);
void dbg_history_load(void);
void dbg_history_save(void);
void dbg_sigint_arm(struct dbg *d);
void dbg_sigint_disarm(void);
/* dbg_tui.c: the screen; returns when the user quits. */
int dbg_tui_main(struct dbg *d);

#endif
