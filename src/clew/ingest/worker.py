"""``python -m clew.ingest.worker FD PARENT_PID``: one worker of ``clew.ingest.parallel``.

Reads its task and then its chunks (pickled, see :func:`clew.ingest.parallel.work`) from
stdin and sends the batches it builds through the pipe ``FD``.
"""

from __future__ import annotations

import os
import sys

from clew.runtime import die_with_parent


def main() -> None:
    """Build; die with the loader (``die_with_parent``, before the slow imports: a killed
    loader leaves no worker), and when its pipe breaks end quietly instead of printing a
    BrokenPipe traceback into the caller's terminal."""
    if len(sys.argv) > 2:
        die_with_parent(int(sys.argv[2]))
    from multiprocessing.connection import Connection

    from clew.ingest.parallel import work

    try:
        work(Connection(int(sys.argv[1])), sys.stdin.buffer)
    except (BrokenPipeError, ConnectionResetError, EOFError):
        os._exit(1)


if __name__ == "__main__":
    main()
