/* disasm.h - one SM32 instruction word to text (see disasm.c). */
#ifndef SIMMON_DISASM_H
#define SIMMON_DISASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "isa/image.h"

/* Format the instruction `word` found at address `pc` into buf, e.g.
 * "addi    a0, a0, -1" or "bne     a0, zero, 0x00001008 <loop>".
 * img (may be NULL) names branch and jump targets.  A word that is not an
 * instruction prints as ".word   0x........".  Returns buf. */
char *isa_disasm(uint32_t word, uint32_t pc, const struct image *img, char *buf, size_t len);

/* Print an objdump-style listing of the image's executable segments:
 * symbols as labels, address, raw word, instruction; with `lines`, the
 * source file:line above each line-table row that starts a new line. */
void isa_disasm_image(const struct image *img, const char *name, bool lines, FILE *out);

#endif
