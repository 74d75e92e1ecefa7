"""Big files built by several processes at once, written by one.

Building rows (parsing, FtM cleaning, identifier normalisation) costs the CPU; writing them
is SQLite's single writer. A file of a ``splittable`` format (FtM JSON lines) larger than
:data:`PARALLEL_MIN_BYTES` is cut at line starts into one span per worker; each worker
(a fresh interpreter: nothing of the store is inherited) builds its span's
:class:`~clew.ingest.build.Batch` es and sends them back, and the loader writes them in its
one transaction as they come. Everything else is built in the loader's own process. The
result is the same rows (``tests/ingest/test_parallel.py``): line numbers are counted per
span, identifiers are inserted ignoring repeats, and attributions two workers both found
are dropped here.
"""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
import traceback
from collections.abc import Iterator
from itertools import pairwise
from multiprocessing.connection import Connection, wait
from pathlib import Path

from clew.errors import ClewError, WorkerError
from clew.ingest.build import Batch, build
from clew.ingest.lines import count_lines, line_start
from clew.ingest.records import SourceContext
from clew.ingest.registry import reader_for
from clew.ingest.values import Rows

PARALLEL_MIN_BYTES = 32 * 2**20  # smaller files: starting the workers costs more than it saves
MAX_WORKERS = 4


def workers() -> int:
    """Worker processes for a big file: the CPUs this process may use, at most :data:`MAX_WORKERS`."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return min(cpus, MAX_WORKERS)


def batches(ctx: SourceContext, fmt: str, source_id: int, strict: bool) -> Iterator[Batch]:
    """The file's batches: from worker processes for a big splittable file, else built here."""
    reader = reader_for(fmt)
    countries = (ctx.extra.get("manifest_country"), ctx.country)
    n = workers()
    if reader.splittable and n > 1 and _size(ctx.path) >= PARALLEL_MIN_BYTES:
        return _parallel(ctx, fmt, source_id, strict, countries, spans(ctx.path, n))
    items = reader.read(ctx.path, ctx)
    return build(items, Rows(source_id), str(ctx.path), countries, strict, lambda: reader.position)


def spans(path: Path, parts: int) -> list[tuple[int, int, int]]:
    """``(start, end, first line number)`` of ``parts`` spans of whole lines covering the file."""
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


def _parallel(
    ctx: SourceContext,
    fmt: str,
    source_id: int,
    strict: bool,
    countries: tuple[str | None, str | None],
    parts: list[tuple[int, int, int]],
) -> Iterator[Batch]:
    procs: list[subprocess.Popen] = []
    conns: list[Connection] = []
    starts: dict[Connection, int] = {}
    done: dict[Connection, int] = {}
    seen: set[tuple[str, str, str]] = set()
    try:
        for start, end, first in parts:
            conn, proc = _start((ctx, fmt, source_id, strict, countries, start, end, first))
            procs.append(proc)
            conns.append(conn)
            starts[conn] = done[conn] = start
        running = list(conns)
        while running:
            for conn in wait(running):
                kind, payload = _receive(conn, ctx)  # type: ignore[arg-type]
                if kind == "done":
                    running.remove(conn)
                    continue
                batch: Batch = payload  # type: ignore[assignment]
                fresh = []
                for row in batch.attributions:
                    if (marker := (row[0], row[1], row[2])) not in seen:
                        seen.add(marker)
                        fresh.append(row)
                batch.attributions = fresh
                done[conn] = batch.position  # type: ignore[index]
                batch.position = sum(done[c] - starts[c] for c in conns)
                yield batch
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        for conn in conns:
            conn.close()


def _start(args: tuple) -> tuple[Connection, subprocess.Popen]:
    """A worker (``python -m clew.ingest.worker``): its task on stdin, batches back on a pipe.

    A fresh interpreter rather than ``multiprocessing``'s spawn, which re-runs the caller's
    main module (a script without an ``if __name__ == "__main__"`` guard would break), or
    fork, which would copy the store's connections and the progress bar's thread.
    """
    read, write = os.pipe()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "clew.ingest.worker", str(write)], stdin=subprocess.PIPE, pass_fds=(write,)
        )
    finally:
        os.close(write)
    assert proc.stdin is not None
    with proc.stdin:
        proc.stdin.write(pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL))
    return Connection(read), proc


def _receive(conn: Connection, ctx: SourceContext) -> tuple[str, object]:
    try:
        kind, payload = conn.recv()
    except (EOFError, OSError):
        raise WorkerError(f"{ctx.path}: a worker process building part of the file stopped") from None
    if kind == "error":
        raise payload  # type: ignore[misc]
    if kind == "crash":
        raise WorkerError(f"{ctx.path}: a worker process failed: {payload}")
    return kind, payload


def work(
    conn: Connection,
    ctx: SourceContext,
    fmt: str,
    source_id: int,
    strict: bool,
    countries: tuple[str | None, str | None],
    start: int,
    end: int,
    first: int,
) -> None:
    """What a worker does: build the span's batches and send them (garbage collection off, as in
    the loader); errors are sent too, the ``ClewError`` s as they are."""
    gc.disable()
    try:
        reader = reader_for(fmt)
        items = reader.read_span(ctx.path, ctx, start, end, first)
        for batch in build(items, Rows(source_id), str(ctx.path), countries, strict, lambda: reader.position):
            conn.send(("batch", batch))
        conn.send(("done", None))
    except ClewError as exc:
        conn.send(("error", exc))
    except Exception as exc:  # anything else: its text, for the one-line error
        conn.send(("crash", f"{type(exc).__name__}: {exc} ({traceback.format_exc(limit=-1).strip()})"))
    finally:
        conn.close()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
