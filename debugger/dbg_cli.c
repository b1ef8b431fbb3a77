/*
 * dbg_cli.c - `simmon debug`: the command line, GNU readline, batch mode.
 *
 * Owns: option parsing (the machine options mirror `simmon run`: --ram,
 * --tlb, --isa, --disk, --set, --config, --input, --input-string; then
 * --tui, -x FILE, -ex CMD, --batch, -q; --vm IMAGE[,...] and --quantum for
 * guests under the monitor, parsed as `simmon run` does), loading the
 * program, the prompt loop with readline (history in $SIMMON_HISTORY or
 * ~/.simmon_history, completion of commands, subcommands, $registers,
 * symbols and files), the plain loop when stdin is not a terminal, and
 * Ctrl-C.
 *
 * Globals, because the libraries force them (and only these):
 *   - `session`: readline's completion generators and the SIGINT handler
 *     take no context pointer;
 *   - `gen_*`: the state of a readline completion generator between calls.
 * The engine itself (dbg_*.c but this file and the TUI) has none.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cli/cli.h"
#include "debugger/dbg.h"
#include "debugger/debugger.h"

static struct dbg *session;           /* for readline callbacks and SIGINT */

static const char debug_usage[] =
    "usage: simmon debug [OPTIONS] PROGRAM\n"
    "       simmon debug [OPTIONS] --vm IMAGE[,SETTINGS] [--vm ...]   (guests under the monitor)\n"
    "  --tui                the full-screen debugger (ncurses)\n"
    "  -x FILE              run the debugger commands in FILE (repeatable)\n"
    "  -ex CMD              run one command (repeatable; in order with -x)\n"
    "  --batch              exit after the -x/-ex commands (no prompt); exit status 1\n"
    "                       if a command failed\n"
    "  -q, --quiet          no banner\n"
    "  --directory DIR      look for source files in DIR too (repeatable)\n"
    "  --input FILE         console input from a file\n"
    "  --input-string S     console input from a string (\\n for newline)\n"
    "machine configuration (as for simmon run):\n"
    "  --config FILE, --set KEY=VALUE, --ram SIZE, --tlb N, --isa strict|leaky, --disk IMAGE\n"
    "under the monitor (as for simmon run; one --vm per guest, up to 8):\n"
    "  --vm IMAGE[,disk=F][,input=F|input-string=S][,ram=SIZE][,name=N][,out=F]\n"
    "  --quantum N          real cycles per guest time slice (default 20000)\n"
    "history: $SIMMON_HISTORY, else ~/.simmon_history.  Inside: help.\n";

/* ---- Ctrl-C ------------------------------------------------------------------ */

static void on_sigint(int sig)
{
    (void)sig;
    if (session && session->m)
        machine_request_stop(session->m);
}

void dbg_sigint_arm(struct dbg *d)
{
    session = d;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
}

void dbg_sigint_disarm(void)
{
    signal(SIGINT, SIG_IGN);
}

/* ---- history --------------------------------------------------------------- */

static char *history_path(void)
{
    const char *p = getenv("SIMMON_HISTORY");
    if (p && *p)
        return strdup(p);
    const char *home = getenv("HOME");
    if (!home || !*home)
        return NULL;
    size_t n = strlen(home) + 32;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s/.simmon_history", home);
    return s;
}

void dbg_history_load(void)
{
    char *p = history_path();
    using_history();
    stifle_history(1000);
    if (p)
        read_history(p);
    free(p);
}

void dbg_history_save(void)
{
    char *p = history_path();
    if (p)
        write_history(p);
    free(p);
}

/* ---- completion ---------------------------------------------------------------- */

static size_t gen_index;              /* readline generator state (see above) */
static int gen_phase;

static char *match(const char *cand, const char *text, size_t len)
{
    return strncmp(cand, text, len) == 0 ? strdup(cand) : NULL;
}

static char *gen_commands(const char *text, int state)
{
    size_t n, len = strlen(text);
    const struct dbg_cmd *t = dbg_cmd_table(&n);
    if (!state)
        gen_index = 0;
    while (gen_index < n) {
        char *m = match(t[gen_index++].name, text, len);
        if (m)
            return m;
    }
    return NULL;
}

static const struct dbg_subcmd *gen_sub;
static char *gen_subcmds(const char *text, int state)
{
    size_t len = strlen(text);
    if (!state)
        gen_index = 0;
    while (gen_sub[gen_index].name) {
        char *m = match(gen_sub[gen_index++].name, text, len);
        if (m)
            return m;
    }
    return NULL;
}

