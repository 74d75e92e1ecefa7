"""Process-level helpers shared by the bulk steps (ingest, network)."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this (worker) process when its parent ends (Linux
    ``PR_SET_PDEATHSIG``; elsewhere a no-op), and end now if the parent is already gone.
    Called first thing in a worker, before its heavy imports, so a parent killed meanwhile
    leaves no orphan behind."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL))
    if os.getppid() != parent:
        os._exit(0)


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
