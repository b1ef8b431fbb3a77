/*
 * dbg_cmd.c - the debugger's command table, parser and dispatcher.
 *
 * Owns: the one table of commands (name, aliases, flags, usage, help), from
 * which dispatch, `help`, `help CMD` and completion all derive; gdb's
 * habits: unique prefixes ("disp" = display), short aliases ("s", "n",
 * "si", "b", "bt"), "x/4xw" style format suffixes, Enter repeating the
 * last step-like command, `x` and `list` continuing where they stopped;
 * `source` files and their nesting limit.  Must not know how a command
 * does its work, nor about readline or curses.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/dbg.h"

#define LINE_MAX_LEN 4096      /* longer command lines are refused */
#define SOURCE_DEPTH 16        /* `source` inside `source` ... */

static dbg_cmd_fn cmd_help, cmd_quit, cmd_source, cmd_echo, cmd_layout;

const char *const dbg_layout_names[] = { "src", "asm", "regs", "mmu", "split", "vm", NULL };

static const struct dbg_cmd commands[] = {
    /* running */
    { "run", "r", dbg_cmd_run, 0, "run",
      "Restart the program from the boot state and run it.\n"
      "The machine is rebuilt and the image reloaded (RAM as at boot); breakpoints\n"
      "and displays are kept.", "Running the program" },
    { "start", NULL, dbg_cmd_start, 0, "start",
      "Restart the program from the boot state and stop at its first instruction.", NULL },
    { "continue", "c cont fg", dbg_cmd_continue, DBG_CMD_REPEAT | DBG_CMD_RUNS, "continue [N]",
      "Continue running until a breakpoint, watchpoint, caught trap or the end.\n"
      "With N, go on through N-1 further stops.", NULL },
    { "stepi", "si", dbg_cmd_stepi, DBG_CMD_REPEAT | DBG_CMD_RUNS, "stepi [N]",
      "Execute one instruction (or N), or take one interrupt.", NULL },
    { "nexti", "ni", dbg_cmd_nexti, DBG_CMD_REPEAT | DBG_CMD_RUNS, "nexti [N]",
      "Execute one instruction, stepping over calls (jal/jalr that write ra).", NULL },
    { "step", "s", dbg_cmd_step, DBG_CMD_REPEAT | DBG_CMD_RUNS, "step [N]",
      "Run until the source line changes (into calls).", NULL },
    { "next", "n", dbg_cmd_next, DBG_CMD_REPEAT | DBG_CMD_RUNS, "next [N]",
      "Run until the source line changes, stepping over calls (jal ra).", NULL },
    { "finish", "fin", dbg_cmd_finish, DBG_CMD_RUNS, "finish",
      "Run until the current function returns to its caller; show a0.\n"
      "The return address is ra when the function has not set up its frame yet,\n"
      "else fp+4 (SPEC.md \"Stack frame\").", NULL },
    { "until", "u", dbg_cmd_until, DBG_CMD_REPEAT | DBG_CMD_RUNS, "until [LOCATION]",
      "Without LOCATION: like next, but never stop on a line above the current one\n"
      "(leaves a loop).  With LOCATION: run until it or until the function returns.", NULL },
    { "reverse-stepi", "rsi", dbg_cmd_reverse_stepi, DBG_CMD_REPEAT, "reverse-stepi [N]",
      "Go back one instruction (or N): restore a snapshot and re-execute.", NULL },
    { "reverse-continue", "rc", dbg_cmd_reverse_continue, DBG_CMD_REPEAT, "reverse-continue",
      "Go back to the previous breakpoint, watchpoint or caught trap.", NULL },
    /* breakpoints */
    { "break", "b br", dbg_cmd_break, 0, "break [LOCATION] [if EXPR]",
      "Set a breakpoint.  LOCATION: *ADDR, SYMBOL, SYMBOL+OFF, FILE:LINE, LINE (in\n"
      "the current file) or an expression; none: the current pc.", "Breakpoints" },
    { "tbreak", NULL, dbg_cmd_break, 0, "tbreak LOCATION [if EXPR]",
      "Set a temporary breakpoint (deleted when hit).", NULL },
    { "watch", NULL, dbg_cmd_watch, 0, "watch ADDR [LEN]",
      "Stop after an instruction writes [ADDR, ADDR+LEN) (LEN default 4; virtual).", NULL },
    { "rwatch", NULL, dbg_cmd_watch, 0, "rwatch ADDR [LEN]",
      "Stop after an instruction reads the range.", NULL },
    { "awatch", NULL, dbg_cmd_watch, 0, "awatch ADDR [LEN]",
      "Stop after an instruction reads or writes the range.", NULL },
    { "catch", NULL, dbg_cmd_catch, 0, "catch trap [CAUSE] | catch exit [REASON]",
      "Stop when a trap is taken (any, or one cause: SYSCALL, LOAD_FAULT, 7, ...).\n"
      "`catch exit` (under the monitor, simmon debug --vm): stop after a VM exit is\n"
      "handled (any, or one reason: priv, shadow, page_fault, mmio, syscall, trap,\n"
      "timer, irq, halt, kill).", NULL },
    { "delete", "d", dbg_cmd_delete, 0, "delete [N...]",
      "Delete breakpoints, watchpoints and catchpoints (all without N).", NULL },
    { "disable", NULL, dbg_cmd_enable, 0, "disable [N...]", "Disable them (all without N).", NULL },
    { "enable", NULL, dbg_cmd_enable, 0, "enable [N...]", "Enable them (all without N).", NULL },
    { "condition", NULL, dbg_cmd_condition, 0, "condition N [EXPR]",
      "Stop at breakpoint N only when EXPR is non-zero (no EXPR: always).", NULL },
    /* data */
    { "x", NULL, dbg_cmd_x, DBG_CMD_REPEAT_NOARGS, "x/NFU [ADDR] [-phys]",
      "Examine memory: N units of size U (b h w) in format F (x d u o t c a i s).\n"
      "Virtual addresses go through the MMU (without touching the TLB or A/D bits);\n"
      "-phys (or xp) reads physical memory.  Without ADDR, x continues.", "Data" },
    { "xp", NULL, dbg_cmd_x, DBG_CMD_REPEAT_NOARGS, "xp/NFU [ADDR]",
      "Examine physical memory.", NULL },
    { "print", "p inspect", dbg_cmd_print, 0, "print[/F] EXPR",
      "Evaluate and print an expression ($a0, $pc, $status, symbols, *ADDR, {b}ADDR,\n"
      "arithmetic).  F: x d u o t c a.  Results are kept as $1, $2 ... ($ = last).", NULL },
    { "set", NULL, dbg_cmd_set, 0, "set $REG = EXPR | set *ADDR = EXPR | set SETTING VALUE",
      "Change a register, the pc or memory ({b}ADDR, {h}ADDR for bytes, halves), or a\n"
      "debugger setting (see show).", NULL },
    { "show", NULL, dbg_cmd_show, 0, "show [SETTING]", "Show the debugger's settings.", NULL },
    { "display", "disp", dbg_cmd_display, 0, "display[/F] [EXPR]",
      "Print EXPR at every stop (display/i $pc: the next instruction).", NULL },
    { "undisplay", NULL, dbg_cmd_undisplay, 0, "undisplay [N...]", "Stop displaying.", NULL },
    { "info", "i", dbg_cmd_info, 0, "info WHAT",
      "Show machine or debugger state: registers, cr, tlb, pt, mem, traps, ...\n"
      "(help info lists them).", NULL },
    { "backtrace", "bt where", dbg_cmd_backtrace, 0, "backtrace [N]",
      "The call stack, by frame pointer (ra at fp+4, caller's fp at fp+0).", NULL },
    { "list", "l", dbg_cmd_list, DBG_CMD_REPEAT_NOARGS, "list [LOCATION]",
      "Show source lines around LOCATION (or continue the last listing).", NULL },
    { "directory", "dir", dbg_cmd_directory, 0, "directory [DIR...]",
      "Also look for source files in DIR (as named in the line table, and by their\n"
      "base name).  The program's own directory is searched from the start.", NULL },
    { "translate", "tr", dbg_cmd_translate, 0, "translate [-s SOURCE] VA",
      "Translate a virtual address, the page walk level by level.", "Memory management" },
    { "dot", NULL, dbg_cmd_dot, 0, "dot [-s SOURCE] FILE [VA [VA-END]]",
      "Write the page-table tree (or a VA range of it) as a Graphviz graph.", NULL },
    /* the rest */
    { "layout", NULL, cmd_layout, 0, "layout src|asm|regs|mmu|split|vm",
      "Choose the screen's panes (--tui only).\n"
      "vm (under the monitor): the guest's page tables beside the shadow table, the\n"
      "exit log and the registers.", "Other" },
    { "source", NULL, cmd_source, 0, "source FILE", "Run the commands in FILE.", NULL },
    { "echo", NULL, cmd_echo, 0, "echo TEXT", "Print TEXT (\\n for a newline).", NULL },
    { "help", "h", cmd_help, 0, "help [COMMAND]", "List the commands, or explain one.", NULL },
    { "quit", "q exit", cmd_quit, 0, "quit", "Leave the debugger.", NULL },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

const struct dbg_cmd *dbg_cmd_table(size_t *n)
{
    *n = NCOMMANDS;
    return commands;
}

static bool has_alias(const char *aliases, const char *word)
{
    size_t n = strlen(word);
    for (const char *a = aliases; a && *a;) {
        size_t k = strcspn(a, " ");
        if (k == n && strncmp(a, word, n) == 0)
            return true;
        a += k;
        while (*a == ' ')
            a++;
    }
    return false;
}

const struct dbg_cmd *dbg_cmd_lookup(const char *word, char *err, size_t errlen)
{
    size_t n = strlen(word);
    if (n == 0) {
        snprintf(err, errlen, "empty command");
        return NULL;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, word) == 0 || has_alias(commands[i].aliases, word))
            return &commands[i];
    const struct dbg_cmd *found = NULL;
    char list[300] = "";
    size_t matches = 0;
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strncmp(commands[i].name, word, n) == 0) {
            found = &commands[i];
            if (matches++ < 8) {
                size_t l = strlen(list);
                snprintf(list + l, sizeof list - l, "%s%s", l ? ", " : "", commands[i].name);
            }
        }
    if (matches == 1)
        return found;
    if (matches > 1)
        snprintf(err, errlen, "ambiguous command '%s': %s%s", word, list, matches > 8 ? ", ..." : "");
    else
        snprintf(err, errlen, "unknown command '%.60s%s' (try: help)", word, n > 60 ? "..." : "");
    return NULL;
}

