/*
 * asm_read.c - stage 1 of the assembler, the reader: source files, .include
 * and macros in, one flat array of logical lines out.
 *
 * Owns: reading files (regular files only, size-limited), splitting them
 * into lines, .include (paths relative to the including file, cycles and
 * depth), .macro/.endm (recording bodies) and macro calls (substituting
 * \param, \@ and \() and expanding, with depth and total limits).  Must not
 * evaluate anything or know about sections: the passes do that.
 *
 * Every logical line keeps the place it came from: its own file and line,
 * or, for a line that a macro produced, the line of the (outermost) call.
 * An error found here (a missing include file, an unterminated macro ...)
 * becomes a line that carries the message, so pass 2 reports it in source
 * order together with everything else.
 *
 * Macro syntax:
 *
 *     .macro push reg, size=4        # parameters, with optional defaults
 *         addi sp, sp, -\size
 *         sw   \reg, 0(sp)
 *     .endm
 *     push ra                         # a call: arguments split at commas
 *
 * In the body \name is replaced by the argument, \@ by a number unique to
 * each expansion (for labels: loop\@:), and \() by nothing (to glue text:
 * \reg\()_save).  A backslash not followed by a parameter name is kept, so
 * string escapes such as "\n" still work (unless a parameter is named n).
 * Macro names ignore case, like mnemonics; parameter names do not.
 */
#define SIMMON_ASM_INTERNAL
#include "asm.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct loc {
    uint32_t file, lineno;
    const struct asm_macro *macro;
};

static void process_line(struct asm *a, char *text, bool owned, const struct loc *loc);
static void finish_definition(struct asm *a, bool keep);

/* ---- Adding logical lines ------------------------------------------------- */

/* Append a line; takes ownership of text if owned (also on failure). */
static bool add_line(struct asm *a, char *text, bool owned, const struct loc *loc,
                     char *error, int error_col)
{
    if (a->nlines >= ASM_MAX_LINES) {
        if (!a->lines_full) {
            /* Replace the last line by the message; nothing more is read. */
            struct asm_line *last = &a->lines[a->nlines - 1];
            char msg[120];
            snprintf(msg, sizeof msg, "the program is too long (more than %d lines after "
                     "includes and macros)", ASM_MAX_LINES);
            free(last->error);
            last->error = asm_strndup(a, msg, strlen(msg));
            last->error_col = 0;
            a->lines_full = true;
            a->too_many_expansions = true;        /* and stop expanding */
        }
        goto fail;
    }
    if (!asm_grow(a, (void **)&a->lines, &a->caplines, a->nlines + 1, sizeof *a->lines))
        goto fail;
    a->lines[a->nlines++] = (struct asm_line){
        .text = text, .owned = owned, .file = loc->file, .lineno = loc->lineno,
        .macro = loc->macro, .error = error, .error_col = error_col,
    };
    return true;
fail:
    if (owned)
        free(text);
    free(error);
    return false;
}

/* A line that reports an error in pass 2 (text is copied for the display). */
static void add_error(struct asm *a, const char *text, const char *at, const struct loc *loc,
                      const char *fmt, ...) ASM_PRINTF(5, 6);
static void add_error(struct asm *a, const char *text, const char *at, const struct loc *loc,
                      const char *fmt, ...)
{
    char msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t len = strnlen(text, ASM_MAX_LINE);
    char *copy = asm_strndup(a, text, len);
    char *m = asm_strndup(a, msg, strlen(msg));
    int col = (at && at >= text && at <= text + len) ? (int)(at - text) + 1 : 0;
    if (!copy || !m) {
        free(copy);
        free(m);
        return;
    }
    add_line(a, copy, true, loc, m, col);
}

/* ---- Files ----------------------------------------------------------------- */

