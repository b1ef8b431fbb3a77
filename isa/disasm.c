/*
 * disasm.c - the disassembler: the instruction table read backwards.
 *
 * Owns: the text form of an instruction, which is exactly what the
 * assembler accepts (so disassemble -> assemble round-trips; the table
 * tests check it).  Operands follow isa_formats[].syntax; registers print
 * by their ABI names, control registers by name.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "isa/disasm.h"
#include "isa/isa.h"

#define R(n) isa_reg_abi[(n)]

static void target(char *buf, size_t len, uint32_t addr, const struct image *img)
{
    uint32_t off;
    const struct image_symbol *s = img ? image_symbol_for(img, addr, &off) : NULL;
    if (s && off)
        snprintf(buf, len, "0x%08x <%s+0x%x>", addr, s->name, off);
    else if (s)
        snprintf(buf, len, "0x%08x <%s>", addr, s->name);
    else
        snprintf(buf, len, "0x%08x", addr);
}

static void cr_name(char *buf, size_t len, unsigned cr)
{
    const char *n = isa_cr_name(cr);
    if (n) {
        size_t i;
        for (i = 0; n[i] && i + 1 < len; i++)
            buf[i] = (char)(n[i] >= 'A' && n[i] <= 'Z' ? n[i] - 'A' + 'a' : n[i]);
        buf[i] = '\0';
    } else {
        snprintf(buf, len, "%u", cr);
    }
}

char *isa_disasm(uint32_t word, uint32_t pc, const struct image *img, char *buf, size_t len)
{
    struct isa_decoded d;
    char t[128], c[16];
    if (!isa_decode(word, &d)) {
        snprintf(buf, len, ".word   0x%08x", word);
        return buf;
    }
    const char *mn = isa_insns[d.op].name;
    int32_t simm = (int32_t)d.imm;
    switch (isa_insns[d.op].format) {
    case ISA_FMT_R:  snprintf(buf, len, "%-7s %s, %s, %s", mn, R(d.rd), R(d.rs1), R(d.rs2)); break;
    case ISA_FMT_I:  snprintf(buf, len, "%-7s %s, %s, %ld", mn, R(d.rd), R(d.rs1), (long)simm); break;
    case ISA_FMT_IU: snprintf(buf, len, "%-7s %s, %s, 0x%x", mn, R(d.rd), R(d.rs1), d.imm); break;
    case ISA_FMT_SH: snprintf(buf, len, "%-7s %s, %s, %u", mn, R(d.rd), R(d.rs1), d.imm); break;
    case ISA_FMT_L:  snprintf(buf, len, "%-7s %s, %ld(%s)", mn, R(d.rd), (long)simm, R(d.rs1)); break;
    case ISA_FMT_S:  snprintf(buf, len, "%-7s %s, %ld(%s)", mn, R(d.rs2), (long)simm, R(d.rs1)); break;
    case ISA_FMT_B:
        target(t, sizeof t, pc + d.imm, img);
        snprintf(buf, len, "%-7s %s, %s, %s", mn, R(d.rs1), R(d.rs2), t);
        break;
    case ISA_FMT_J:
        target(t, sizeof t, pc + d.imm, img);
        snprintf(buf, len, "%-7s %s, %s", mn, R(d.rd), t);
        break;
    case ISA_FMT_U:  snprintf(buf, len, "%-7s %s, 0x%x", mn, R(d.rd), d.imm); break;
    case ISA_FMT_A:  snprintf(buf, len, "%-7s %s, %s, (%s)", mn, R(d.rd), R(d.rs2), R(d.rs1)); break;
    case ISA_FMT_N:  snprintf(buf, len, "%s", mn); break;
    case ISA_FMT_CRR:
        cr_name(c, sizeof c, d.cr);
        snprintf(buf, len, "%-7s %s, %s", mn, R(d.rd), c);
        break;
    case ISA_FMT_CRW:
        cr_name(c, sizeof c, d.cr);
        snprintf(buf, len, "%-7s %s, %s", mn, c, R(d.rs1));
        break;
    case ISA_FMT_R1: snprintf(buf, len, "%-7s %s", mn, R(d.rs1)); break;
    case ISA_FMT_COUNT: snprintf(buf, len, "?"); break;
    }
    return buf;
}

void isa_disasm_image(const struct image *img, const char *name, bool lines, FILE *out)
{
    fprintf(out, "\n%s:     file format elf32-sm32\n", name);
    for (size_t i = 0; i < img->nsegs; i++) {
        const struct image_segment *s = &img->segs[i];
        if (!(s->flags & IMAGE_X))
            continue;
        fprintf(out, "\nDisassembly of section %s:\n", s->name ? s->name : "?");
        uint32_t last_file = UINT32_MAX, last_line = 0;
        for (uint32_t off = 0; off + 4 <= s->filesz; off += 4) {
            uint32_t addr = s->vaddr + off, w;
            memcpy(&w, s->data + off, 4);
            for (size_t k = 0; k < img->nsyms; k++) {
                const struct image_symbol *sym = &img->syms[k];
                if (sym->value == addr && sym->kind != IMAGE_SYM_ABS)
                    fprintf(out, "\n%08x <%s>:\n", addr, sym->name);
            }
            const struct image_line *ln = lines ? image_line_for(img, addr) : NULL;
            if (ln && (ln->file != last_file || ln->line != last_line)) {
                fprintf(out, "%s:%u\n", ln->file < img->nfiles ? img->files[ln->file] : "?",
                        ln->line);
                last_file = ln->file;
                last_line = ln->line;
            }
            char text[160];
            fprintf(out, "%8x:\t%08x \t%s\n", addr, w, isa_disasm(w, addr, img, text, sizeof text));
        }
    }
}