const struct dbg_subcmd *dbg_subcmd_lookup(const struct dbg_subcmd *t, const char *word,
                                           char *err, size_t errlen)
{
    size_t n = strlen(word);
    for (const struct dbg_subcmd *s = t; s->name; s++)
        if (strcmp(s->name, word) == 0 || has_alias(s->aliases, word))
            return s;
    const struct dbg_subcmd *found = NULL;
    size_t matches = 0;
    char list[300] = "";
    for (const struct dbg_subcmd *s = t; s->name; s++)
        if (n && strncmp(s->name, word, n) == 0) {
            found = s;
            matches++;
            size_t l = strlen(list);
            snprintf(list + l, sizeof list - l, "%s%s", l ? ", " : "", s->name);
        }
    if (matches == 1)
        return found;
    if (matches > 1) {
        snprintf(err, errlen, "ambiguous '%s': %s", word, list);
    } else {
        list[0] = '\0';
        for (const struct dbg_subcmd *s = t; s->name; s++) {
            size_t l = strlen(list);
            snprintf(list + l, sizeof list - l, "%s%s", l ? ", " : "", s->name);
        }
        snprintf(err, errlen, "unknown '%.60s' (one of: %s)", word, list);
    }
    return NULL;
}

/* ---- executing a line ---------------------------------------------------- */

