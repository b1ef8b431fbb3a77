/*
 * run.c - `simmon run`: load a program, run it on a machine, report how
 * it ended.  The exit code is the program's own (via the power/test
 * device), or one of the codes in cli.h for the machine's reasons.
 */
#include <signal.h>
#include <sys/select.h>
#include <termios.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "isa/disasm.h"
#include "sim/machine.h"

static const char run_usage[] =
    "usage: simmon run [OPTIONS] PROGRAM\n"
    "  --max-cycles N       stop after N cycles (exit code 124)\n"
    "  --stats              print instructions, cycles, CPI, traps, TLB... at the end\n"
    "  --host-time          with --stats: host seconds and simulated MIPS\n"
    "  --trace[=CLASSES]    trace to stderr; CLASSES is a comma list of\n"
    "                       insn (every instruction; the default), trap, mmu, dev\n"
    "  --input FILE         console input from a file ('-' = all of stdin)\n"
    "  --input-string S     console input from a string (\\n for newline)\n"
    "machine configuration (see --show-config for every key):\n"
    "  --config FILE        read 'key = value' lines\n"
    "  --set KEY=VALUE      set one key, e.g. --set timing.mmio=20\n"
    "  --ram SIZE, --tlb N, --isa strict|leaky, --disk IMAGE\n"
    "                       shorthands for --set ram=SIZE and so on\n"
    "  --show-config        print the configuration and exit\n"
    "under the monitor (trap-and-emulate; one --vm per guest):\n"
    "  --vm IMAGE[,disk=F][,input=F|input-string=S][,ram=SIZE][,name=N][,out=F]\n"
    "  --exit-log FILE      every VM exit as JSON Lines\n"
    "  --quantum N          real cycles per guest time slice (default 20000)\n"
    "exit code: the program's EXIT value (0..123), 124 cycle limit,\n"
    "           125 unhandled trap, 126 cannot load, 130 interrupted\n";

static struct machine *running;        /* for the SIGINT handler only */

static void on_sigint(int sig)
{
    (void)sig;
    if (running)
        machine_request_stop(running);
}

enum { TRACE_INSN = 1, TRACE_TRAP = 2, TRACE_MMU = 4, TRACE_DEV = 8 };

/* ---- live console input from an interactive terminal -------------------
 * Only when stdin is a terminal and no --input was given: keys go to the
 * guest as they are typed (the terminal's own echo is off: the guest
 * echoes, as a real terminal line would), Ctrl-D is end of input.  Such a
 * run is interactive, so its timing depends on the typist. */
static struct termios saved_tty;
static bool tty_changed;

static void tty_restore(void)
{
    if (tty_changed)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
    tty_changed = false;
}

static bool tty_live_start(void)
{
    struct termios t;
    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tty) != 0)
        return false;
    t = saved_tty;
    t.c_lflag &= (tcflag_t)~(ICANON | ECHO);   /* byte by byte, no echo; Ctrl-C stays */
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &t) != 0)
        return false;
    tty_changed = true;
    return true;
}

static int tty_live_byte(void *ctx)
{
    (void)ctx;
    unsigned char c;
    ssize_t n = read(STDIN_FILENO, &c, 1);
    if (n != 1)
        return -1;                     /* nothing typed yet */
    return c == 4 ? -2 : c;            /* Ctrl-D: end of input */
}

static void tty_idle(void *ctx)
{
    (void)ctx;
    fd_set r;
    FD_ZERO(&r);
    FD_SET(STDIN_FILENO, &r);
    struct timeval tv = { 0, 20000 };  /* the guest sleeps: so does the host, a little */
    fflush(stdout);
    select(STDIN_FILENO + 1, &r, NULL, NULL, &tv);
}

struct trace_ctx {
    const struct image *img;
    FILE *out;
    unsigned classes;
};

static void trace_event(void *ctx, const struct machine_event *ev)
{
    struct trace_ctx *t = ctx;
    unsigned cls = ev->kind == MEV_TRAP ? TRACE_TRAP
                 : (ev->kind == MEV_WALK || ev->kind == MEV_TLB_FLUSH) ? TRACE_MMU : TRACE_DEV;
    if (!(t->classes & cls) || (cls == TRACE_TRAP && (t->classes & TRACE_INSN)))
        return;                        /* insn lines already show their traps */
    char line[256];
    machine_format_event(ev, line, sizeof line);
    fprintf(t->out, "%s\n", line);
}

