/*
 * vmrun.c - `simmon run --vm ...`: run guests under the monitor.
 *
 *   simmon run --vm os.elf,disk=a.img --vm os.elf,disk=b.img [--stats]
 *              [--exit-log exits.jsonl] [--max-cycles N] [--quantum N]
 *              [machine options: --config, --set, --tlb, --isa ...]
 *
 * Each --vm is IMAGE followed by comma-separated settings: disk=FILE,
 * input=FILE, input-string=TEXT, ram=SIZE, name=NAME, out=FILE (console to
 * a file instead of stdout).  The exit code is 0 when every guest exited
 * with status 0, else the first guest's non-zero status (or 125 for a
 * guest that crashed), 124 when the cycle limit stopped the run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "monitor/monitor.h"

static void file_out(void *ctx, uint8_t b) { fputc(b, (FILE *)ctx); }

/* One --vm: IMAGE, then comma-separated KEY=VALUE settings (shared with
 * `simmon debug --vm`, so both read the same syntax; cmd names the tool
 * in messages). */
bool cli_parse_vm(const char *cmd, const char *text, struct cli_vm *v)
{
    memset(v, 0, sizeof *v);
    image_init(&v->img);
    char *spec = strdup(text);
    bool ok = spec != NULL;
    char *save = NULL, *tok = spec ? strtok_r(spec, ",", &save) : NULL;
    if (spec && !tok)
        fprintf(stderr, "simmon %s: --vm needs an IMAGE (--vm IMAGE[,KEY=VALUE...])\n", cmd);
    if (!tok || !cli_load_program(tok, &v->img))
        ok = false;
    v->gc.image = &v->img;
    while (ok && (tok = strtok_r(NULL, ",", &save))) {
        char *eq = strchr(tok, '=');
        if (!eq) {
            fprintf(stderr, "simmon %s: --vm setting '%s' is not KEY=VALUE\n", cmd, tok);
            ok = false;
            break;
        }
        *eq++ = '\0';
        uint64_t n;
        if (!strcmp(tok, "disk"))
            snprintf(v->gc.disk_path, sizeof v->gc.disk_path, "%s", eq);
        else if (!strcmp(tok, "name"))
            snprintf(v->gc.name, sizeof v->gc.name, "%s", eq);
        else if (!strcmp(tok, "ram") && cli_parse_u64(eq, &n) && n <= 0xFFFFFFFFu)
            v->gc.ram_size = (uint32_t)n;
        else if (!strcmp(tok, "input-string") || !strcmp(tok, "input")) {
            size_t len = 0;
            free(v->input);
            v->input = NULL;
            if (!strcmp(tok, "input") ? !cli_read_file(eq, &v->input, &len)
                                      : !(v->input = cli_unescape(eq, &len))) {
                fprintf(stderr, "simmon %s: cannot read input '%s'\n", cmd, eq);
                ok = false;
                break;
            }
            v->gc.input = v->input;
            v->gc.input_len = len;
        } else if (!strcmp(tok, "out")) {
            if (v->out)
                fclose(v->out);
            if (!(v->out = fopen(eq, "w"))) {
                fprintf(stderr, "simmon %s: cannot write '%s'\n", cmd, eq);
                ok = false;
                break;
            }
            v->gc.out_fn = file_out;
            v->gc.out_ctx = v->out;
        } else {
            fprintf(stderr, "simmon %s: unknown --vm setting '%s' (disk, input, input-string, "
                    "ram, name, out)\n", cmd, tok);
            ok = false;
            break;
        }
    }
    free(spec);
    return ok;
}

void cli_vm_free(struct cli_vm *v)
{
    image_free(&v->img);
    free(v->input);
    v->input = NULL;
    if (v->out)
        fclose(v->out);
    v->out = NULL;
}