/* Read a whole regular file.  NULL with *why set on failure. */
static char *load(const char *path, struct stat *st, size_t *size, const char **why)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK);   /* O_NONBLOCK: a FIFO must not hang us */
    if (fd < 0) {
        *why = strerror(errno);
        return NULL;
    }
    char *buf = NULL;
    if (fstat(fd, st) != 0) {
        *why = strerror(errno);
    } else if (S_ISDIR(st->st_mode)) {
        *why = strerror(EISDIR);
    } else if (!S_ISREG(st->st_mode)) {
        *why = "not a regular file";
    } else if (st->st_size > ASM_MAX_FILE) {
        *why = "file is larger than 16 MiB";
    } else if (!(buf = malloc((size_t)st->st_size + 1))) {
        *why = strerror(ENOMEM);
    } else {
        size_t n = 0, want = (size_t)st->st_size;
        ssize_t r;
        while (n < want && (r = read(fd, buf + n, want - n)) != 0) {
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0) {
                *why = strerror(errno);
                free(buf);
                buf = NULL;
                break;
            }
            n += (size_t)r;
        }
        if (buf) {
            buf[n] = '\0';
            *size = n;
        }
    }
    close(fd);
    return buf;
}

static long add_file(struct asm *a, const char *path, char *text, const struct stat *st)
{
    if (!asm_grow(a, (void **)&a->files, &a->capfiles, a->nfiles + 1, sizeof *a->files)) {
        free(text);
        return -1;
    }
    char *p = asm_strndup(a, path, strlen(path));
    if (!p) {
        free(text);
        return -1;
    }
    a->files[a->nfiles] = (struct asm_file){ .path = p, .text = text };
    if (st) {
        a->files[a->nfiles].dev = st->st_dev;
        a->files[a->nfiles].ino = st->st_ino;
        a->files[a->nfiles].has_id = true;
    }
    return (long)a->nfiles++;
}

/* Split file f into lines (in place) and process each one. */
static void read_lines(struct asm *a, uint32_t f, size_t size)
{
    char *p = a->files[f].text, *end = p + size;
    struct loc loc = { f, 0, NULL };
    size_t nul = strlen(p);                        /* a NUL byte ends the file */
    uint32_t nul_line = 1;
    if (nul < size) {
        end = p + nul;
        for (const char *q = p; q < end; q++)
            nul_line += *q == '\n';
    }
    while (p < end && !a->oom) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *eol = nl ? nl : end;
        *eol = '\0';
        if (eol > p && eol[-1] == '\r')
            eol[-1] = '\0';
        loc.lineno++;
        if (strlen(p) > ASM_MAX_LINE)
            add_error(a, p, p, &loc, "line is too long (%zu characters; at most %d)",
                      strlen(p), ASM_MAX_LINE);
        else
            process_line(a, p, false, &loc);
        p = eol + 1;
    }
    if (nul < size) {
        loc.lineno = nul_line;
        add_error(a, "", NULL, &loc, "the file contains a NUL byte (is it a binary file?); "
                  "the rest of it is ignored");
    }
    if (a->defining && a->defining->file == f) {
        struct loc at = { f, a->defining->lineno, NULL };
        add_error(a, a->defining_text, a->defining_text, &at,
                  "unterminated .macro '%s': no .endm before the end of the file",
                  a->defining->name);
        finish_definition(a, false);
    }
}

/* ---- Splitting arguments -------------------------------------------------- */

struct piece { const char *s; size_t len; };

/* Split s at commas outside quotes and parentheses, up to a comment.  The
 * pieces are trimmed of blanks; a blank text gives no pieces. */
