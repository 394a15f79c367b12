#!/usr/bin/env python3
"""on_terminal.py OUTPUT COMMAND...: run COMMAND with its stderr (and
stdout) on a pseudo-terminal, as an operator's shell would, and save every
byte it wrote there into OUTPUT; exit with its status."""
import os
import pty
import sys


def main():
    output, command = sys.argv[1], sys.argv[2:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    data = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        data += chunk
    _, status = os.waitpid(pid, 0)
    with open(output, "wb") as f:
        f.write(data)
    sys.exit(os.waitstatus_to_exitcode(status))


main()