static bool parse_trace_classes(const char *s, unsigned *out)
{
    *out = 0;
    while (*s) {
        size_t n = strcspn(s, ",");
        if (n == 4 && !strncmp(s, "insn", 4)) *out |= TRACE_INSN;
        else if (n == 4 && !strncmp(s, "trap", 4)) *out |= TRACE_TRAP;
        else if (n == 3 && !strncmp(s, "mmu", 3)) *out |= TRACE_MMU;
        else if (n == 3 && !strncmp(s, "dev", 3)) *out |= TRACE_DEV;
        else if (n == 3 && !strncmp(s, "all", 3)) *out |= 15;
        else return false;
        s += n;
        if (*s == ',')
            s++;
    }
    return *out != 0;
}

static void trace_line(void *ctx, const struct machine_trace_rec *rec)
{
    struct trace_ctx *t = ctx;
    char text[160];
    isa_disasm(rec->word, rec->pc, t->img, text, sizeof text);
    fprintf(t->out, "%10llu  %08x: %08x  %-36s", (unsigned long long)rec->cycle, rec->pc,
            rec->word, text);
    if (rec->trapped) {
        const char *n = isa_cause_name(rec->trap.cause);
        fprintf(t->out, " ! trap %s", n ? n : "?");
        if (isa_cause_sets_badvaddr(rec->trap.cause))
            fprintf(t->out, " (badvaddr 0x%08x)", rec->trap.badvaddr);
    } else if (rec->rd > 0) {
        fprintf(t->out, " %s = 0x%08x", isa_reg_abi[rec->rd], rec->rd_value);
    }
    fputc('\n', t->out);
}

/* "at pc 0x00001008 <main+0x8> (prog.s:12)" */
static void describe_pc(FILE *out, const struct image *img, uint32_t pc)
{
    uint32_t off;
    fprintf(out, "pc 0x%08x", pc);
    const struct image_symbol *s = image_symbol_for(img, pc, &off);
    if (s)
        fprintf(out, off ? " <%s+0x%x>" : " <%s>", s->name, off);
    const struct image_line *l = image_line_for(img, pc);
    if (l && l->file < img->nfiles)
        fprintf(out, " (%s:%u)", img->files[l->file], l->line);
}