static bool split(struct asm *a, const char *s, struct piece **out, size_t *n)
{
    size_t cap = 0;
    const char *p = s, *start = s;
    int depth = 0;
    *out = NULL;
    *n = 0;
    for (;;) {
        char c = *p;
        bool end = c == '\0' || c == '#' || (c == '/' && p[1] == '/');
        if (end || (c == ',' && depth == 0)) {
            const char *b = start, *e = p;
            while (b < e && (*b == ' ' || *b == '\t'))
                b++;
            while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
                e--;
            if (!asm_grow(a, (void **)out, &cap, *n + 1, sizeof **out))
                return false;
            (*out)[(*n)++] = (struct piece){ b, (size_t)(e - b) };
            if (end)
                break;
            start = ++p;
            continue;
        }
        if (c == '"' || c == '\'') {              /* skip a quoted string or char */
            const char *q = p + 1;
            while (*q && *q != c)
                q += (*q == '\\' && q[1]) ? 2 : 1;
            p = *q ? q + 1 : q;
            continue;
        }
        if (c == '(')
            depth++;
        else if (c == ')' && depth > 0)
            depth--;
        p++;
    }
    if (*n == 1 && (*out)[0].len == 0)
        *n = 0;
    return true;
}

/* ---- Macros ------------------------------------------------------------------ */

static void macro_free(struct asm_macro *m)
{
    if (!m)
        return;
    free(m->name);
    for (size_t i = 0; i < m->nparams; i++) {
        free(m->params[i]);
        free(m->defaults[i]);
    }
    free(m->params);
    free(m->defaults);
    for (size_t i = 0; i < m->nbody; i++)
        free(m->body[i]);
    free(m->body);
    free(m);
}

static long macro_find(const struct asm *a, const char *name, size_t len)
{
    char key[64];
    if (len >= sizeof key)
        return -1;
    for (size_t i = 0; i < len; i++)
        key[i] = (name[i] >= 'A' && name[i] <= 'Z') ? (char)(name[i] | 32) : name[i];
    return asm_htab_get(&a->macro_tab, key, len);
}

static void finish_definition(struct asm *a, bool keep)
{
    struct asm_macro *m = a->defining;
    a->defining = NULL;
    if (!keep || !a->defining_keep) {
        macro_free(m);
        return;
    }
    if (!asm_grow(a, (void **)&a->macros, &a->capmacros, a->nmacros + 1, sizeof *a->macros) ||
        !asm_htab_put(&a->macro_tab, m->name, strlen(m->name), (uint32_t)a->nmacros)) {
        asm_nomem(a);
        macro_free(m);
        return;
    }
    a->macros[a->nmacros++] = m;
}

/* ".macro name p1, p2=default ..." : start recording a body. */
static void begin_definition(struct asm *a, struct asm_lexer *lx, char *text,
                             const struct loc *loc)
{
    struct asm_macro *m = calloc(1, sizeof *m);
    if (!m) {
        asm_nomem(a);
        return;
    }
    m->file = loc->file;
    m->lineno = loc->lineno;
    a->defining = m;
    a->defining_text = text;
    a->defining_keep = false;                     /* until the line checks out */

    struct asm_tok name = asm_lex_next(lx);
    if (name.kind != ASM_TOK_IDENT || name.s[0] == '.' || name.len >= 64) {
        add_error(a, text, name.s, loc, name.kind != ASM_TOK_IDENT
                  ? "expected a macro name after .macro"
                  : name.s[0] == '.' ? "a macro name must not start with '.'"
                  : "macro name is too long (at most 63 characters)");
        return;
    }
    if (!(m->name = asm_strndup(a, name.s, name.len)))
        return;
    for (char *c = m->name; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c | 32);
    long old = macro_find(a, name.s, name.len);
    if (old >= 0) {
        add_error(a, text, name.s, loc, "macro '%s' is already defined at %s:%u",
                  m->name, a->files[a->macros[old]->file].path, (unsigned)a->macros[old]->lineno);
        return;
    }
    struct piece *ps;
    size_t n;
    if (!split(a, name.s + name.len, &ps, &n))
        return;
    m->params = calloc(n ? n : 1, sizeof *m->params);
    m->defaults = calloc(n ? n : 1, sizeof *m->defaults);
    if (!m->params || !m->defaults) {
        free(ps);
        asm_nomem(a);
        return;
    }
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        const char *p = ps[i].s, *e = ps[i].s + ps[i].len;
        const char *q = p;
        while (q < e && asm_ident_char((unsigned char)*q))
            q++;
        const char *after = q;
        while (after < e && (*after == ' ' || *after == '\t'))
            after++;
        if (q == p || !asm_ident_start((unsigned char)*p) || (after < e && *after != '=')) {
            add_error(a, text, p, loc, "bad macro parameter '%.*s' (parameters are names, "
                      "separated by commas, each with an optional =default)", (int)ps[i].len, p);
            ok = false;
            break;
        }
        for (size_t j = 0; j < m->nparams && ok; j++)
            if (strlen(m->params[j]) == (size_t)(q - p) && memcmp(m->params[j], p, (size_t)(q - p)) == 0) {
                add_error(a, text, p, loc, "duplicate macro parameter '%.*s'", (int)(q - p), p);
                ok = false;
            }
        if (!ok || !(m->params[i] = asm_strndup(a, p, (size_t)(q - p)))) {
            ok = false;
            break;
        }
        m->nparams++;
        if (after < e) {                          /* =default */
            const char *d = after + 1;
            while (d < e && (*d == ' ' || *d == '\t'))
                d++;
            if (!(m->defaults[i] = asm_strndup(a, d, (size_t)(e - d))))
                ok = false;
        }
    }
    free(ps);
    a->defining_keep = ok;
}

