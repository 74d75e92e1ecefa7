"""``python -c BOOT FD PARENT`` (``clew.ingest.processes.BOOT``): one worker of the ingest.

Reads its task and then its chunks (pickled, see :func:`clew.ingest.processes.work`) from
stdin and sends the batches it builds through the pipe ``FD``.

A worker belongs to its loader: Ctrl-C is the loader's to handle (it stops its workers and
prints the one line), so the worker ignores SIGINT; it dies with the loader (Linux
``PR_SET_PDEATHSIG``, set by ``clew.ingest.processes.BOOT`` before any heavy import); and a
loader gone mid-way (killed) ends it quietly: a broken pipe is how it learns, not an error.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys

from clew.runtime import die_with_parent


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(int(sys.argv[2]) if len(sys.argv) > 2 else os.getppid())
    from multiprocessing.connection import Connection

    from clew.ingest.processes import work

    try:
        work(Connection(int(sys.argv[1])), sys.stdin.buffer)
    except (BrokenPipeError, ConnectionError, EOFError):  # the loader is gone: nothing to tell
        with contextlib.suppress(OSError):
            sys.stderr.close()
        os._exit(0)


if __name__ == "__main__":
    main()
