"""The files of a ``clew media hash`` run, streamed: memory bounded whatever the folder holds.

A seized phone holds hundreds of thousands of files. Listing them all first, loading every
stored file's key to skip those already hashed, and handing the whole list to the process
pool cost about 1 KiB a file (96 MB of RSS for 5,000 files, 145 MB for 50,000 more), so the
run grew without bound (issue 10 item 1: bound "the memory of the whole run"). Instead:

- the walk (``clew.media.walk.iter_items``) is consumed as the hashing goes;
- files already stored are found per :data:`LOOKUP` files, by their paths (one indexed
  query), not by loading every stored key;
- at most :data:`WINDOW` tasks per worker are in the pool at once, taken back in order.

The walk's own state stays: the names of one folder at a time and the folders already walked
(to end link loops).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from itertools import islice
from typing import Any

from clew.media.walk import Item
from clew.store.base import Store

LOOKUP = 256  # files looked up in the store at once: one query, a few hundred keys in memory
WINDOW = 4  # tasks in the pool per worker: enough to keep each busy while one result waits


def chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def to_hash(
    store: Store,
    items: Iterable[Item],
    counts: dict[str, Any],
    task_items: int,
    on_chunk: Callable[[dict[tuple, str | None]], None],
) -> Iterator[list[Item]]:
    """Tasks of ``task_items`` files not hashed yet. After each :data:`LOOKUP` files met,
    ``on_chunk`` gets those already stored (key -> holder, for the holder correction; the
    caller also stores the walk's notes then); ``files`` and ``skipped`` are counted in
    ``counts``."""
    for chunk in chunks(items, LOOKUP):
        counts["files"] += len(chunk)
        paths = sorted({i.path for i in chunk})
        rows = store.select("media_files", {"path": paths}, ["path", "size", "mtime", "holder"])
        stored = {(r["path"], r["size"], r["mtime"]): r["holder"] for r in rows}
        done = {i.key: stored[i.key] for i in chunk if i.key in stored}
        counts["skipped"] += len(done)
        on_chunk(done)
        yield from chunks([i for i in chunk if i.key not in done], task_items)


def in_order(
    pool: Executor | None, tasks: Iterable[list[Item]], work: Callable[[list[Item]], Any], workers: int
) -> Iterator[Any]:
    """``work(task)`` of each task, in the tasks' order: in ``pool`` with at most
    ``WINDOW * workers`` tasks submitted and not yet taken back, or here without a pool."""
    if pool is None:
        yield from (work(task) for task in tasks)
        return
    waiting: deque[Future] = deque()
    for task in tasks:
        waiting.append(pool.submit(work, task))
        if len(waiting) >= WINDOW * workers:
            yield waiting.popleft().result()
    while waiting:
        yield waiting.popleft().result()
