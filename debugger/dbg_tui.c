/*
 * dbg_tui.c - `simmon debug --tui`: the full-screen debugger.
 *
 * Owns: the curses session, the layouts (src, asm, regs, mmu, split; vm
 * under the monitor), the keys (gdb TUI's: F5 continue, F10 next, F11
 * step, F9 stepi, F6 finish, F7 reverse-stepi, F8 reverse-continue; C-x o
 * / Tab focus, C-x a next layout, C-x s single-key mode, PgUp/PgDn scroll
 * the focused pane, C-l redraw, KEY_RESIZE), running commands with their
 * output captured into the output pane, and the always-visible command
 * line.
 *
 * The command line is GNU readline in callback mode, as gdb's TUI does it:
 * curses reads the keys; keys for the command line are handed to readline
 * one at a time through rl_getc_function; readline's display is redrawn
 * into the bottom row by rl_redisplay_function; readline never touches
 * the terminal (its prep/deprep hooks are no-ops, its output goes to
 * /dev/null, completion lists go to the output pane).  Cursor and history
 * keys call readline's own functions instead of faking escape sequences,
 * so no key-sequence timeout is involved.  History and completion are the
 * CLI's (dbg_cli.c).
 *
 * Globals, because readline's callbacks take no context: `screen` (the
 * one struct tui) and `pending_key` (the key being handed to readline).
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "debugger/dbg_tui.h"

static struct tui *screen;            /* for readline's callbacks */
static int pending_key = EOF;         /* the key rl_getc_function returns next */

#define PROMPT "(simmon) "

/* ---- layouts -------------------------------------------------------------------------- */

static void place(struct tui *t, enum tui_pane p, int y, int x, int h, int w)
{
    if (x + w < COLS)
        w--;                           /* a blank column between side-by-side panes */
    t->rect[p] = (struct tui_rect){ y, x, h, w };
    t->shown[p] = h >= 2 && w >= 8;
}

static void compute_layout(struct tui *t)
{
    int H = LINES - 2, W = COLS;     /* the status line and the command line below */
    memset(t->shown, 0, sizeof t->shown);
    memset(t->rect, 0, sizeof t->rect);
    int bottom = H >= 20 ? 7 : H / 3, top = H - bottom;
    int right = W >= 100 ? 34 : 28, left = W - right;
    place(t, PANE_OUTPUT, top, 0, bottom, left);
    place(t, PANE_CONSOLE, top, left, bottom, right);
    switch (t->layout) {
    case 0:                            /* src: code | registers */
        place(t, PANE_CODE, 0, 0, top, left);
        place(t, PANE_REGS, 0, left, top, right);
        break;
    case 1:                            /* asm: code, full width */
        place(t, PANE_CODE, 0, 0, top, W);
        break;
    case 2: {                          /* regs: wide registers; code | memory */
        int rh = top / 2 > 10 ? 10 : top / 2;
        place(t, PANE_REGS, 0, 0, rh, W);
        place(t, PANE_CODE, rh, 0, top - rh, left);
        place(t, PANE_MEM, rh, left, top - rh, right);
        break;
    }
    case 3: {                          /* mmu: page tables | TLB over traps */
        int half = W / 2, th = top / 2;
        place(t, PANE_PT, 0, 0, top, half);
        place(t, PANE_TLB, 0, half, th, W - half);
        place(t, PANE_TRAPS, th, half, top - th, W - half);
        break;
    }
    case 5: {                          /* vm: guest tables | shadow table; exits | registers */
        int half = W / 2, th = top * 3 / 5;
        place(t, PANE_VM_GUEST, 0, 0, th, half);
        place(t, PANE_VM_SHADOW, 0, half, th, W - half);
        place(t, PANE_EXITS, th, 0, top - th, left);
        place(t, PANE_REGS, th, left, top - th, right);
        break;
    }
    default: {                         /* split: code | registers; memory | page tables */
        int th = top - top / 3;
        place(t, PANE_CODE, 0, 0, th, left);
        place(t, PANE_REGS, 0, left, th, right);
        place(t, PANE_MEM, th, 0, top - th, left);
        place(t, PANE_PT, th, left, top - th, right);
        break;
    }
    }
    if (t->focus != PANE_CMD && !t->shown[t->focus])
        t->focus = PANE_CMD;
}

