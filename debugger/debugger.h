/*
 * debugger.h - `simmon debug`: the debugger's entry point for the CLI.
 * The debugger is layered: a command engine with no curses dependency,
 * a readline front end, and an ncurses screen (--tui).
 */
#ifndef SIMMON_DEBUGGER_H
#define SIMMON_DEBUGGER_H

int cmd_debug(int argc, char **argv);

#endif