/* Append a body line (its first len characters) to the macro being defined. */
static void record(struct asm *a, const char *text, size_t len)
{
    struct asm_macro *m = a->defining;
    char *copy = asm_strndup(a, text, len);
    if (!copy || !asm_grow(a, (void **)&m->body, &m->capbody, m->nbody + 1, sizeof *m->body)) {
        free(copy);
        return;
    }
    m->body[m->nbody++] = copy;
}

/* Substitute \param, \@ and \() in one body line.  NULL if too long. */
static char *substitute(struct asm *a, const struct asm_macro *m, const struct piece *args,
                        size_t unique, const char *line)
{
    char *out = malloc(ASM_MAX_LINE + 1);
    size_t n = 0;
    if (!out) {
        asm_nomem(a);
        return NULL;
    }
#define PUT(src, len) do {                                         \
        size_t len_ = (len);                                       \
        if (n + len_ > ASM_MAX_LINE) { free(out); return NULL; }   \
        memcpy(out + n, (src), len_); n += len_;                   \
    } while (0)
    for (const char *p = line; *p;) {
        if (p[0] == '\\' && p[1] == '@') {
            char num[24];
            int k = snprintf(num, sizeof num, "%zu", unique);
            PUT(num, (size_t)k);
            p += 2;
            continue;
        }
        if (p[0] == '\\' && p[1] == '(' && p[2] == ')') {
            p += 3;
            continue;
        }
        if (p[0] == '\\' && asm_ident_start((unsigned char)p[1])) {
            const char *q = p + 1;
            while (asm_ident_char((unsigned char)*q))
                q++;
            size_t i = 0;
            while (i < m->nparams && !(strlen(m->params[i]) == (size_t)(q - p - 1) &&
                                       memcmp(m->params[i], p + 1, (size_t)(q - p - 1)) == 0))
                i++;
            if (i < m->nparams) {
                PUT(args[i].s, args[i].len);
                p = q;
                continue;
            }
        }
        PUT(p, 1);
        p++;
    }
#undef PUT
    out[n] = '\0';
    char *fit = realloc(out, n + 1);             /* keep only what is used */
    return fit ? fit : out;
}

