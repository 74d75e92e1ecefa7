"""``python -m clew.ingest.worker FD``: one worker of ``clew.ingest.parallel``.

Reads its task and then its chunks (pickled, see :func:`clew.ingest.parallel.work`) from
stdin and sends the batches it builds through the pipe ``FD``.
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection

from clew.ingest.parallel import work


def main() -> None:
    work(Connection(int(sys.argv[1])), sys.stdin.buffer)


if __name__ == "__main__":
    main()
