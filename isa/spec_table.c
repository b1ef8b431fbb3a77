/*
 * spec_table.c - print the instruction table of isa/SPEC.md from the
 * instruction table itself.
 *
 * Owns: the layout of the generated Markdown table and the splice of that
 * table into SPEC.md.  Reads only isa_insns[] and isa_formats[]: no other
 * fact about an instruction may appear here, or the document and sm32.def
 * could disagree.  No state; no exit().
 */
#include "isa/spec_table.h"

#include "isa/isa.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Inside a Markdown table a '|' ends the cell even in a code span, unless
 * it is written "\|" (GitHub-flavoured Markdown removes the backslash). */
static void put_cell_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputc('\\', out);
        fputc(*s, out);
    }
}

static void put_code(FILE *out, const char *s)
{
    fputc('`', out);
    put_cell_text(out, s);
    fputc('`', out);
}

void isa_write_spec_table(FILE *out)
{
    fputs("\n"
          "| Opcode | Mnemonic | Syntax | Format | Cycles | Privileged | Meaning |\n"
          "| --- | --- | --- | --- | ---: | :---: | --- |\n", out);
    /* Ordered by opcode, whatever the order of the rows in sm32.def. */
    for (unsigned opc = 0; opc < 256; opc++) {
        for (int op = 1; op < ISA_OP_COUNT; op++) {
            const struct isa_insn_info *in = &isa_insns[op];
            if (in->opcode != opc)
                continue;
            const struct isa_format_info *f = &isa_formats[in->format];
            fprintf(out, "| 0x%02X | %s | `%s", opc, in->name, in->name);
            if (f->syntax[0] != '\0') {
                fputc(' ', out);
                put_cell_text(out, f->syntax);
            }
            fprintf(out, "` | %s | %u | %s | ", f->name, (unsigned)in->cycles,
                    (in->flags & ISA_F_PRIV) ? "yes" : "");
            put_code(out, in->meaning);
            fputs(" |\n", out);
        }
    }
    fputc('\n', out);
}

char *isa_spec_table_string(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    isa_write_spec_table(f);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* Read a whole file into a NUL-terminated malloc'd buffer. */
static char *slurp(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: error: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (cap - len < 4096) {
            cap = cap ? cap * 2 : 16384;
            char *nb = realloc(buf, cap);
            if (!nb) {
                snprintf(err, errlen, "%s: error: out of memory", path);
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0)
            break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        snprintf(err, errlen, "%s: error: read failed", path);
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

/* Find `marker` alone on a line at or after `from`; return the start of
 * that line or NULL. */
static const char *find_line(const char *from, const char *doc, const char *marker)
{
    size_t n = strlen(marker);
    for (const char *p = strstr(from, marker); p; p = strstr(p + 1, marker)) {
        bool at_start = (p == doc || p[-1] == '\n');
        bool at_end = (p[n] == '\n' || p[n] == '\0');
        if (at_start && at_end)
            return p;
    }
    return NULL;
}

bool isa_spec_update_file(const char *path, char *err, size_t errlen)
{
    char *doc = slurp(path, err, errlen);
    if (!doc)
        return false;
    const char *b = find_line(doc, doc, ISA_SPEC_BEGIN);
    const char *e = b ? find_line(b, doc, ISA_SPEC_END) : NULL;
    if (!b || !e || b[strlen(ISA_SPEC_BEGIN)] != '\n') {
        snprintf(err, errlen, "%s: error: no line \"%s\" followed by a line \"%s\"",
                 path, ISA_SPEC_BEGIN, ISA_SPEC_END);
        free(doc);
        return false;
    }
    const char *body = b + strlen(ISA_SPEC_BEGIN) + 1;   /* after its newline */
    char *table = isa_spec_table_string();
    if (!table) {
        snprintf(err, errlen, "%s: error: out of memory", path);
        free(doc);
        return false;
    }

    /* Write a sibling file and rename it over the original, so a failure
     * never leaves a half-written SPEC.md. */
    size_t tlen = strlen(path) + 5;
    char *tmp = malloc(tlen);
    bool ok = false;
    if (tmp) {
        snprintf(tmp, tlen, "%s.new", path);
        FILE *f = fopen(tmp, "wb");
        if (f) {
            fwrite(doc, 1, (size_t)(body - doc), f);
            fputs(table, f);
            fputs(e, f);
            ok = (fclose(f) == 0) && rename(tmp, path) == 0;
            if (!ok)
                remove(tmp);
        }
        if (!ok)
            snprintf(err, errlen, "%s: error: cannot write: %s", path, strerror(errno));
    } else {
        snprintf(err, errlen, "%s: error: out of memory", path);
    }
    free(tmp);
    free(table);
    free(doc);
    return ok;
}