static bool read_stream(FILE *f, uint8_t **buf, size_t *len)
{
    size_t cap = 4096, n = 0;
    uint8_t *b = malloc(cap);
    size_t got;
    while (b && (got = fread(b + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *nb = cap < (256u << 20) ? realloc(b, cap *= 2) : NULL;
            if (!nb) {
                free(b);
                b = NULL;
            }
            b = nb;
        }
    }
    *buf = b;
    *len = n;
    return b != NULL;
}

bool cli_read_file(const char *path, uint8_t **buf, size_t *len)
{
    if (strcmp(path, "-") == 0)
        return read_stream(stdin, buf, len);
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    bool ok = read_stream(f, buf, len);
    fclose(f);
    return ok;
}

/* --input-string: C-style escapes \n \t \\ so a shell session fits on one line. */
uint8_t *cli_unescape(const char *s, size_t *len)
{
    uint8_t *out = malloc(strlen(s) + 1);
    size_t n = 0;
    if (!out)
        return NULL;
    for (; *s; s++) {
        if (*s == '\\' && s[1]) {
            s++;
            out[n++] = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s == 'r' ? '\r' : (uint8_t)*s;
        } else {
            out[n++] = (uint8_t)*s;
        }
    }
    *len = n;
    return out;
}

/* Machine options that --vm runs share with plain runs. */
bool cli_is_machine_option(const char *opt)
{
    return !strcmp(opt, "--ram") || !strcmp(opt, "--tlb") || !strcmp(opt, "--isa") ||
           !strncmp(opt, "--isa=", 6) || !strcmp(opt, "--set") || !strcmp(opt, "--config");
}

int cli_machine_option_takes_value(const char *opt)
{
    return strncmp(opt, "--isa=", 6) != 0;
}

int cmd_run(int argc, char **argv)
{
    struct machine_config cfg;
    machine_config_default(&cfg);
    uint64_t max_cycles = UINT64_MAX;
    bool stats = false, host_time = false, show_config = false, vm = false;
    unsigned trace = 0;
    const char *path = NULL;
    uint8_t *input = NULL;
    size_t input_len = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
#define NEEDS_VALUE() do { if (!val) { fprintf(stderr, "simmon run: %s needs a value\n%s", a, run_usage); \
                                         free(input); return EXIT_LOAD_ERROR; } i++; } while (0)
        char err[600];
        const char *key = NULL;
        if (strcmp(a, "--ram") == 0) key = "ram";
        else if (strcmp(a, "--tlb") == 0) key = "tlb";
        else if (strcmp(a, "--isa") == 0) key = "isa";
        else if (strcmp(a, "--disk") == 0) key = "disk";
        if (key || strncmp(a, "--isa=", 6) == 0) {
            const char *value = a + 6;
            if (key) {
                NEEDS_VALUE();
                value = val;
            } else {
                key = "isa";
            }
            if (!machine_config_set(&cfg, key, value, err, sizeof err)) {
                fprintf(stderr, "simmon run: %s\n", err);
                free(input);
                return EXIT_LOAD_ERROR;
            }
        } else if (strcmp(a, "--set") == 0) {
            NEEDS_VALUE();
            char kv[1200];
            snprintf(kv, sizeof kv, "%s", val);
            char *eq = strchr(kv, '=');
            if (!eq) {
                fprintf(stderr, "simmon run: --set needs KEY=VALUE, not '%s'\n", val);
                free(input);
                return EXIT_LOAD_ERROR;
            }
            *eq = '\0';
            if (!machine_config_set(&cfg, kv, eq + 1, err, sizeof err)) {
                fprintf(stderr, "simmon run: %s\n", err);
                free(input);
                return EXIT_LOAD_ERROR;
            }
        } else if (strcmp(a, "--config") == 0) {
            NEEDS_VALUE();
            if (!machine_config_load(&cfg, val, err, sizeof err)) {
                fprintf(stderr, "%s\n", err);
                free(input);
                return EXIT_LOAD_ERROR;
            }
        } else if (!strcmp(a, "--vm") || !strcmp(a, "--exit-log") || !strcmp(a, "--quantum")) {
            NEEDS_VALUE();
            vm = true;                 /* cmd_vmrun reads these */
        } else if (strcmp(a, "--show-config") == 0) {
            show_config = true;
        } else if (strcmp(a, "--stats") == 0) {
            stats = true;
        } else if (strcmp(a, "--host-time") == 0) {
            host_time = true;
        } else if (strcmp(a, "--trace") == 0) {
            trace = TRACE_INSN;
        } else if (strncmp(a, "--trace=", 8) == 0) {
            if (!parse_trace_classes(a + 8, &trace)) {
                fprintf(stderr, "simmon run: --trace classes are insn, trap, mmu, dev (or all), not '%s'\n", a + 8);
                free(input);
                return EXIT_LOAD_ERROR;
            }
        } else if (strcmp(a, "--max-cycles") == 0) {
            NEEDS_VALUE();
            if (!cli_parse_u64(val, &max_cycles) || max_cycles == 0) {
                fprintf(stderr, "simmon run: --max-cycles needs a positive number, not '%s'\n", val);
                free(input);
                return EXIT_LOAD_ERROR;
            }
        } else if (strcmp(a, "--input") == 0) {
            NEEDS_VALUE();
            free(input);
            input = NULL;
            if (!cli_read_file(val, &input, &input_len)) {
                fprintf(stderr, "simmon run: cannot read input file '%s'\n", val);
                return EXIT_LOAD_ERROR;
            }
        } else if (strcmp(a, "--input-string") == 0) {
            NEEDS_VALUE();
            free(input);
            if (!(input = cli_unescape(val, &input_len)))
                return EXIT_LOAD_ERROR;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(run_usage, stdout);
            free(input);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "simmon run: unknown option '%s'\n%s", a, run_usage);
            free(input);
            return EXIT_LOAD_ERROR;
        } else if (!path) {
            path = a;
        } else {
            fprintf(stderr, "simmon run: one program at a time ('%s' and '%s')\n", path, a);
            free(input);
            return EXIT_LOAD_ERROR;
        }
    }
    if (show_config) {
        machine_config_print(&cfg, stdout);
        free(input);
        return 0;
    }
    if (vm) {
        if (path || input) {
            fprintf(stderr, "simmon run: with --vm, give each guest's program and input in its --vm\n");
            free(input);
            return EXIT_LOAD_ERROR;
        }
        return cmd_vmrun(argc, argv, &cfg);
    }
    if (!path) {
        fputs(run_usage, stderr);
        free(input);
        return EXIT_LOAD_ERROR;
    }

    struct image img;
    if (!cli_load_program(path, &img)) {
        free(input);
        return EXIT_LOAD_ERROR;
    }
    cfg.input = input;
    cfg.input_len = input_len;
    bool live = !input && tty_live_start();
    if (live) {
        cfg.input_live = tty_live_byte;
        setvbuf(stdout, NULL, _IONBF, 0);
    }
    char err[600];
    struct machine *m = machine_new(&cfg, err, sizeof err);
    if (!m || !machine_load(m, &img, err, sizeof err)) {
        tty_restore();
        fprintf(stderr, "simmon run: %s: %s\n", path, err);
        machine_free(m);
        image_free(&img);
        free(input);
        return EXIT_LOAD_ERROR;
    }
    free(input);                       /* the console keeps its own copy */

    struct trace_ctx tc = { &img, stderr, trace };
    if (trace) {
        setvbuf(stdout, NULL, _IONBF, 0);
        if (trace & TRACE_INSN)
            machine_set_trace(m, trace_line, &tc);
        machine_set_event_hook(m, trace_event, &tc);
    }
    if (live)
        machine_set_idle_hook(m, tty_idle, NULL);
    running = m;
    signal(SIGINT, on_sigint);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    enum machine_stop why = machine_run(m, max_cycles);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    signal(SIGINT, SIG_DFL);
    running = NULL;
    tty_restore();
    fflush(stdout);

    int code = 0;
    struct machine_trap t = machine_last_trap(m);
    switch (why) {
    case MACHINE_EXITED: {
        uint32_t st = machine_exit_status(m);
        code = st > EXIT_GUEST_MAX ? EXIT_GUEST_MAX : (int)st;
        break;
    }
    case MACHINE_HALTED:
        fprintf(stderr, "simmon: machine halted at ");
        describe_pc(stderr, &img, machine_pc(m) - 4);
        fprintf(stderr, ", cycle %llu\n", (unsigned long long)machine_cycles(m));
        code = 0;
        break;
    case MACHINE_RUNNING:
        fprintf(stderr, "simmon: cycle limit reached (%llu cycles) at ",
                (unsigned long long)machine_cycles(m));
        describe_pc(stderr, &img, machine_pc(m));
        fputc('\n', stderr);
        code = EXIT_CYCLE_LIMIT;
        break;
    case MACHINE_UNHANDLED_TRAP: {
        const char *n = isa_cause_name(t.cause), *doc = isa_cause_doc(t.cause);
        fprintf(stderr, "simmon: unhandled trap %s (%s) at ", n ? n : "?", doc ? doc : "?");
        describe_pc(stderr, &img, t.epc);
        if (isa_cause_sets_badvaddr(t.cause))
            fprintf(stderr, ", address 0x%08x", t.badvaddr);
        fprintf(stderr, ", cycle %llu\n  (TVEC is 0: no trap handler installed)\n",
                (unsigned long long)t.cycle);
        code = EXIT_MACHINE_FAULT;
        break;
    }
    case MACHINE_IDLE_FOREVER:
        fprintf(stderr, "simmon: the machine waits (wfi) but nothing can wake it: no enabled "
                "interrupt is pending and no device has work scheduled; at ");
        describe_pc(stderr, &img, machine_pc(m));
        fputc('\n', stderr);
        code = EXIT_MACHINE_FAULT;
        break;
    case MACHINE_INTERRUPTED:
        fprintf(stderr, "\nsimmon: interrupted at ");
        describe_pc(stderr, &img, machine_pc(m));
        fprintf(stderr, ", cycle %llu\n", (unsigned long long)machine_cycles(m));
        code = EXIT_INTERRUPTED;
        break;
    case MACHINE_STEPPED:
    case MACHINE_TRAPPED:
    case MACHINE_BREAKPOINT:
    case MACHINE_WATCHPOINT:
        code = EXIT_MACHINE_FAULT;
        break;
    }
    if (stats) {
        fprintf(stderr, "--- simmon statistics ---\n");
        machine_print_stats(m, stderr);
        fprintf(stderr, "stopped        %s", machine_stop_name(why));
        if (why == MACHINE_EXITED)
            fprintf(stderr, " (status %u)", machine_exit_status(m));
        fputc('\n', stderr);
        if (host_time) {
            double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
            fprintf(stderr, "host seconds   %.3f\n", secs);
            fprintf(stderr, "host MIPS      %.1f\n",
                    secs > 0 ? (double)machine_instret(m) / secs / 1e6 : 0.0);
        }
    }
    machine_free(m);
    image_free(&img);
    return code;
}
