/*
 * fuzz_elf.c - libFuzzer target for the ELF reader (isa/elf.c).
 *
 * Owns nothing but the harness.  Any input may be rejected, but never by
 * crashing, reading out of bounds or leaking; an input that is accepted
 * must survive a round trip: writing the image and reading it back gives
 * the same image (segments, symbols, files, line rows, entry), and the
 * image passes image_check.  Seeds: tests/fuzz/seeds/fuzz_elf/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct image img, again;
    char err[512];
    if (!elf_read_mem(data, size, "fuzz.elf", &img, err, sizeof err)) {
        /* Errors are one line naming the file. */
        if (strncmp(err, "fuzz.elf: error: ", 17) != 0 || strchr(err, '\n') != NULL) {
            fprintf(stderr, "badly formed error message: %s\n", err);
            abort();
        }
        return 0;
    }
    if (!image_check(&img, err, sizeof err)) {
        fprintf(stderr, "accepted an inconsistent image: %s\n", err);
        abort();
    }
    uint8_t *buf;
    size_t len;
    if (!elf_write_mem(&img, &buf, &len)) {
        fprintf(stderr, "cannot write back an image that was read\n");
        abort();
    }
    if (!elf_read_mem(buf, len, "again.elf", &again, err, sizeof err)) {
        fprintf(stderr, "cannot read back what was written: %s\n", err);
        abort();
    }
    char why[256];
    if (!image_equal(&img, &again, why, sizeof why)) {
        fprintf(stderr, "round trip differs: %s\n", why);
        abort();
    }
    free(buf);
    image_free(&img);
    image_free(&again);
    return 0;
}
