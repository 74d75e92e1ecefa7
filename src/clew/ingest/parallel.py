"""Big files built by several processes at once, written by one that builds when it can.

Building rows (parsing, FtM cleaning, identifier normalisation) costs the CPU; writing them
is SQLite's single writer. A file of a ``splittable`` format (FtM JSON lines) of at least
:data:`PARALLEL_MIN_BYTES` is cut at line starts into chunks of about :data:`CHUNK_BYTES`.
Worker processes (fresh interpreters: nothing of the store is inherited) take chunks from
the end of the file, build their :class:`~clew.ingest.build.Batch` es and send them to a
listening thread of the loader (so a worker never waits for a write to finish); the loader
takes chunks from the start and builds them itself whenever no batch is waiting to be
written, so no CPU idles and nobody waits for the slowest span. The loader writes every
batch in its one transaction as it comes. Starting a worker and the messages to and from it:
``clew.ingest.processes``.

The result is the same rows as a build in one process (``tests/ingest/test_parallel.py``):
line numbers are counted per chunk, and identifiers and attributions two processes both
found are dropped here (identifiers are inserted ignoring repeats anyway: an earlier file
may have them).
"""

from __future__ import annotations

import os
import queue
import subprocess
import threading
from collections import deque
from collections.abc import Iterator
from itertools import pairwise
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from clew.fswalk import readable
from clew.ingest import pipeline, processes
from clew.ingest.build import Batch, build
from clew.ingest.lines import count_lines, line_start
from clew.ingest.processes import Span
from clew.ingest.records import SourceContext
from clew.ingest.region import Region
from clew.ingest.registry import reader_for
from clew.ingest.rows import Rows

PARALLEL_MIN_BYTES = 32 * 2**20  # smaller files: starting a worker costs more than it saves
CHUNK_BYTES = 2 * 2**20  # a chunk builds in ~0.1 s: the two ends meet within one of them
MAX_WORKERS = 3


def workers() -> int:
    """Worker processes beside the loader for a big file: one per other CPU this process may
    use, at most :data:`MAX_WORKERS` (0 on one CPU: the file is built in process)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(0, min(cpus - 1, MAX_WORKERS))


def batches(ctx: SourceContext, fmt: str, source_id: int, strict: bool) -> Iterator[Batch]:
    """The file's batches: built with worker processes for a big splittable file, else here."""
    reader = reader_for(fmt)
    region = ctx.region
    size = _size(ctx.path)
    n = workers()
    if reader.pipelined and n > 0 and size >= pipeline.PIPELINE_MIN_BYTES:
        return pipeline.piped(ctx, fmt, source_id, strict, region)
    if reader.splittable and n > 0 and size >= PARALLEL_MIN_BYTES:
        chunks = spans(ctx.path, max(2, -(-size // CHUNK_BYTES)))
        return _shared(ctx, fmt, source_id, strict, region, chunks, n)
    items = reader.read(ctx.path, ctx)
    return build(items, Rows(source_id), readable(ctx.path), region, strict, lambda: reader.position)


def spans(path: Path, parts: int) -> list[Span]:
    """``(start, end, first line number)`` of up to ``parts`` spans of whole lines covering the file."""
    size = _size(path)
    with path.open("rb") as fh:
        cuts = [0]
        for k in range(1, parts):
            cuts.append(max(cuts[-1], line_start(fh, size * k // parts)))
        cuts.append(size)
        out, first = [], 1
        for start, end in pairwise(cuts):
            if end > start:
                out.append((start, end, first))
            first += count_lines(fh, start, end)
    return out


def _shared(
    ctx: SourceContext,
    fmt: str,
    source_id: int,
    strict: bool,
    region: Region,
    chunks: list[Span],
    n: int,
) -> Iterator[Batch]:
    todo = deque(chunks)  # the loader takes chunks from the left, workers from the right
    reader = reader_for(fmt)
    rows = Rows(source_id)
    seen: set[Any] = set()  # identifier keys and attribution markers already sent
    inbox: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
    procs: dict[Connection, subprocess.Popen] = {}
    done = 0  # bytes of finished chunks: the progress position
    try:
        for _ in range(min(n, len(todo) - 1)):
            conn, proc = processes.start((ctx, fmt, source_id, strict, region))
            procs[conn] = proc
            processes.give(proc, todo.pop(), ctx)
        listener = threading.Thread(target=_listen, args=(procs, todo, inbox, ctx), daemon=True)
        listener.start()
        own: Iterator[Batch] | None = None
        own_size = 0
        listening = True
        while listening or own is not None or todo:
            idle = own is None and not todo
            try:
                kind, payload = inbox.get(block=idle)
            except queue.Empty:
                kind, payload = "", None
            if kind == "batch":
                yield _fresh(payload, seen, done)
                continue
            if kind == "chunk":
                done += payload
                continue
            if kind == "error":
                raise payload
            if kind == "end":  # every worker is done; the loader may still have chunks to build
                listening = False
                continue
            if own is None and todo:
                try:
                    start, end, first = todo.popleft()
                except IndexError:  # a worker took the last one meanwhile
                    continue
                own_size = end - start
                items = reader.read_span(ctx.path, ctx, start, end, first)
                own = build(items, rows, readable(ctx.path), region, strict, lambda: 0)
            if own is not None:
                batch = next(own, None)
                if batch is None:
                    own, done = None, done + own_size
                else:
                    yield _fresh(batch, seen, done)
    finally:
        for conn, proc in list(procs.items()):
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            conn.close()


def _listen(
    procs: dict[Connection, subprocess.Popen],
    todo: deque[Span],
    inbox: queue.SimpleQueue[tuple[str, Any]],
    ctx: SourceContext,
) -> None:
    """The loader's listening thread: take the workers' messages as they come (a worker never
    waits for the loader to finish writing), hand out chunks, and put batches, progress, an
    error, and finally ``("end", None)`` in ``inbox``."""
    running = list(procs)
    try:
        while running:
            for conn in wait(running):
                kind, payload = processes.receive(conn, ctx)  # type: ignore[arg-type]
                if kind == "chunk":
                    try:
                        chunk = todo.pop()
                    except IndexError:
                        chunk = None
                    processes.give(procs[conn], chunk, ctx)  # type: ignore[index]
                elif kind == "done":
                    running.remove(conn)
                    continue
                inbox.put((kind, payload))
        inbox.put(("end", None))
    except BaseException as exc:
        inbox.put(("error", exc))


def _fresh(batch: Batch, seen: set[Any], position: int) -> Batch:
    """Drop identifiers and attributions another process already sent; set the progress position."""
    identifiers = []
    for row in batch.identifiers:
        if row[0] not in seen:
            seen.add(row[0])
            identifiers.append(row)
    attributions = []
    for row in batch.attributions:
        if (marker := (row[0], row[1], row[2])) not in seen:
            seen.add(marker)
            attributions.append(row)
    batch.identifiers, batch.attributions = identifiers, attributions
    batch.position = position
    return batch


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