static bool word_char(int c) { return isalnum(c) || c == '-' || c == '_'; }

bool dbg_execute(struct dbg *d, const char *line, bool interactive)
{
    size_t len = strlen(line);
    if (len > LINE_MAX_LEN)
        return dbg_error(d, "command line too long (%zu characters; at most %d)", len, LINE_MAX_LEN);
    while (len && isspace((unsigned char)line[len - 1]))
        len--;
    while (len && isspace((unsigned char)*line)) {
        line++;
        len--;
    }
    if (len == 0) {
        if (!interactive || !d->last_line)
            return true;
        char *again = strdup(d->last_line);
        if (!again)
            return dbg_error(d, "out of memory");
        bool ok = dbg_execute(d, again, true);   /* and it stays the one Enter repeats */
        free(again);
        return ok;
    }
    if (line[0] == '#')
        return true;

    char buf[LINE_MAX_LEN + 1];
    memcpy(buf, line, len);
    buf[len] = '\0';
    char *p = buf;
    while (word_char((unsigned char)*p))
        p++;
    if (p == buf)
        return dbg_error(d, "expected a command name at '%.40s' (try: help)", buf);
    char word[64];
    size_t wl = (size_t)(p - buf);
    if (wl >= sizeof word)
        return dbg_error(d, "unknown command '%.40s...' (try: help)", buf);
    memcpy(word, buf, wl);
    word[wl] = '\0';
    char fmt[32] = "";
    if (*p == '/') {
        char *f = ++p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        if ((size_t)(p - f) >= sizeof fmt)
            return dbg_error(d, "format '/%.20s...' too long", f);
        memcpy(fmt, f, (size_t)(p - f));
        fmt[p - f] = '\0';
    } else if (*p && !isspace((unsigned char)*p)) {
        return dbg_error(d, "unknown command '%.60s' (try: help)", buf);
    }
    while (isspace((unsigned char)*p))
        p++;

    char err[400];
    const struct dbg_cmd *c = dbg_cmd_lookup(word, err, sizeof err);
    if (!c)
        return dbg_error(d, "%s", err);
    if (fmt[0] && c->fn != dbg_cmd_x && c->fn != dbg_cmd_print && c->fn != dbg_cmd_display)
        return dbg_error(d, "%s takes no /FORMAT", c->name);

    /* what Enter repeats */
    free(d->last_line);
    d->last_line = NULL;
    if (interactive && (c->flags & (DBG_CMD_REPEAT | DBG_CMD_REPEAT_NOARGS))) {
        char rep[LINE_MAX_LEN + 40];
        if (c->flags & DBG_CMD_REPEAT_NOARGS)
            snprintf(rep, sizeof rep, "%s%s%s", c->name, fmt[0] ? "/" : "", fmt);
        else
            snprintf(rep, sizeof rep, "%s", buf);
        d->last_line = strdup(rep);
    }
    if ((c->flags & DBG_CMD_RUNS) && d->exited)
        return dbg_error(d, "the program is not running (it has %s); `run` starts it again",
                         d->last_stop == DBG_STOP_HALT ? "halted" : "exited");
    bool ok = c->fn(d, c, fmt, p);
    if (!ok)
        d->errors++;
    return ok;
}

