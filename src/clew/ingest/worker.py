"""``python -m clew.ingest.worker FD``: one worker of ``clew.ingest.parallel``.

Reads its task and then its chunks (pickled, see :func:`clew.ingest.parallel.work`) from
stdin and sends the batches it builds through the pipe ``FD``.

A worker belongs to its loader: Ctrl-C is the loader's to handle (it stops its workers and
prints the one line), so the worker ignores SIGINT; it dies with the loader (Linux
``PR_SET_PDEATHSIG``, else at its next message); and a loader gone mid-way (killed) ends it
quietly: a broken pipe is how it learns, not an error to print.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from multiprocessing.connection import Connection

from clew.ingest.parallel import work

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this process when its parent ends (Linux; elsewhere a no-op)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(0)


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(int(sys.argv[2]) if len(sys.argv) > 2 else os.getppid())
    try:
        work(Connection(int(sys.argv[1])), sys.stdin.buffer)
    except (BrokenPipeError, EOFError, ConnectionError):  # the loader is gone: nothing to tell
        with contextlib.suppress(OSError):
            sys.stderr.close()
        os._exit(0)


if __name__ == "__main__":
    main()