static char *gen_layouts(const char *text, int state)
{
    size_t len = strlen(text);
    if (!state)
        gen_index = 0;
    while (dbg_layout_names[gen_index]) {
        char *m = match(dbg_layout_names[gen_index++], text, len);
        if (m)
            return m;
    }
    return NULL;
}

/* $registers, symbols, and FILE: for the line table's files. */
static char *gen_values(const char *text, int state)
{
    size_t len = strlen(text);
    if (!state) {
        gen_index = 0;
        gen_phase = 0;
    }
    char buf[300];
    if (text[0] == '$') {
        while (gen_index < ISA_NREGS + 1 + ISA_CR_COUNT + 2) {
            size_t i = gen_index++;
            const char *name = i < ISA_NREGS ? isa_reg_abi[i] : i == ISA_NREGS ? "pc"
                             : i < ISA_NREGS + 1 + ISA_CR_COUNT ? isa_cr_name((unsigned)(i - ISA_NREGS - 1))
                             : i == ISA_NREGS + 1 + ISA_CR_COUNT ? "cycles" : "instret";
            snprintf(buf, sizeof buf, "$%s", name);
            for (char *p = buf; *p; p++)
                *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
            char *m = match(buf, text, len);
            if (m)
                return m;
        }
        return NULL;
    }
    const struct image *img = &session->img;
    while (gen_phase == 0 && gen_index < img->nsyms) {
        char *m = match(img->syms[gen_index++].name, text, len);
        if (m)
            return m;
    }
    if (gen_phase == 0) {
        gen_phase = 1;
        gen_index = 0;
    }
    while (gen_index < img->nfiles) {
        const char *f = img->files[gen_index++], *base = strrchr(f, '/');
        snprintf(buf, sizeof buf, "%s:", base ? base + 1 : f);
        char *m = match(buf, text, len);
        if (m) {
            rl_completion_append_character = '\0';
            return m;
        }
    }
    return NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;
    char first[64] = "";
    int i = 0;
    while (i < start && rl_line_buffer[i] == ' ')
        i++;
    int w = i;
    while (i < start && rl_line_buffer[i] != ' ' && rl_line_buffer[i] != '/' && i - w < 63)
        i++;
    if (i >= start)
        return rl_completion_matches(text, gen_commands);
    snprintf(first, sizeof first, "%.*s", i - w, rl_line_buffer + w);
    char err[300];
    const struct dbg_cmd *c = dbg_cmd_lookup(first, err, sizeof err);
    bool second_word = true;
    for (int k = i; k < start; k++)
        if (rl_line_buffer[k] != ' ' && (k == i || rl_line_buffer[k - 1] == ' '))
            second_word = false;
    if (!c)
        return NULL;
    if (second_word && c->fn == dbg_cmd_info) {
        gen_sub = dbg_info_cmds;
        return rl_completion_matches(text, gen_subcmds);
    }
    if (second_word && (c->fn == dbg_cmd_show || (c->fn == dbg_cmd_set && text[0] != '$'))) {
        gen_sub = dbg_settings;
        return rl_completion_matches(text, gen_subcmds);
    }
    if (strcmp(c->name, "layout") == 0)
        return rl_completion_matches(text, gen_layouts);
    if (strcmp(c->name, "source") == 0 || strcmp(c->name, "dot") == 0) {
        rl_attempted_completion_over = 0;          /* file names */
        return NULL;
    }
    return rl_completion_matches(text, gen_values);
}

void dbg_rl_init(struct dbg *d)
{
    session = d;
    rl_readline_name = "simmon";
    rl_attempted_completion_function = complete;
    rl_basic_word_break_characters = " \t\n\"\\'`@><=;|&{(*+-,";
}

/* ---- the loops ----------------------------------------------------------------- */

static void run_line(struct dbg *d, const char *line, bool interactive)
{
    dbg_sigint_arm(d);
    dbg_execute(d, line, interactive);
    dbg_sigint_disarm();
    fflush(d->out);
}

static void readline_loop(struct dbg *d)
{
    dbg_rl_init(d);
    dbg_history_load();
    char *line;
    while (!d->quit && (line = readline("(simmon) ")) != NULL) {
        const char *p = line + strspn(line, " \t");
        if (*p) {
            HIST_ENTRY *last = history_length ? history_get(history_base + history_length - 1) : NULL;
            if (!last || strcmp(last->line, line) != 0)
                add_history(line);
        }
        run_line(d, line, true);
        free(line);
    }
    if (!d->quit)
        printf("quit\n");
    dbg_history_save();
}

