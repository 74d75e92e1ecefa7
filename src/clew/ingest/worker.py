"""``python -m clew.ingest.worker FD``: one worker of ``clew.ingest.parallel``.

Reads its task (pickled arguments of :func:`clew.ingest.parallel.work`) from stdin and
sends the batches it builds through the pipe ``FD``.
"""

from __future__ import annotations

import pickle
import sys
from multiprocessing.connection import Connection

from clew.ingest.parallel import work


def main() -> None:
    conn = Connection(int(sys.argv[1]))
    args = pickle.load(sys.stdin.buffer)
    work(conn, *args)


if __name__ == "__main__":
    main()
