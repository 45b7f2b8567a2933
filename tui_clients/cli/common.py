"""What every command shares: its exit codes and how it reports an error.

0: success.  1: an error explained on standard error (never a traceback); for an
import, some rows were rejected and the error file says why.  2: wrong usage (argparse
exits with it too); for an import, the whole file was refused as input and nothing was
written.
"""

from __future__ import annotations

import sys

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_REJECTED = EXIT_ERROR  # some rows of a file were rejected
EXIT_REFUSED = EXIT_USAGE  # the file itself was refused: not a usable input
EXIT_INTERRUPTED = 130  # Ctrl+C, as shells report a command SIGINT ended


def error(message: str) -> int:
    """Say ``message`` on standard error, as the program; the exit code of an error."""
    print(f"tui-clients: {message}", file=sys.stderr)
    return EXIT_ERROR