/* A call of macro m; args is the text after its name. */
static void expand(struct asm *a, const struct asm_macro *m, const char *text,
                   const char *at, const char *args, const struct loc *loc)
{
    if (a->too_many_expansions)
        return;
    if (a->macro_depth >= ASM_MAX_MACRO_DEPTH) {
        add_error(a, text, at, loc, "macro calls nested too deeply (more than %d levels): "
                  "does '%s' call itself? (nothing more is expanded)", ASM_MAX_MACRO_DEPTH, m->name);
        a->too_many_expansions = true;            /* one such message is enough */
        return;
    }
    if (a->expansions >= ASM_MAX_EXPANSIONS) {
        add_error(a, text, at, loc, "too many macro expansions (more than %d); nothing more "
                  "is expanded", ASM_MAX_EXPANSIONS);
        a->too_many_expansions = true;
        return;
    }
    struct piece *ps, *vals = NULL;
    size_t n;
    if (!split(a, args, &ps, &n))
        return;
    size_t required = 0;
    for (size_t i = 0; i < m->nparams; i++)
        required += m->defaults[i] == NULL;
    if (n > m->nparams || n < required) {
        char list[300] = "";
        for (size_t i = 0; i < m->nparams; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s%s",
                     i ? ", " : "", m->params[i], m->defaults[i] ? "=..." : "");
        if (required == m->nparams)
            add_error(a, text, at, loc, "macro '%s' expects %zu argument%s%s%s%s, got %zu",
                      m->name, m->nparams, m->nparams == 1 ? "" : "s", m->nparams ? " (" : "",
                      list, m->nparams ? ")" : "", n);
        else
            add_error(a, text, at, loc, "macro '%s' expects %zu to %zu arguments (%s), got %zu",
                      m->name, required, m->nparams, list, n);
        free(ps);
        return;
    }
    vals = calloc(m->nparams ? m->nparams : 1, sizeof *vals);
    if (!vals) {
        free(ps);
        asm_nomem(a);
        return;
    }
    for (size_t i = 0; i < m->nparams; i++) {
        if (i < n && (ps[i].len > 0 || !m->defaults[i]))
            vals[i] = ps[i];
        else if (m->defaults[i])
            vals[i] = (struct piece){ m->defaults[i], strlen(m->defaults[i]) };
        else {
            add_error(a, text, at, loc, "macro '%s': missing argument '%s'", m->name, m->params[i]);
            free(ps);
            free(vals);
            return;
        }
    }
    size_t unique = a->expansions++;
    struct loc inner = { loc->file, loc->lineno, m };
    a->macro_depth++;
    for (size_t i = 0; i < m->nbody && !a->oom && !a->too_many_expansions; i++) {
        char *line = substitute(a, m, vals, unique, m->body[i]);
        if (!line) {
            if (!a->oom)
                add_error(a, text, at, loc, "line %zu of macro '%s' is longer than %d characters "
                          "after substitution", i + 1, m->name, ASM_MAX_LINE);
            break;
        }
        a->expanded_bytes += strlen(line) + 1;
        if (a->expanded_bytes > ASM_MAX_EXPANDED || ++a->expanded_lines > ASM_MAX_EXPANDED_LINES) {
            free(line);
            add_error(a, text, at, loc, "macro expansions produce more than %d lines or %d MiB "
                      "of text; nothing more is expanded", ASM_MAX_EXPANDED_LINES,
                      ASM_MAX_EXPANDED >> 20);
            a->too_many_expansions = true;
            break;
        }
        process_line(a, line, true, &inner);
    }
    a->macro_depth--;
    free(ps);
    free(vals);
}

/* ---- .include -------------------------------------------------------------- */

