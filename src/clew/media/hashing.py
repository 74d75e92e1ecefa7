"""``clew media hash``: hash every file of folders and zips, in parallel, resumably.

Per file one read feeds MD5, SHA-1 and SHA-256 (hashlib); images also get PDQ + quality
(``clew.media.pdq``), videos vPDQ frame hashes when PyAV is installed
(``clew.media.file_hashes``). The bytes live only in the worker's memory while hashing.
Results are stored in batches as they arrive (``clew.media.hash_store``), so a crash loses
at most one batch; a re-run skips files already stored with the same path + size + mtime.
Unreadable or corrupt files are recorded in ``media_errors`` and never stop the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import Any

from clew.media import stream
from clew.media.file_hashes import task, worker_init
from clew.media.hash_store import check_holder, correct_holder, store_batch
from clew.media.walk import iter_items
from clew.store.base import Store
from clew.vocabulary import AuditAction, RunKind

TASK_ITEMS = 16
BATCH = 200


def unreadable(store: Store) -> list[dict[str, Any]]:
    """The files hashing could not read or decode (``media_errors``), in the order met; audited."""
    rows = list(store.select("media_errors", order_by=["id"]))
    store.audit(AuditAction.MEDIA_ERRORS, None, {"rows": len(rows)})
    return rows


def hash_paths(
    store: Store,
    paths: Iterable[Path],
    *,
    source: str,
    holder: str | None = None,
    mode: str = "reference",
    workers: int = 2,
    follow_links: bool = False,
    on_progress: Callable[[int, int | None], None] | None = None,
) -> dict[str, Any]:
    """Hash every file under ``paths`` into ``media_files``; returns counts.

    Only regular files are read; links (followed only with ``follow_links``), special files
    and odd names are noted in ``media_errors`` (``clew.fswalk``). Each committed batch is
    audited in its own transaction (``media.hash.batch``), so a kill loses no audit of what
    was stored. ``on_progress(done, total)`` is called as files finish (the CLI draws a bar);
    ``total`` is None until the walk has ended (it is streamed).
    """
    if holder is not None:
        check_holder(store, holder)
    with store.run(RunKind.MEDIA_HASH, f"source={source}") as run:
        counts = _hash_all(store, run.id, paths, source, holder, mode, workers, follow_links, on_progress)
    store.audit(AuditAction.MEDIA_HASH, source, {**counts, "holder": holder, "mode": mode})
    return counts


def _hash_all(
    store: Store,
    run_id: str,
    paths: Iterable[Path],
    source: str,
    holder: str | None,
    mode: str,
    workers: int,
    follow_links: bool,
    on_progress: Callable[[int, int | None], None] | None,
) -> dict[str, Any]:
    """Hash what is not hashed yet, storing rows and errors in batches; the counts. The walk is
    streamed (``clew.media.stream``): memory does not grow with the number of files."""
    counts = dict.fromkeys(
        ("files", "skipped", "hashed", "images", "videos", "errors", "holder_corrected"), 0
    )
    walk_errors: list[tuple[str, str]] = []
    items = iter_items(paths, walk_errors, follow_links=follow_links)
    pending: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    relabel: dict[tuple, str | None] = {}  # stored files whose holder --holder corrects

    def flush() -> None:
        errors.extend({"path": p, "error": e} for p, e in walk_errors)
        walk_errors.clear()
        store_batch(store, pending, errors, source=source, holder=holder, run_id=run_id)
        pending.clear()
        errors.clear()
        if relabel and holder is not None:
            counts["holder_corrected"] += correct_holder(store, relabel, holder)
            relabel.clear()

    def stored(done: dict[tuple, str | None]) -> None:
        if holder is not None:
            relabel.update((k, h) for k, h in done.items() if h != holder)
        if len(walk_errors) + len(relabel) >= BATCH:
            flush()

    def accept(rows: list[dict[str, Any]]) -> None:
        for row in rows:
            if "size" not in row:
                errors.append(row)
                continue
            if row.pop("error", None):
                errors.append({"path": row["path"], "error": row["note"]})
            pending.append(row)
            counts["hashed"] += 1
            counts["images"] += row["pdq"] is not None
            counts["videos"] += row["kind"] == "video"
        if len(pending) + len(errors) + len(walk_errors) + len(relabel) >= BATCH:
            flush()

    tasks = stream.to_hash(store, items, counts, TASK_ITEMS, stored)
    first = list(islice(tasks, 2))  # a pool only when there are two tasks or more
    parallel = workers > 1 and len(first) > 1
    pool_ctx = (
        ProcessPoolExecutor(max_workers=workers, initializer=worker_init, initargs=(os.getpid(),))
        if parallel
        else nullcontext()
    )
    finished = 0
    with pool_ctx as pool:
        work = partial(task, mode=mode)
        for rows in stream.in_order(pool, chain(first, tasks), work, workers):
            accept(rows)
            finished += len(rows)
            on_progress and on_progress(finished, None)
    flush()
    on_progress and on_progress(finished, finished)
    counts["errors"] = store.count("media_errors", {"run_id": run_id})
    return counts