static void plain_loop(struct dbg *d)
{
    char line[8192];
    while (!d->quit && fgets(line, sizeof line, stdin)) {
        size_t n = strlen(line);
        if (n == sizeof line - 1 && line[n - 1] != '\n') {
            int ch;
            while ((ch = getchar()) != EOF && ch != '\n')
                ;
            dbg_error(d, "command line too long");
            continue;
        }
        run_line(d, line, true);
    }
}

/* ---- options ----------------------------------------------------------------- */

struct script { bool is_file; const char *text; bool is_dir; };

/* The guests of --vm (the syntax of simmon run: cli_parse_vm), handed over
 * to the session. */
static struct dbg *new_vm_session(const struct machine_config *cfg, uint64_t quantum,
                                  const char *const *vms, size_t nvm, char *err, size_t errlen)
{
    struct dbg_vm_spec *specs = calloc(nvm, sizeof *specs);
    bool ok = specs != NULL;
    size_t parsed = 0;
    for (size_t i = 0; ok && i < nvm; i++) {
        struct cli_vm cv;
        ok = cli_parse_vm("debug", vms[i], &cv);
        if (ok) {
            struct dbg_vm_spec *s = &specs[parsed++];
            snprintf(s->path, sizeof s->path, "%.*s", (int)strcspn(vms[i], ","), vms[i]);
            s->img = cv.img;
            image_init(&cv.img);
            memcpy(s->name, cv.gc.name, sizeof s->name);
            s->ram_size = cv.gc.ram_size;
            memcpy(s->disk_path, cv.gc.disk_path, sizeof s->disk_path);
            s->input = cv.input;
            s->input_len = cv.gc.input_len;
            s->out = cv.out;
            cv.input = NULL;
            cv.out = NULL;
        }
        cli_vm_free(&cv);
    }
    struct dbg *d = NULL;
    if (ok) {
        d = dbg_new_vm(cfg, quantum, specs, parsed, stdout, err, errlen);
    } else {
        snprintf(err, errlen, "%s", specs ? "" : "out of memory");
        for (size_t i = 0; i < parsed; i++) {
            image_free(&specs[i].img);
            free(specs[i].input);
            if (specs[i].out)
                fclose(specs[i].out);
        }
    }
    free(specs);
    return d;
}

