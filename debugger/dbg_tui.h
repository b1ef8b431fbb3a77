/*
 * dbg_tui.h - the screen's state, shared by dbg_tui.c (the loop, keys,
 * readline, layouts) and dbg_tui_pane.c (drawing the panes).
 *
 * Panes are drawn into rectangles of stdscr: one title bar (reverse
 * video; the focused pane's is highlighted) and h-1 rows of content.  A
 * layout is a list of (pane, rectangle) computed from the terminal's size
 * on every redraw, so KEY_RESIZE only needs a redraw.  Under the monitor,
 * `layout vm` shows the guest's page tables beside its shadow table (row
 * for row, differences marked and highlighted; scrolled together), the
 * exit log and the registers (the guest's, with its virtual CRs).
 */
#ifndef SIMMON_DBG_TUI_H
#define SIMMON_DBG_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "debugger/dbg.h"

enum tui_pane {
    PANE_CODE, PANE_REGS, PANE_MEM, PANE_PT, PANE_TLB, PANE_TRAPS,
    PANE_VM_GUEST, PANE_VM_SHADOW, PANE_EXITS,   /* layout vm (the monitor) */
    PANE_CONSOLE, PANE_OUTPUT,
    PANE_COUNT,
    PANE_CMD = PANE_COUNT      /* the command line, as a focus target */
};

struct tui_rect {
    int y, x, h, w;
};

/* A scrollback of text lines (console, command output). */
struct tui_text {
    char **lines;
    size_t n, cap, max;
    char *partial;             /* the unfinished last line */
    size_t plen, pcap;
};

enum {                         /* colour pairs (attributes without colour) */
    TC_TITLE = 1, TC_FOCUS, TC_CHANGED, TC_PC, TC_BREAK, TC_SOURCE, TC_ERROR,
};

struct tui {
    struct dbg *d;
    int layout;                /* index into dbg_layout_names */
    struct tui_rect rect[PANE_COUNT];
    bool shown[PANE_COUNT];
    int focus;                 /* enum tui_pane or PANE_CMD */
    int scroll[PANE_COUNT];    /* rows scrolled back (text panes) or down */
    bool colour;
    bool single_key;           /* gdb's single-key mode (C-x s) */
    bool ctrl_x;               /* C-x seen, waiting for the second key */

    /* registers at the previous stop: changed ones are highlighted */
    uint32_t prev_r[ISA_NREGS], prev_pc, prev_cr[ISA_CR_COUNT];
    uint32_t cur_r[ISA_NREGS], cur_pc, cur_cr[ISA_CR_COUNT];

    uint32_t code_top;         /* first address in the code pane */
    bool code_follow;          /* keep the pc in view (reset at each stop) */
    uint32_t mem_base;
    bool mem_follow_sp;        /* show the stack until an x command or scrolling */
    uint64_t x_seen;           /* d->x_count when the memory pane last followed x */
    int pt_cursor;
    size_t pt_source;          /* which dbg_pt_source the tree shows ("mmu") */
    uint8_t pt_open[1024];     /* L1 entries expanded in the tree */

    struct tui_text console, output;
    FILE *devnull;             /* d->out between commands */
    long long last_progress_ms;
    char status[256];
};

/* dbg_tui_pane.c */
void tui_text_init(struct tui_text *t, size_t max);
void tui_text_free(struct tui_text *t);
void tui_text_add(struct tui_text *t, const char *s, size_t len);
void tui_draw_pane(struct tui *t, enum tui_pane p);
void tui_draw_title(struct tui *t, enum tui_pane p, const char *title);
const char *tui_pane_name(enum tui_pane p);
/* The control register cr as the register pane shows it: the guest's
 * virtual one under the monitor, else the machine's. */
uint32_t tui_cr(const struct tui *t, unsigned cr);
/* Lines in the page-table tree (for the cursor), and toggling one. */
int tui_pt_lines(struct tui *t);
void tui_pt_toggle(struct tui *t);
void tui_take_regs(struct tui *t, bool as_previous);

#endif
