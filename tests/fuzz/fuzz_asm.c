/*
 * fuzz_asm.c - libFuzzer target for the assembler: any bytes as a source
 * file must give errors or an image, never a crash, a leak, a hang or a
 * huge allocation.
 *
 * Owns nothing but the harness.  The input is assembled as "fuzz.s", so a
 * relative .include looks in the current directory; the reader opens only
 * regular files (never a FIFO or a device), so that cannot hang either.
 *
 *   make fuzz && build/fuzz/fuzz_asm -max_total_time=60 tests/fuzz/seeds/fuzz_asm
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa/asm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *devnull;
    if (!devnull && !(devnull = fopen("/dev/null", "w")))
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    struct asm_options o;
    asm_options_default(&o);
    o.diag = devnull;
    o.max_errors = 50;                /* many error paths, without floods */
    struct image img;
    image_init(&img);
    int errors = asm_string("fuzz.s", text, &o, &img);
    if (errors == 0) {
        /* A successful image must be self-consistent. */
        for (size_t i = 0; i < img.nsegs; i++)
            if (img.segs[i].filesz > img.segs[i].memsz)
                abort();
        for (size_t i = 0; i < img.nlines; i++)
            if (img.lines[i].file >= img.nfiles)
                abort();
    } else if (img.nsegs || img.nsyms || img.nlines) {
        abort();                      /* a failed run leaves the image alone */
    }
    image_free(&img);
    free(text);
    return 0;
}
