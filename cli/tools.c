/*
 * tools.c - `simmon as` and `simmon dis`: the toolchain commands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "isa/asm.h"
#include "isa/disasm.h"

int cmd_as(int argc, char **argv)
{
    struct asm_options o;
    asm_options_default(&o);
    const char *out = NULL;
    const char **inputs = calloc((size_t)argc, sizeof *inputs);
    size_t n = 0;
    if (!inputs)
        return 1;
    for (int i = 1; i < argc; i++) {
        uint64_t v;
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            out = argv[++i];
        } else if (strcmp(argv[i], "--text") == 0 && i + 1 < argc) {
            if (!cli_parse_u64(argv[++i], &v) || v > 0xFFFFFFFFu || (v & 3)) {
                fprintf(stderr, "simmon as: --text needs a 4-byte aligned 32-bit address\n");
                free(inputs);
                return 2;
            }
            o.text_base = (uint32_t)v;
        } else if (strcmp(argv[i], "--max-errors") == 0 && i + 1 < argc) {
            if (!cli_parse_u64(argv[++i], &v) || v == 0 || v > 10000) {
                fprintf(stderr, "simmon as: --max-errors needs a number from 1 to 10000\n");
                free(inputs);
                return 2;
            }
            o.max_errors = (int)v;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "simmon as: unknown option '%s'\n"
                    "usage: simmon as FILE.s [FILE.s ...] [-o OUT.elf] [--text ADDR]\n", argv[i]);
            free(inputs);
            return 2;
        } else {
            inputs[n++] = argv[i];
        }
    }
    if (n == 0) {
        fprintf(stderr, "usage: simmon as FILE.s [FILE.s ...] [-o OUT.elf] [--text ADDR]\n");
        free(inputs);
        return 2;
    }
    char defname[4096];
    if (!out) {                        /* prog.s -> prog.elf */
        snprintf(defname, sizeof defname, "%s", inputs[0]);
        char *dot = strrchr(defname, '.');
        if (dot && strchr(dot, '/') == NULL)
            *dot = '\0';
        strncat(defname, ".elf", sizeof defname - strlen(defname) - 1);
        out = defname;
    }
    struct image img;
    image_init(&img);
    int errors = asm_files(inputs, n, &o, &img);
    free(inputs);
    if (errors) {
        image_free(&img);
        return 1;
    }
    char err[512];
    bool ok = elf_write_file(&img, out, err, sizeof err);
    if (!ok)
        fprintf(stderr, "%s\n", err);
    image_free(&img);
    return ok ? 0 : 1;
}

int cmd_dis(int argc, char **argv)
{
    bool lines = false;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-l") == 0 || strcmp(argv[i], "--lines") == 0)
            lines = true;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "simmon dis: unknown option '%s'\nusage: simmon dis [-l] PROGRAM\n", argv[i]);
            return 2;
        } else if (!path)
            path = argv[i];
        else {
            fprintf(stderr, "usage: simmon dis [-l] PROGRAM\n");
            return 2;
        }
    }
    if (!path) {
        fprintf(stderr, "usage: simmon dis [-l] PROGRAM\n");
        return 2;
    }
    struct image img;
    if (!cli_load_program(path, &img))
        return 1;
    isa_disasm_image(&img, path, lines, stdout);
    image_free(&img);
    return 0;
}