int cmd_vmrun(int argc, char **argv, const struct machine_config *mc)
{
    struct mon_config cfg;
    mon_config_default(&cfg);
    cfg.machine = *mc;
    uint64_t max_cycles = UINT64_MAX, n;
    bool stats = false, host_time = false;
    struct cli_vm vms[8];
    size_t nvm = 0;
    int code = EXIT_LOAD_ERROR;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--vm") && val) {
            if (nvm == 8) {
                fprintf(stderr, "simmon run: at most 8 guests\n");
                goto out;
            }
            bool ok = cli_parse_vm("run", val, &vms[nvm]);
            nvm++;
            i++;
            if (!ok)
                goto out;
        } else if (!strcmp(a, "--exit-log") && val) {
            if (!(cfg.exit_log = fopen(val, "w"))) {
                fprintf(stderr, "simmon run: cannot write '%s'\n", val);
                goto out;
            }
            i++;
        } else if (!strcmp(a, "--quantum") && val && cli_parse_u64(val, &n) && n > 0) {
            cfg.quantum = n;
            i++;
        } else if (!strcmp(a, "--max-cycles") && val && cli_parse_u64(val, &max_cycles) && max_cycles) {
            i++;
        } else if (!strcmp(a, "--stats")) {
            stats = true;
        } else if (!strcmp(a, "--host-time")) {
            host_time = true;
        } else if (cli_is_machine_option(a)) {
            i += cli_machine_option_takes_value(a);    /* already applied by cmd_run */
        } else {
            fprintf(stderr, "simmon run: '%s' cannot be used with --vm\n", a);
            goto out;
        }
    }
    struct mon *mon = mon_new(&cfg);
    char err[600];
    if (!mon)
        goto out;
    for (size_t i = 0; i < nvm; i++)
        if (!mon_add_guest(mon, &vms[i].gc, err, sizeof err)) {
            fprintf(stderr, "simmon run: %s\n", err);
            mon_free(mon);
            goto out;
        }
    if (!mon_start(mon, err, sizeof err)) {
        fprintf(stderr, "simmon run: %s\n", err);
        mon_free(mon);
        goto out;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    bool done = mon_run(mon, max_cycles);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fflush(stdout);
    code = 0;
    for (size_t i = 0; i < mon_guest_count(mon); i++) {
        enum mon_guest_state st = mon_guest_state(mon, i);
        uint32_t status = mon_guest_exit_status(mon, i);
        if (st == MON_GUEST_CRASHED || st == MON_GUEST_IDLE) {
            const char *c = isa_cause_name(status);
            fprintf(stderr, "simmon: guest %s stopped: %s%s%s\n", mon_guest_name(mon, i),
                    st == MON_GUEST_IDLE ? "wfi with nothing to wake it" : "unhandled trap",
                    c ? " " : "", c ? c : "");
            if (!code)
                code = EXIT_MACHINE_FAULT;
        } else if (st == MON_GUEST_EXITED && status && !code) {
            code = status > EXIT_GUEST_MAX ? EXIT_GUEST_MAX : (int)status;
        }
    }
    if (!done) {
        fprintf(stderr, "simmon: cycle limit reached (%llu cycles)\n",
                (unsigned long long)machine_cycles(mon_machine(mon)));
        code = EXIT_CYCLE_LIMIT;
    }
    if (stats)
        mon_print_stats(mon, stderr);
    if (host_time) {
        uint64_t exits = 0, insns = 0;
        for (size_t i = 0; i < mon_guest_count(mon); i++) {
            struct mon_guest_stats st;
            mon_guest_stats(mon, i, &st);
            insns += st.instret;
            for (int r = 0; r < MON_EXIT_COUNT; r++)
                exits += st.exits[r];
        }
        double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        fprintf(stderr, "host seconds   %.4f\nhost MIPS      %.1f\nexits          %llu\n", secs,
                secs > 0 ? (double)insns / secs / 1e6 : 0.0, (unsigned long long)exits);
    }
    mon_free(mon);
out:
    for (size_t i = 0; i < nvm; i++)
        cli_vm_free(&vms[i]);
    if (cfg.exit_log)
        fclose(cfg.exit_log);
    return code;
}
