"""A big file of a ``pipelined`` format read in one process while the loader builds and writes.

A UFDR ``report.xml`` is one XML document: it cannot be cut into spans as FtM lines are
(``clew.ingest.parallel``), but its two halves can overlap. For a file of at least
:data:`PIPELINE_MIN_BYTES`, a worker process (the same fresh interpreter as ``parallel``'s:
it dies with the loader, ignores Ctrl-C) parses and maps the file — the reader's whole
``read`` — and sends its records in lists of :data:`RECORDS` over a pipe; the loader builds
their rows (cleaning, identifier normalisation, ``clew.ingest.build``) and writes them as
they come. The pipe is bounded, so a reader ahead of the writer waits: memory stays flat.

The rows are the same as a read in one process (``tests/ingest/test_ufdr_pipeline.py``): the
records, their order, locators and lines are the reader's own; only where the build runs
moves. A ``ClewError`` of the reader (a report that breaks off, a DOCTYPE) reaches the loader
as it is; anything else, and a worker that dies, as a one-line ``WorkerError``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields
from multiprocessing.connection import Connection
from operator import attrgetter
from typing import Any

from clew.fswalk import readable
from clew.ingest.build import Batch, build
from clew.ingest.records import RecordResult, SourceContext
from clew.ingest.region import Region
from clew.ingest.registry import reader_for
from clew.ingest.rows import Rows

PIPELINE_MIN_BYTES = 32 * 2**20  # smaller: the worker's start (~1-3 s: FtM's model) costs more than it saves
RECORDS = 500  # records a message carries (a few hundred KB pickled)
READ = "read"  # the task of a reading worker (``clew.ingest.processes.work`` dispatches on it)
FIELDS = tuple(f.name for f in fields(RecordResult))  # what crosses the pipe, in the class's order


def piped(ctx: SourceContext, fmt: str, source_id: int, strict: bool, region: Region) -> Iterator[Batch]:
    """The file's batches, its records read by a worker process and built here."""
    from clew.ingest import processes

    conn, proc = processes.start((READ, ctx, fmt))
    position = 0

    def items() -> Iterator[RecordResult]:
        nonlocal position
        while True:
            kind, payload = processes.receive(conn, ctx)
            if kind == "done":
                return
            position, records = payload  # type: ignore[misc]
            for record in records:
                yield RecordResult(*record)

    try:
        yield from build(items(), Rows(source_id), readable(ctx.path), region, strict, lambda: position)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        conn.close()


def read_all(conn: Connection, ctx: SourceContext, fmt: str) -> None:
    """What a reading worker does: read the whole file, send its records as tuples (fields in
    ``RecordResult`` order) with the reader's byte position, :data:`RECORDS` at a time."""
    reader = reader_for(fmt)
    out: list[tuple[Any, ...]] = []
    as_tuple = attrgetter(*FIELDS)  # one C call for the record's fields
    for r in reader.read(ctx.path, ctx):
        out.append(as_tuple(r))
        if len(out) >= RECORDS:
            conn.send(("records", (reader.position, out)))
            out = []
    if out:
        conn.send(("records", (reader.position, out)))