bool dbg_source_file(struct dbg *d, const char *path)
{
    if (d->source_depth >= SOURCE_DEPTH)
        return dbg_error(d, "source: files nested more than %d deep (a file that sources itself?)",
                         SOURCE_DEPTH);
    FILE *f = fopen(path, "r");
    if (!f)
        return dbg_error(d, "source: cannot read '%s'", path);
    d->source_depth++;
    char line[LINE_MAX_LEN + 2];
    bool ok = true;
    while (!d->quit && fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        if (n == sizeof line - 1 && line[n - 1] != '\n') {
            int ch;
            while ((ch = fgetc(f)) != EOF && ch != '\n')
                ;
            dbg_error(d, "%s: command line too long (at most %d characters)", path, LINE_MAX_LEN);
            ok = false;
            continue;
        }
        if (!dbg_execute(d, line, false))
            ok = false;
    }
    fclose(f);
    d->source_depth--;
    return ok;
}

/* ---- the small commands ------------------------------------------------ */

static void print_aliases(struct dbg *d, const char *aliases)
{
    if (aliases && *aliases)
        dbg_printf(d, " (%s)", aliases);
}

static bool cmd_help(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    if (!*args) {
        dbg_printf(d, "simmon debug: gdb-like commands.  A unique prefix is enough (\"disp\" =\n"
                      "display); Enter repeats step-like commands.  help COMMAND for details.\n");
        for (size_t i = 0; i < NCOMMANDS; i++) {
            if (commands[i].group)
                dbg_printf(d, "\n%s:\n", commands[i].group);
            const char *nl = strchr(commands[i].help, '\n');
            int n = nl ? (int)(nl - commands[i].help) : (int)strlen(commands[i].help);
            if (strlen(commands[i].usage) > 28)
                dbg_printf(d, "  %s\n  %-28s %.*s\n", commands[i].usage, "", n, commands[i].help);
            else
                dbg_printf(d, "  %-28s %.*s\n", commands[i].usage, n, commands[i].help);
        }
        return true;
    }
    char err[400];
    char word[64];
    size_t n = strcspn(args, " \t/");
    snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1), args);
    const struct dbg_cmd *k = dbg_cmd_lookup(word, err, sizeof err);
    if (!k)
        return dbg_error(d, "help: %s", err);
    dbg_printf(d, "usage: %s", k->usage);
    print_aliases(d, k->aliases);
    dbg_printf(d, "\n%s\n", k->help);
    const struct dbg_subcmd *sub = k->fn == dbg_cmd_info ? dbg_info_cmds
                                 : (k->fn == dbg_cmd_set || k->fn == dbg_cmd_show) ? dbg_settings
                                 : NULL;
    if (sub) {
        dbg_printf(d, "%s:\n", sub == dbg_info_cmds ? "info subcommands" : "settings");
        for (; sub->name; sub++)
            dbg_printf(d, "  %-22s %s\n", sub->name, sub->help);
    }
    return true;
}

