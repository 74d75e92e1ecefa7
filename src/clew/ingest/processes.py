"""A worker process of the ingest: starting it, the messages both ways, and what it does.

A worker is a fresh interpreter (``clew.ingest.worker``), never a fork of the loader: it is
given its task and then its chunks, pickled on stdin, and sends back what it built through a
pipe - batches, ``("chunk", size)`` when a chunk is finished, ``("done", None)``, or the error
that stopped it. ``clew.ingest.parallel`` (building workers) and ``clew.ingest.pipeline`` (a
reading worker) both start theirs here.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import pickle
import subprocess
import sys
import traceback
from multiprocessing.connection import Connection
from typing import IO, Any

from clew.errors import ClewError, WorkerError
from clew.fswalk import readable
from clew.ingest import pipeline
from clew.ingest.build import build
from clew.ingest.records import SourceContext
from clew.ingest.registry import reader_for
from clew.ingest.rows import Rows

PIPE_BYTES = 2**20  # a worker's pipe (the Linux default cap for an unprivileged process)
Span = tuple[int, int, int]  # a chunk: start byte, end byte, number of its first line

# the worker's entry (clew.ingest.worker's BOOT), kept here: that module imports this one
BOOT = (
    "import sys; from clew.runtime import die_with_parent; die_with_parent(int(sys.argv[2])); "
    "from clew.ingest.worker import main; main()"
)


def start(args: tuple) -> tuple[Connection, subprocess.Popen]:
    """A worker (``python -m clew.ingest.worker``): its task, then its chunks, pickled on stdin;
    batches back on a pipe.

    A fresh interpreter rather than ``multiprocessing``'s spawn, which re-runs the caller's
    main module (a script without an ``if __name__ == "__main__"`` guard would break), or
    fork, which would copy the store's connections and the progress bar's thread.
    """
    read, write = os.pipe()
    with contextlib.suppress(AttributeError, OSError):  # Linux: room for whole batches, so a
        fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, PIPE_BYTES)  # worker rarely waits for the reader
    try:
        proc = subprocess.Popen(
            [sys.executable, "-c", BOOT, str(write), str(os.getpid())],
            stdin=subprocess.PIPE,
            pass_fds=(write,),
            process_group=0,  # out of the terminal's foreground group: Ctrl-C is the loader's to handle
        )
    finally:
        os.close(write)
    send(proc.stdin, args)
    return Connection(read), proc


def give(proc: subprocess.Popen, chunk: Span | None, ctx: SourceContext) -> None:
    """Hand a worker its next chunk (``None``: no more, it finishes)."""
    try:
        send(proc.stdin, chunk)
        if chunk is None:
            proc.stdin.close()  # type: ignore[union-attr]
    except OSError:
        raise WorkerError(f"{ctx.path}: a worker process building part of the file stopped") from None


def send(stream: IO[bytes] | None, obj: Any) -> None:
    """Pickle ``obj`` to a worker's stdin and flush it."""
    assert stream is not None
    pickle.dump(obj, stream, protocol=pickle.HIGHEST_PROTOCOL)
    stream.flush()


def receive(conn: Connection, ctx: SourceContext) -> tuple[str, object]:
    """A worker's next message; its error raised as the worker met it, a crash or a lost
    worker as ``WorkerError`` naming the file."""
    try:
        kind, payload = conn.recv()
    except (EOFError, OSError):
        raise WorkerError(f"{ctx.path}: a worker process building part of the file stopped") from None
    if kind == "error":
        raise payload  # type: ignore[misc]
    if kind == "crash":
        raise WorkerError(f"{ctx.path}: a worker process failed: {payload}")
    return kind, payload


def work(conn: Connection, tasks: IO[bytes]) -> None:
    """What a worker does: read its task (a reading worker's: ``clew.ingest.pipeline.read_all``),
    then build each chunk it is given and send the
    batches and ``("chunk", size)`` when one is finished, until it is given ``None``. One
    ``Rows`` for all its chunks, so each identifier and attribution is sent once per worker.
    Garbage collection is off (as in the loader); errors are sent too, the ``ClewError`` s
    as they are."""
    gc.disable()
    try:
        task = pickle.load(tasks)
        if task[0] == pipeline.READ:  # a reading worker of ``clew.ingest.pipeline``
            pipeline.read_all(conn, *task[1:])
            conn.send(("done", None))
            return
        ctx, fmt, source_id, strict, region = task
        reader = reader_for(fmt)
        rows = Rows(source_id)
        while (chunk := pickle.load(tasks)) is not None:
            start, end, first = chunk
            items = reader.read_span(ctx.path, ctx, start, end, first)
            for batch in build(items, rows, readable(ctx.path), region, strict, lambda: 0):
                conn.send(("batch", batch))
            conn.send(("chunk", end - start))
        conn.send(("done", None))
    except (BrokenPipeError, EOFError, ConnectionError):  # the loader is gone (killed): say nothing
        raise
    except ClewError as exc:
        conn.send(("error", exc))
    except Exception as exc:  # anything else: its text, for the one-line error
        conn.send(("crash", f"{type(exc).__name__}: {exc} ({traceback.format_exc(limit=-1).strip()})"))
    finally:
        with contextlib.suppress(OSError):
            conn.close()