int cmd_debug(int argc, char **argv)
{
    struct machine_config cfg;
    machine_config_default(&cfg);
    const char *path = NULL;
    bool tui = false, batch = false, quiet = false;
    uint8_t *input = NULL;
    size_t input_len = 0;
    int code = EXIT_LOAD_ERROR;
    struct script *scripts = calloc((size_t)argc + 1, sizeof *scripts);
    size_t nscripts = 0, nvm = 0;
    const char **vms = calloc((size_t)argc + 1, sizeof *vms);
    uint64_t quantum = 0;
    bool disk = false;
    char err[1200];
    if (!scripts || !vms) {
        free(scripts);
        free(vms);
        return EXIT_LOAD_ERROR;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL, *key = NULL;
        bool needs = !strcmp(a, "--ram") || !strcmp(a, "--tlb") || !strcmp(a, "--isa") ||
                     !strcmp(a, "--disk") || !strcmp(a, "--set") || !strcmp(a, "--config") ||
                     !strcmp(a, "--input") || !strcmp(a, "--input-string") || !strcmp(a, "-x") ||
                     !strcmp(a, "-ex") || !strcmp(a, "--directory") || !strcmp(a, "--vm") ||
                     !strcmp(a, "--quantum");
        if (needs && !val) {
            fprintf(stderr, "simmon debug: %s needs a value\n%s", a, debug_usage);
            goto out;
        }
        if (needs)
            i++;
        if (!strcmp(a, "--ram")) key = "ram";
        else if (!strcmp(a, "--tlb")) key = "tlb";
        else if (!strcmp(a, "--isa")) key = "isa";
        else if (!strcmp(a, "--disk")) key = "disk";
        disk |= key && !strcmp(key, "disk");
        if (key || !strncmp(a, "--isa=", 6)) {
            if (!machine_config_set(&cfg, key ? key : "isa", key ? val : a + 6, err, sizeof err)) {
                fprintf(stderr, "simmon debug: %s\n", err);
                goto out;
            }
        } else if (!strcmp(a, "--set")) {
            char kv[1200];
            snprintf(kv, sizeof kv, "%s", val);
            char *eq = strchr(kv, '=');
            if (!eq) {
                fprintf(stderr, "simmon debug: --set needs KEY=VALUE, not '%s'\n", val);
                goto out;
            }
            *eq = '\0';
            if (!machine_config_set(&cfg, kv, eq + 1, err, sizeof err)) {
                fprintf(stderr, "simmon debug: %s\n", err);
                goto out;
            }
        } else if (!strcmp(a, "--config")) {
            if (!machine_config_load(&cfg, val, err, sizeof err)) {
                fprintf(stderr, "%s\n", err);
                goto out;
            }
        } else if (!strcmp(a, "--input")) {
            free(input);
            if (!cli_read_file(val, &input, &input_len)) {
                fprintf(stderr, "simmon debug: cannot read input file '%s'\n", val);
                input = NULL;
                goto out;
            }
        } else if (!strcmp(a, "--input-string")) {
            free(input);
            if (!(input = cli_unescape(val, &input_len)))
                goto out;
        } else if (!strcmp(a, "--vm")) {
            vms[nvm++] = val;
        } else if (!strcmp(a, "--quantum")) {
            if (!cli_parse_u64(val, &quantum) || quantum == 0) {
                fprintf(stderr, "simmon debug: --quantum needs a positive number, not '%s'\n", val);
                goto out;
            }
        } else if (!strcmp(a, "-x") || !strcmp(a, "-ex")) {
            scripts[nscripts++] = (struct script){ a[1] == 'x', val, false };
        } else if (!strcmp(a, "--directory")) {
            scripts[nscripts++] = (struct script){ false, val, true };
        } else if (!strcmp(a, "--tui")) {
            tui = true;
        } else if (!strcmp(a, "--batch")) {
            batch = true;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = true;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(debug_usage, stdout);
            code = 0;
            goto out;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "simmon debug: unknown option '%s'\n%s", a, debug_usage);
            goto out;
        } else if (!path) {
            path = a;
        } else {
            fprintf(stderr, "simmon debug: one program at a time ('%s' and '%s')\n", path, a);
            goto out;
        }
    }
    if (nvm && (path || input)) {
        fprintf(stderr, "simmon debug: with --vm, give each guest's program and input in its --vm\n");
        goto out;
    }
    if (nvm && disk) {
        fprintf(stderr, "simmon debug: with --vm, give each guest's disk in its --vm (disk=FILE)\n");
        goto out;
    }
    if (!nvm && quantum) {
        fprintf(stderr, "simmon debug: --quantum goes with --vm (guests under the monitor)\n");
        goto out;
    }
    if (nvm > 8) {
        fprintf(stderr, "simmon debug: at most 8 guests\n");
        goto out;
    }
    if (!path && !nvm) {
        fputs(debug_usage, stderr);
        goto out;
    }
    if (tui && batch) {
        fprintf(stderr, "simmon debug: --tui and --batch do not go together\n");
        goto out;
    }
    struct dbg *d;
    if (nvm) {
        d = new_vm_session(&cfg, quantum, vms, nvm, err, sizeof err);
        if (!d) {
            if (err[0])
                fprintf(stderr, "simmon debug: %s\n", err);
            goto out;
        }
        path = d->prog;
    } else {
        struct image img;
        if (!cli_load_program(path, &img))
            goto out;
        d = dbg_new(&cfg, input, input_len, &img, path, stdout, err, sizeof err);
        image_free(&img);              /* empty unless dbg_new failed early */
        if (!d) {
            fprintf(stderr, "simmon debug: %s: %s\n", path, err);
            goto out;
        }
    }
    if (!batch && !tui && !quiet && nvm)
        printf("simmon debug: %zu guest%s under the monitor (%s: %s), entry 0x%08x, %zu symbols "
               "(of its image).  help lists the commands; info vm, info exits, info shadow.\n", nvm,
               nvm == 1 ? "" : "s", d->exit_source->guest_name(d->exit_source->ctx), path,
               d->img.entry, d->img.nsyms);
    else if (!batch && !tui && !quiet)
        printf("simmon debug: %s, entry 0x%08x, %zu symbols.  help lists the commands.\n", path,
               d->img.entry, d->img.nsyms);
    if (!batch && !tui)
        dbg_print_location(d, machine_pc(d->m));
    for (size_t i = 0; i < nscripts && !d->quit; i++) {
        if (scripts[i].is_dir) {
            if (!dbg_add_source_dir(d, scripts[i].text))
                d->errors++;
        } else if (scripts[i].is_file) {
            if (!dbg_source_file(d, scripts[i].text))
                d->errors++;
        }
        else
            run_line(d, scripts[i].text, false);
    }
    fflush(stdout);
    if (tui && !d->quit)
        code = dbg_tui_main(d);
    else if (!batch && !d->quit)
        isatty(STDIN_FILENO) ? readline_loop(d) : plain_loop(d);
    if (!tui)
        code = batch && d->errors ? 1 : 0;
    dbg_free(d);
    session = NULL;
out:
    free(scripts);
    free(vms);
    free(input);
    return code;
}