static bool set_layout(void *ctx, const char *name)
{
    struct tui *t = ctx;
    int n = 0;
    while (dbg_layout_names[n])
        n++;
    int step = strcmp(name, "next") == 0 ? 1 : strcmp(name, "prev") == 0 ? n - 1 : 0;
    if (step) {
        do                             /* `vm` only with the monitor */
            t->layout = (t->layout + step) % n;
        while (!t->d->exit_source && strcmp(dbg_layout_names[t->layout], "vm") == 0);
    } else
        for (int i = 0; i < n; i++)
            if (strcmp(name, dbg_layout_names[i]) == 0)
                t->layout = i;
    compute_layout(t);
    clear();
    return true;
}

/* ---- drawing ----------------------------------------------------------------------------- */

static void draw_status(struct tui *t)
{
    struct dbg *d = t->d;
    const struct dbg_exit_source *xs = d->exit_source;
    uint32_t st = tui_cr(t, ISA_CR_STATUS);
    char mode[80];
    if (xs)                            /* the guest's virtual mode, not the real CPU's */
        snprintf(mode, sizeof mode, "%s: virtual %s%s", xs->guest_name(xs->ctx),
                 st & ISA_STATUS_UM ? "user" : "kernel", st & ISA_STATUS_PG ? " paging" : "");
    else
        snprintf(mode, sizeof mode, "%s%s", st & ISA_STATUS_UM ? "user" : "kernel",
                 st & ISA_STATUS_PG ? " paging" : "");
    snprintf(t->status, sizeof t->status, " %s | %scycle %llu | %s | layout %s | focus %s%s | F5 cont F10 next "
             "F11 step F9 stepi C-x o focus C-x a layout", d->exited ? "exited" : "stopped",
             xs ? "real " : "", (unsigned long long)machine_cycles(d->m), mode, dbg_layout_names[t->layout],
             tui_pane_name((enum tui_pane)t->focus), t->single_key ? " | SINGLE-KEY" : "");
    attron(A_REVERSE);
    mvaddnstr(LINES - 2, 0, t->status, COLS);
    for (int x = (int)strlen(t->status); x < COLS; x++)
        mvaddch(LINES - 2, x, ' ');
    attroff(A_REVERSE);
}

/* readline's display, in the bottom row */
static void draw_cmdline(void)
{
    const char *prompt = rl_display_prompt ? rl_display_prompt : PROMPT;
    int plen = (int)strlen(prompt), w = COLS;
    int start = 0;                     /* scroll long lines so the cursor stays visible */
    if (plen + rl_point >= w - 1)
        start = plen + rl_point - (w - 2);
    move(LINES - 1, 0);
    clrtoeol();
    char line[8192];
    snprintf(line, sizeof line, "%s%s", prompt, rl_line_buffer ? rl_line_buffer : "");
    if ((int)strlen(line) > start)
        mvaddnstr(LINES - 1, 0, line + start, w);
    move(LINES - 1, plen + rl_point - start);
}

static void redraw(struct tui *t)
{
    if (LINES < 10 || COLS < 40) {
        erase();
        mvaddstr(0, 0, "terminal too small (need 80x24)");
        draw_cmdline();
        refresh();
        return;
    }
    for (int p = 0; p < PANE_COUNT; p++)
        if (t->shown[p])
            tui_draw_pane(t, (enum tui_pane)p);
    draw_status(t);
    draw_cmdline();
    curs_set(t->focus == PANE_CMD ? 1 : 0);
    refresh();
}

static void rl_redisplay_cb(void)
{
    if (screen) {
        draw_cmdline();
        refresh();
    }
}

static int rl_getc_cb(FILE *f)
{
    (void)f;
    int c = pending_key;
    pending_key = EOF;
    return c;
}

static int rl_input_available_cb(void)
{
    return pending_key != EOF;
}

