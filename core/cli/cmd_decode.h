/* cmd_decode.h — `sluice decode`: print XDR values as stellar-xdr-json JSON.
 * argv[0] is "decode"; returns the process exit code (0 ok, 2 usage error,
 * 5 invalid data, 1 I/O failure). */
#ifndef SLUICE_CMD_DECODE_H
#define SLUICE_CMD_DECODE_H

int cmd_decode(int argc, char **argv);

#endif
