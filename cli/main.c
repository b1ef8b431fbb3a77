/*
 * main.c - `simmon`, the command-line tool: one command table that
 * dispatches to the subcommands and also produces `simmon help`.
 *
 * Owns: argument handling and exit codes.  The library (isa/, devices/,
 * sim/, monitor/) never exits or prints on its own; this is where errors
 * become messages and statuses.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/mkdisk.h"
#include "debugger/debugger.h"
#include "isa/asm.h"
#include "isa/spec_table.h"

static int cmd_help(int argc, char **argv);

static int cmd_isa_table(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--update") == 0) {
        char err[512];
        if (!isa_spec_update_file(argv[2], err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        return 0;
    }
    if (argc != 1) {
        fprintf(stderr, "usage: simmon isa-table [--update isa/SPEC.md]\n");
        return 2;
    }
    isa_write_spec_table(stdout);
    return 0;
}

static const struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *usage;
    const char *help;
} commands[] = {
    { "as", cmd_as, "as FILE.s [FILE.s ...] [-o OUT.elf] [--text ADDR]",
      "assemble SM32 source into an ELF image" },
    { "dis", cmd_dis, "dis [-l] PROGRAM",
      "disassemble an image (objdump style; -l shows source lines)" },
    { "run", cmd_run, "run [OPTIONS] PROGRAM",
      "run a program on the machine (simmon run --help for options)" },
    { "debug", cmd_debug, "debug [OPTIONS] PROGRAM",
      "debug a program: gdb-like commands, --tui for the screen (simmon debug --help)" },
    { "mkdisk", cmd_mkdisk, "mkdisk -o DISK.img FILE [FILE ...]",
      "build a disk image with the toy OS's file system holding the files" },
    { "isa-table", cmd_isa_table, "isa-table [--update isa/SPEC.md]",
      "print the instruction table of SPEC.md, generated from isa/sm32.def" },
    { "help", cmd_help, "help", "this list" },
};

static int cmd_help(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("simmon - a teaching machine: SM32 simulator, monitor and debugger\n\n"
           "usage: simmon COMMAND [ARGS]\n\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        printf("  simmon %-52s\n      %s\n", commands[i].usage, commands[i].help);
    printf("\nPROGRAM is an ELF image from `simmon as`, or an .s file (assembled on the fly).\n"
           "The SM32 reference is isa/SPEC.md.\n");
    return 0;
}

bool cli_parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-')
        return false;
    errno = 0;
    char *end;
    int base = 10;
    if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
        base = 2;
        s += 2;
    }
    unsigned long long v = strtoull(s, &end, base == 2 ? 2 : 0);
    if (errno || end == s)
        return false;
    unsigned long long mul = 1;
    if (*end == 'K' || *end == 'k') mul = 1ull << 10, end++;
    else if (*end == 'M' || *end == 'm') mul = 1ull << 20, end++;
    else if (*end == 'G' || *end == 'g') mul = 1ull << 30, end++;
    if (*end || (v && mul > UINT64_MAX / v))
        return false;
    *out = v * mul;
    return true;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

bool cli_load_program(const char *path, struct image *img)
{
    image_init(img);
    if (ends_with(path, ".s") || ends_with(path, ".S")) {
        struct asm_options o;
        asm_options_default(&o);
        const char *paths[1] = { path };
        int errors = asm_files(paths, 1, &o, img);
        if (errors) {
            image_free(img);
            return false;
        }
        return true;
    }
    char err[512];
    if (!elf_read_file(path, img, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        image_free(img);
        return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        cmd_help(0, NULL);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return cmd_help(0, NULL);
    if (strcmp(argv[1], "--version") == 0) {
        printf("simmon 0.1\n");
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "simmon: unknown command '%s' (try: simmon help)\n", argv[1]);
    return 2;
}
