"""Process-level helpers shared by the bulk steps (ingest, network)."""

from __future__ import annotations

import gc
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