static void rl_prep_cb(int meta) { (void)meta; }
static void rl_deprep_cb(void) {}

static void show_matches(char **matches, int n, int maxlen)
{
    (void)maxlen;
    if (!screen)
        return;
    for (int i = 1; i <= n; i++) {
        tui_text_add(&screen->output, matches[i], strlen(matches[i]));
        tui_text_add(&screen->output, i == n ? "\n" : "  ", i == n ? 1 : 2);
    }
    redraw(screen);
}

/* ---- running commands ---------------------------------------------------------------------- */

static void console_cb(void *ctx, uint8_t b)
{
    struct tui *t = ctx;
    char c = (char)b;
    tui_text_add(&t->console, &c, 1);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void progress_cb(void *ctx)
{
    struct tui *t = ctx;
    long long ms = now_ms();
    if (ms - t->last_progress_ms < 100)
        return;
    t->last_progress_ms = ms;
    if (t->shown[PANE_CONSOLE])
        tui_draw_pane(t, PANE_CONSOLE);
    mvaddnstr(LINES - 2, 0, " running... (Ctrl-C stops it)", COLS);
    refresh();
}

static void run_command(struct tui *t, const char *line, bool interactive)
{
    struct dbg *d = t->d;
    uint64_t c0 = machine_cycles(d->m), i0 = machine_instret(d->m);
    uint32_t pc0 = machine_pc(d->m);
    tui_take_regs(t, false);           /* the state before the command */
    char echo[600];
    int n = snprintf(echo, sizeof echo, PROMPT "%s\n", line);
    tui_text_add(&t->output, echo, n < (int)sizeof echo ? (size_t)n : sizeof echo - 1);
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    d->out = mem ? mem : t->devnull;
    mvaddnstr(LINES - 2, 0, " running... (Ctrl-C stops it)", COLS);
    refresh();
    dbg_sigint_arm(d);
    dbg_execute(d, line, interactive);
    dbg_sigint_disarm();
    d->out = t->devnull;
    if (mem) {
        fclose(mem);
        tui_text_add(&t->output, buf, len);
        free(buf);
    }
    t->scroll[PANE_OUTPUT] = 0;
    if (machine_cycles(d->m) != c0 || machine_instret(d->m) != i0 || machine_pc(d->m) != pc0 ||
        strncmp(line, "set", 3) == 0) {
        memcpy(t->prev_r, t->cur_r, sizeof t->prev_r);   /* changes since this stop */
        memcpy(t->prev_cr, t->cur_cr, sizeof t->prev_cr);
        t->prev_pc = t->cur_pc;
        t->code_follow = true;
    }
    if (d->x_count != t->x_seen) {     /* an x command: the memory pane follows it */
        t->x_seen = d->x_count;
        t->mem_base = d->x_start;
        t->mem_follow_sp = false;
    }
    if (d->quit)
        return;
    redraw(t);
}

static void on_line(char *line)
{
    struct tui *t = screen;
    if (!line) {                       /* C-d on an empty line */
        t->d->quit = true;
        return;
    }
    const char *p = line + strspn(line, " \t");
    if (*p) {
        HIST_ENTRY *last = history_length ? history_get(history_base + history_length - 1) : NULL;
        if (!last || strcmp(last->line, line) != 0)
            add_history(line);
    }
    run_command(t, line, true);
    free(line);
}

/* ---- keys ---------------------------------------------------------------------------------- */

static void feed_readline(int c)
{
    pending_key = c;
    rl_callback_read_char();
    pending_key = EOF;
}

static void focus_step(struct tui *t, int dir)
{
    int f = t->focus;
    for (int k = 0; k <= PANE_COUNT; k++) {
        f = (f + dir + PANE_COUNT + 1) % (PANE_COUNT + 1);
        if (f == PANE_CMD || t->shown[f])
            break;
    }
    t->focus = f;
}

static void scroll_pane(struct tui *t, int p, int lines)
{
    if (p == PANE_CMD)
        p = PANE_OUTPUT;
    switch (p) {
    case PANE_CODE:
        t->code_follow = false;
        t->code_top += (uint32_t)(lines * 4);
        t->code_top &= ~3u;
        break;
    case PANE_MEM:
        if (t->mem_follow_sp)
            t->mem_base = machine_reg(t->d->m, 2) & ~15u;
        t->mem_follow_sp = false;
        t->mem_base += (uint32_t)(lines * 16);
        break;
    case PANE_PT: {
        int n = tui_pt_lines(t);
        t->pt_cursor += lines;
        if (t->pt_cursor >= n)
            t->pt_cursor = n - 1;
        if (t->pt_cursor < 0)
            t->pt_cursor = 0;
        break;
    }
    case PANE_VM_GUEST:                /* the two trees scroll together */
    case PANE_VM_SHADOW:
        t->scroll[PANE_VM_GUEST] += lines;
        if (t->scroll[PANE_VM_GUEST] < 0)
            t->scroll[PANE_VM_GUEST] = 0;
        break;
    case PANE_EXITS:
    case PANE_CONSOLE:
    case PANE_OUTPUT:                  /* text panes scroll back: down = newer */
        t->scroll[p] -= lines;
        if (t->scroll[p] < 0)
            t->scroll[p] = 0;
        break;
    default:
        t->scroll[p] += lines;
        if (t->scroll[p] < 0)
            t->scroll[p] = 0;
        break;
    }
}

static const struct { int key; const char *cmd; } fkeys[] = {
    { 5, "continue" }, { 6, "finish" }, { 7, "reverse-stepi" }, { 8, "reverse-continue" },
    { 9, "stepi" }, { 10, "next" }, { 11, "step" },
};

static const struct { int key; const char *cmd; } single_keys[] = {
    { 'c', "continue" }, { 'n', "next" }, { 's', "step" }, { 'i', "stepi" }, { 'f', "finish" },
    { 'u', "until" }, { 'r', "reverse-stepi" }, { 'v', "info registers" },
};

static void handle_key(struct tui *t, int c)
{
    int page = 10;
    if (t->focus != PANE_CMD && t->rect[t->focus].h > 3)
        page = t->rect[t->focus].h - 2;
    if (t->ctrl_x) {
        t->ctrl_x = false;
        if (c == 'o' || c == 'O')
            focus_step(t, 1);
        else if (c == 'a' || c == 'A' || c == '2')
            set_layout(t, "next");
        else if (c == 's' || c == 'S')
            t->single_key = !t->single_key;
        redraw(t);
        return;
    }
    for (size_t i = 0; i < sizeof fkeys / sizeof fkeys[0]; i++)
        if (c == KEY_F(fkeys[i].key)) {
            run_command(t, fkeys[i].cmd, false);
            return;
        }
    if (t->single_key && rl_end == 0) {
        for (size_t i = 0; i < sizeof single_keys / sizeof single_keys[0]; i++)
            if (c == single_keys[i].key) {
                run_command(t, single_keys[i].cmd, false);
                return;
            }
        if (c == 'q') {
            t->single_key = false;
            redraw(t);
            return;
        }
    }
    switch (c) {
    case KEY_RESIZE:
        compute_layout(t);
        clear();
        redraw(t);
        return;
    case 0x18:                         /* C-x */
        t->ctrl_x = true;
        return;
    case 0x0C:                         /* C-l */
        clearok(stdscr, TRUE);
        redraw(t);
        return;
    case KEY_BTAB:
        focus_step(t, -1);
        redraw(t);
        return;
    case '\t':
        if (t->focus != PANE_CMD || rl_end == 0) {
            focus_step(t, 1);
            redraw(t);
            return;
        }
        break;
    case KEY_PPAGE:
        scroll_pane(t, t->focus, -page);
        redraw(t);
        return;
    case KEY_NPAGE:
        scroll_pane(t, t->focus, page);
        redraw(t);
        return;
    default:
        break;
    }
    if (t->focus != PANE_CMD) {
        if (c == KEY_UP || c == KEY_DOWN) {
            scroll_pane(t, t->focus, c == KEY_UP ? -1 : 1);
            redraw(t);
            return;
        }
        if ((c == '\n' || c == '\r' || c == KEY_ENTER || c == ' ') && t->focus == PANE_PT) {
            tui_pt_toggle(t);
            redraw(t);
            return;
        }
        t->focus = PANE_CMD;           /* typing goes to the command line */
        redraw(t);
        if (c == '\n' || c == '\r' || c == KEY_ENTER)
            return;
    }
    switch (c) {
    case KEY_UP:        rl_get_previous_history(1, 0); break;
    case KEY_DOWN:      rl_get_next_history(1, 0); break;
    case KEY_LEFT:      rl_backward_char(1, 0); break;
    case KEY_RIGHT:     rl_forward_char(1, 0); break;
    case KEY_HOME:      rl_beg_of_line(1, 0); break;
    case KEY_END:       rl_end_of_line(1, 0); break;
    case KEY_DC:        rl_delete(1, 0); break;
    case KEY_BACKSPACE: rl_rubout(1, 0); break;
    case KEY_ENTER:     feed_readline('\r'); return;
    default:
        if (c >= 0 && c < 256)
            feed_readline(c);
        return;
    }
    draw_cmdline();
    refresh();
}

/* ---- the session ------------------------------------------------------------------------------ */

static void init_colours(struct tui *t)
{
    t->colour = has_colors();
    if (!t->colour)
        return;
    start_color();
    use_default_colors();
    init_pair(TC_TITLE, COLOR_BLACK, COLOR_CYAN);
    init_pair(TC_FOCUS, COLOR_BLACK, COLOR_YELLOW);
    init_pair(TC_CHANGED, COLOR_RED, -1);
    init_pair(TC_PC, COLOR_BLACK, COLOR_GREEN);
    init_pair(TC_BREAK, COLOR_RED, -1);
    init_pair(TC_SOURCE, COLOR_BLUE, -1);
    init_pair(TC_ERROR, COLOR_RED, -1);
}

int dbg_tui_main(struct dbg *d)
{
    struct tui *t = calloc(1, sizeof *t);
    if (!t)
        return 1;
    t->d = d;
    t->focus = PANE_CMD;
    t->code_follow = true;
    t->mem_follow_sp = true;
    t->devnull = fopen("/dev/null", "w");
    if (!t->devnull) {
        free(t);
        return 1;
    }
    tui_text_init(&t->console, 2000);
    tui_text_init(&t->output, 2000);
    tui_take_regs(t, true);
    screen = t;
    FILE *saved_out = d->out;
    d->out = t->devnull;
    d->console_fn = console_cb;
    d->console_ctx = t;
    d->progress = progress_cb;
    d->progress_ctx = t;
    d->layout_fn = set_layout;
    d->layout_ctx = t;

    initscr();
    cbreak();                          /* keep ISIG: Ctrl-C stops a running program */
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    init_colours(t);

    dbg_rl_init(d);
    dbg_history_load();
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_change_environment = 0;
    rl_outstream = t->devnull;
    rl_getc_function = rl_getc_cb;
    rl_input_available_hook = rl_input_available_cb;
    rl_redisplay_function = rl_redisplay_cb;
    rl_prep_term_function = rl_prep_cb;
    rl_deprep_term_function = rl_deprep_cb;
    rl_completion_display_matches_hook = show_matches;
    rl_callback_handler_install(PROMPT, on_line);

    const char *hello = "simmon debug --tui: F5 continue, F10 next, F11 step, F9 stepi, "
                        "C-x o / Tab focus, C-x a layout, PgUp/PgDn scroll, help, quit\n";
    tui_text_add(&t->output, hello, strlen(hello));
    compute_layout(t);
    redraw(t);
    while (!d->quit) {
        int c = getch();
        if (c == ERR)
            continue;
        handle_key(t, c);
    }
    rl_callback_handler_remove();
    dbg_history_save();
    endwin();
    screen = NULL;
    d->out = saved_out;
    d->console_fn = NULL;
    d->progress = NULL;
    d->layout_fn = NULL;
    tui_text_free(&t->console);
    tui_text_free(&t->output);
    fclose(t->devnull);
    free(t);
    return 0;
}
