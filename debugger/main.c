/* main.c - placeholder until the debugger lands (replaced by debugger/). */
#include <stdio.h>

#include "debugger/debugger.h"

int cmd_debug(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "simmon debug: not built yet\n");
    return 2;
}
