/* cmd_decode.c — `sluice decode` (the XDR work replaces this placeholder). */
#include "config.h"

#include "cmd_decode.h"

#include <stdio.h>

int cmd_decode(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "sluice decode: not implemented yet\n");
    return 8;
}
