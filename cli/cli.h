/* cli.h - shared helpers of the simmon command-line tool (cli/). */
#ifndef SIMMON_CLI_H
#define SIMMON_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "isa/image.h"
#include "monitor/monitor.h"

/* Exit codes of `simmon run` (SPEC.md "simmon run exit codes"). */
enum {
    EXIT_GUEST_MAX = 123,      /* guest statuses above this are reported as 123 */
    EXIT_CYCLE_LIMIT = 124,
    EXIT_MACHINE_FAULT = 125,  /* unhandled trap, idle forever */
    EXIT_LOAD_ERROR = 126,     /* bad image, bad option */
    EXIT_INTERRUPTED = 130,    /* Ctrl-C */
};

/* Parse a number: decimal, 0x hex, 0b binary, with an optional K/M/G
 * suffix (powers of 1024).  False if malformed or out of range. */
bool cli_parse_u64(const char *s, uint64_t *out);

/* Load a program: an ELF image, or an assembly file (*.s) assembled in
 * memory.  Messages go to stderr.  False on any error. */
bool cli_load_program(const char *path, struct image *img);

/* Whole-file ("-" = all of stdin) and escaped-string inputs (console
 * input for run, --vm settings and debug). */
bool cli_read_file(const char *path, uint8_t **buf, size_t *len);
uint8_t *cli_unescape(const char *s, size_t *len);     /* \n \t \r \\ ; malloc'd */
/* Machine options shared by run and the monitor: true if `opt` is one;
 * how many following arguments it consumes. */
bool cli_is_machine_option(const char *opt);
int cli_machine_option_takes_value(const char *opt);

/* One guest of `--vm IMAGE[,disk=F][,input=F|input-string=S][,ram=SIZE][,name=N]
 * [,out=F]` (cli/vmrun.c), the syntax `simmon run` and `simmon debug` share.
 * cli_parse_vm loads the image and the input and opens out=F; messages
 * (to stderr) name `simmon CMD`.  On failure, cli_vm_free still frees what
 * was made.  gc.image points at img: do not move the struct once parsed. */
struct cli_vm {
    struct mon_guest_config gc;
    struct image img;
    uint8_t *input;            /* gc.input points here */
    FILE *out;                 /* out=F, or NULL */
};
bool cli_parse_vm(const char *cmd, const char *spec, struct cli_vm *v);
void cli_vm_free(struct cli_vm *v);

int cmd_as(int argc, char **argv);
int cmd_dis(int argc, char **argv);
int cmd_run(int argc, char **argv);
struct machine_config;
int cmd_vmrun(int argc, char **argv, const struct machine_config *mc);

#endif