static bool cmd_quit(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    (void)args;
    d->quit = true;
    return true;
}

static bool cmd_source(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    if (!*args)
        return dbg_error(d, "source: which file?");
    return dbg_source_file(d, args);
}

static bool cmd_echo(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    for (const char *s = args; *s; s++) {
        if (*s == '\\' && s[1] == 'n') {
            dbg_printf(d, "\n");
            s++;
        } else if (*s == '\\' && s[1]) {
            dbg_printf(d, "%c", *++s);
        } else {
            dbg_printf(d, "%c", *s);
        }
    }
    return true;
}

static bool cmd_layout(struct dbg *d, const struct dbg_cmd *c, const char *fmt, char *args)
{
    (void)c;
    (void)fmt;
    if (!d->layout_fn)
        return dbg_error(d, "layout: only on the screen (simmon debug --tui)");
    if (strcmp(args, "vm") == 0 && !d->exit_source)
        return dbg_error(d, "layout vm: needs the monitor (simmon debug --tui --vm IMAGE)");
    for (size_t i = 0; dbg_layout_names[i]; i++)
        if (strcmp(args, dbg_layout_names[i]) == 0)
            return d->layout_fn(d->layout_ctx, args);
    if (strcmp(args, "next") == 0 || strcmp(args, "prev") == 0)
        return d->layout_fn(d->layout_ctx, args);
    return dbg_error(d, "layout: one of src, asm, regs, mmu, split, vm, next, prev (not '%.40s')", args);
}
