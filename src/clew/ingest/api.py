"""``ingest_paths``: the one entry point (CLI, demo, tests)."""

from __future__ import annotations

import shlex
import sys
from contextlib import AbstractContextManager, nullcontext
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from clew.errors import ClewError
from clew.ingest.loader import load_file, sha256_of
from clew.ingest.plan import plan
from clew.ingest.summary import FileResult, IngestSummary
from clew.store.base import Store

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


def ingest_paths(
    store: Store,
    paths: list[Path],
    *,
    country: str | None = None,
    source_label: str | None = None,
    strict: bool = False,
    mapping: Path | None = None,
    progress: bool = True,
) -> IngestSummary:
    """Ingest files and folders (recursively), each file in its own transaction.

    Record errors are quarantined and reported in the summary. Every file is tried; if any
    was rejected as a whole (no format, unreadable, bad mapping, ``strict`` refusal) the
    first such error is raised at the end, with ``.summary`` attached to it.
    """
    run_id = store.start_run("ingest", shlex.join(sys.argv))
    summary = IngestSummary(run_id)
    try:
        planned = plan(
            store, [Path(p) for p in paths], country=country, source_label=source_label, mapping=mapping
        )
        sizes = [_size(item.ctx.path) for item in planned]
        with _bar(progress) as ui:
            task = ui.add_task("ingest", total=sum(sizes) or 1) if ui else None
            done = 0
            for item, size in zip(planned, sizes, strict=True):
                if item.fmt is None:
                    summary.files.append(
                        FileResult(path=str(item.ctx.path), status="ignored", error="no known format")
                    )
                else:
                    item.ctx.sha256 = sha256_of(item.ctx.path)
                    advance = None
                    if ui is not None:
                        ui.update(task, description=item.ctx.path.name[:40], completed=done)
                        advance = partial(_advance, ui, task, done)
                    summary.files.append(
                        load_file(store, item.ctx, item.fmt, run_id, strict=strict, progress=advance)
                    )
                done += size
                if ui is not None:
                    ui.update(task, completed=done)
    except BaseException:
        store.finish_run(run_id, "failed")
        raise
    store.finish_run(run_id, "done" if not summary.errors else "failed")
    for result in summary.errors:
        exc = getattr(result, "exception", None)
        if isinstance(exc, ClewError):
            exc.summary = summary  # type: ignore[attr-defined]
            raise exc
    return summary


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _advance(ui: Progress, task: TaskID, base: int, position: int) -> None:
    """Move the bar to ``position`` bytes into the file that starts at ``base``."""
    ui.update(task, completed=base + position)


def _bar(enabled: bool) -> AbstractContextManager[Progress | None]:
    if not enabled:
        return nullcontext()
    from clew.cli.output import progress

    return progress()
