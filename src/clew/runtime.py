"""Process-level helpers shared by the bulk steps (ingest, network, media hashing)."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a burst of allocations.

    Bulk steps allocate millions of small containers (records, rows, cache entries) and hold
    none in cycles; each allocation burst otherwise triggers full collections that walk the
    whole heap again and again (~15% of a big file's ingest, half of the network step).
    Reference counting still frees memory; the collector is back on afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """Make this (worker) process end when ``parent`` does, even if the parent is killed.

    On Linux the kernel sends SIGKILL on the parent's death (``prctl(PR_SET_PDEATHSIG)``
    through ctypes); everywhere a daemon thread checks once a second that the parent is still
    ``parent`` (``os.getppid`` changes when it dies) and ends the process quietly if not.
    The check right after ``prctl`` closes the window where the parent died before it.
    A pool worker calls this as its initializer; a worker outliving a killed ``clew`` held
    the database and the caller's pipes for minutes (issue 10 item 7)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(0)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="clew-parent-watch", daemon=True).start()
