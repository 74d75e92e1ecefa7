"""``ingest_paths``: the one entry point (CLI, demo, tests)."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from clew.errors import ClewError
from clew.fswalk import readable
from clew.ingest.loader import load_file, sha256_of
from clew.ingest.plan import plan
from clew.ingest.summary import FileResult, IngestSummary
from clew.store.base import Store
from clew.vocabulary import RunKind

Progress = Callable[[str, int, int], None]
"""``on_progress(file name, bytes done, bytes in all)``: how an interface draws a bar."""


def ingest_paths(
    store: Store,
    paths: list[Path],
    *,
    country: str | None = None,
    source_label: str | None = None,
    strict: bool = False,
    mapping: Path | None = None,
    on_progress: Progress | None = None,
) -> IngestSummary:
    """Ingest files and folders (recursively), each file in its own transaction.

    Record errors are quarantined and reported in the summary. Every file is tried; if any
    was rejected as a whole (no format, unreadable, bad mapping, ``strict`` refusal) the
    first such error is raised at the end, with ``.summary`` attached to it.
    """
    with store.run(RunKind.INGEST, shlex.join(sys.argv)) as run:
        summary = _ingest(store, run.id, paths, country, source_label, strict, mapping, on_progress)
        if summary.errors:
            run.fail()
    for result in summary.errors:
        exc = getattr(result, "exception", None)
        if isinstance(exc, ClewError):
            exc.summary = summary  # type: ignore[attr-defined]
            raise exc
    return summary


def _ingest(
    store: Store,
    run_id: str,
    paths: list[Path],
    country: str | None,
    source_label: str | None,
    strict: bool,
    mapping: Path | None,
    on_progress: Progress | None,
) -> IngestSummary:
    """Plan and load every file of ``paths`` under the run ``run_id``; per-file errors are in the
    summary, not raised."""
    summary = IngestSummary(run_id)
    planned = plan(
        store, [Path(p) for p in paths], country=country, source_label=source_label, mapping=mapping
    )
    sizes = [_size(item.ctx.path) for item in planned]
    total = sum(sizes) or 1
    done = 0
    for item, size in zip(planned, sizes, strict=True):
        if item.fmt is None:
            reason = item.note or "no known format"
            summary.files.append(FileResult(path=readable(item.ctx.path), status="ignored", error=reason))
        else:
            item.ctx.sha256 = sha256_of(item.ctx.path)
            advance = None
            if on_progress is not None:
                name, base = readable(item.ctx.path.name), done
                on_progress(name, base, total)
                advance = partial(_moved, on_progress, name, base, total)
            summary.files.append(
                load_file(store, item.ctx, item.fmt, run_id, strict=strict, progress=advance)
            )
        done += size
        if on_progress is not None:
            on_progress(readable(item.ctx.path.name), done, total)
    return summary


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _moved(on_progress: Progress, name: str, base: int, total: int, position: int) -> None:
    """Report ``position`` bytes into the file that starts ``base`` bytes into the run."""
    on_progress(name, base + position, total)