static void include(struct asm *a, struct asm_lexer *lx, char *text, const struct loc *loc)
{
    struct asm_tok t = asm_lex_next(lx);
    if (t.kind != ASM_TOK_STRING) {
        if (t.kind == ASM_TOK_ERROR && t.err == ASM_LEX_STRING)
            add_error(a, text, t.s, loc, "unterminated string (missing closing \")");
        else
            add_error(a, text, t.s, loc, "expected a file name in double quotes after .include");
        return;
    }
    const struct asm_tok *after = asm_lex_peek(lx);
    if (after->kind != ASM_TOK_EOL) {
        add_error(a, text, after->s, loc, "unexpected '%.*s' after the file name",
                  (int)(after->len > 40 ? 40 : after->len), after->s);
        return;
    }
    char name[ASM_MAX_LINE + 1];
    size_t len = asm_lex_string(&t, name);
    name[len] = '\0';
    if (len == 0 || strlen(name) != len) {
        add_error(a, text, t.s, loc, len ? "the file name contains a NUL character"
                                         : "empty file name");
        return;
    }
    if (a->include_depth >= ASM_MAX_INCLUDE_DEPTH) {
        add_error(a, text, t.s, loc, "includes nested too deeply (more than %d levels)",
                  ASM_MAX_INCLUDE_DEPTH);
        return;
    }
    /* Relative to the directory of the including file. */
    const char *from = a->files[loc->file].path;
    const char *slash = strrchr(from, '/');
    size_t dirlen = (name[0] == '/' || !slash) ? 0 : (size_t)(slash - from) + 1;
    char *path = malloc(dirlen + len + 1);
    if (!path) {
        asm_nomem(a);
        return;
    }
    memcpy(path, from, dirlen);
    memcpy(path + dirlen, name, len + 1);

    struct stat st;
    size_t size = 0;
    const char *why = "";
    char *contents = load(path, &st, &size, &why);
    if (!contents) {
        if (dirlen)
            add_error(a, text, t.s, loc, "cannot open include file '%s' (looked for %s): %s",
                      name, path, why);
        else
            add_error(a, text, t.s, loc, "cannot open include file '%s': %s", name, why);
        free(path);
        return;
    }
    for (int i = 0; i <= a->include_depth; i++) {
        const struct asm_file *f = &a->files[a->include_stack[i]];
        if (f->has_id && f->dev == st.st_dev && f->ino == st.st_ino) {
            char chain[1024] = "";
            for (int j = i; j <= a->include_depth; j++)
                snprintf(chain + strlen(chain), sizeof chain - strlen(chain), "%s -> ",
                         a->files[a->include_stack[j]].path);
            snprintf(chain + strlen(chain), sizeof chain - strlen(chain), "%s", path);
            add_error(a, text, t.s, loc, "include cycle: %s", chain);
            free(contents);
            free(path);
            return;
        }
    }
    long f = add_file(a, path, contents, &st);
    free(path);
    if (f < 0)
        return;
    a->include_stack[++a->include_depth] = (size_t)f;
    read_lines(a, (uint32_t)f, size);
    a->include_depth--;
}

/* ---- One line -------------------------------------------------------------- */

static bool is_word(const struct asm_tok *t, const char *w)
{
    return t->kind == ASM_TOK_IDENT && t->len == strlen(w) && strncasecmp(t->s, w, t->len) == 0;
}

/* Look past the labels of a line to its first word; decide whether the
 * reader must act on it (.include, .macro, .endm, a macro call) or pass
 * it on.  Takes ownership of text if owned. */
