/* cmd_decode.h — `sluice decode`: print XDR values as JSON. */
#ifndef SLUICE_CMD_DECODE_H
#define SLUICE_CMD_DECODE_H

int cmd_decode(int argc, char **argv);

#endif