static void process_line(struct asm *a, char *text, bool owned, const struct loc *loc)
{
    struct asm_lexer lx;
    asm_lex_init(&lx, text);
    struct asm_tok t = asm_lex_next(&lx);
    while ((t.kind == ASM_TOK_IDENT || (t.kind == ASM_TOK_NUM && t.plain)) &&
           asm_lex_is_punct(asm_lex_peek(&lx), ':')) {
        asm_lex_next(&lx);
        t = asm_lex_next(&lx);
    }
    bool assignment = t.kind == ASM_TOK_IDENT && asm_lex_is_punct(asm_lex_peek(&lx), '=');
    bool endm = !assignment && is_word(&t, ".endm");
    bool has_labels = t.s > text;

    if (a->defining) {                            /* recording a macro body */
        if (endm) {
            if (has_labels)                       /* "done: .endm": keep the label */
                record(a, text, (size_t)(t.s - text));
            if (asm_lex_peek(&lx)->kind != ASM_TOK_EOL)
                add_error(a, text, asm_lex_peek(&lx)->s, loc, "unexpected text after .endm");
            finish_definition(a, true);
        } else if (!assignment && is_word(&t, ".macro")) {
            add_error(a, text, t.s, loc, "'.macro' inside the definition of macro '%s' "
                      "(missing .endm?); macros cannot be nested",
                      a->defining->name ? a->defining->name : "?");
        } else {
            record(a, text, strlen(text));
        }
        goto done;
    }
    if (assignment || t.kind != ASM_TOK_IDENT) {
        add_line(a, text, owned, loc, NULL, 0);
        return;
    }
    long mi = -1;
    bool include_line = is_word(&t, ".include"), macro_line = is_word(&t, ".macro");
    if (!include_line && !macro_line && !endm && (mi = macro_find(a, t.s, t.len)) < 0) {
        add_line(a, text, owned, loc, NULL, 0);   /* an ordinary statement */
        return;
    }
    if (has_labels) {                             /* "name: call_of_macro": the label first */
        char *lab = asm_strndup(a, text, (size_t)(t.s - text));
        if (lab)
            add_line(a, lab, true, loc, NULL, 0);
    }
    if (endm)
        add_error(a, text, t.s, loc, ".endm without .macro");
    else if (macro_line && loc->macro)
        add_error(a, text, t.s, loc, "a macro cannot define a macro");
    else if (macro_line)
        begin_definition(a, &lx, text, loc);
    else if (include_line)
        include(a, &lx, text, loc);
    else
        expand(a, a->macros[mi], text, t.s, t.s + t.len, loc);
done:
    if (owned)
        free(text);
}

/* ---- Entry points ---------------------------------------------------------- */

bool asm_read_file(struct asm *a, const char *path)
{
    struct stat st;
    size_t size = 0;
    const char *why = "";
    char *contents = load(path, &st, &size, &why);
    long f = add_file(a, path, contents, contents ? &st : NULL);
    if (f < 0)
        return false;
    if (!contents) {
        struct loc loc = { (uint32_t)f, 0, NULL };
        char msg[600];
        snprintf(msg, sizeof msg, "cannot open: %s", why);
        add_line(a, (char *)"", false, &loc, asm_strndup(a, msg, strlen(msg)), 0);
        return false;
    }
    a->include_depth = 0;
    a->include_stack[0] = (size_t)f;
    read_lines(a, (uint32_t)f, size);
    return true;
}

bool asm_read_string(struct asm *a, const char *name, const char *text)
{
    size_t size = strlen(text);
    char *copy = asm_strndup(a, text, size);
    if (!copy)
        return false;
    long f = add_file(a, name, copy, NULL);
    if (f < 0)
        return false;
    a->include_depth = 0;
    a->include_stack[0] = (size_t)f;
    read_lines(a, (uint32_t)f, size);
    return true;
}

void asm_read_finish(struct asm *a)
{
    if (a->defining)                              /* (read_lines already said so) */
        finish_definition(a, false);
}

void asm_read_free(struct asm *a)
{
    for (size_t i = 0; i < a->nlines; i++) {
        if (a->lines[i].owned)
            free(a->lines[i].text);
        free(a->lines[i].error);
    }
    free(a->lines);
    for (size_t i = 0; i < a->nfiles; i++) {
        free(a->files[i].path);
        free(a->files[i].text);
    }
    free(a->files);
    for (size_t i = 0; i < a->nmacros; i++)
        macro_free(a->macros[i]);
    free(a->macros);
    asm_htab_free(&a->macro_tab);
    if (a->defining)
        macro_free(a->defining);
}
