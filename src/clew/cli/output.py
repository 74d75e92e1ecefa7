"""Printing: rich tables for people, JSON for machines, one progress-bar style."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console

if TYPE_CHECKING:  # tables and bars load when a command prints one, not at start-up
    from rich.progress import Progress

console = Console()
err_console = Console(stderr=True)
UNBOUNDED = 100_000  # measuring a table's natural width: no console limit
FOLDED_MIN = 24  # a folded column keeps this many characters a line: a short sentence, readable


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")


# columns that hold ids: kept on one line whole (other columns fold around them)
ID_COLUMNS = frozenset(
    {"subject", "record", "account", "id", "left", "right", "from", "to", "payer", "beneficiary"}
    | {"syndicate", "entity", "holder", "value", "identifier", "package"}
)


def print_table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A rich table; no cell is ever cut short (``subj-6ae…``): id columns stay whole on one
    line, other cells fold onto more lines."""
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    rows = [["" if v is None else str(v) for v in row] for row in rows]
    for i, column in enumerate(columns):
        if column in ID_COLUMNS:  # as wide as its longest id: the other columns give way
            width = max((len(line) for row in rows for line in row[i].split("\n")), default=0)
            table.add_column(column, no_wrap=True, min_width=max(width, len(column)))
        else:  # folds, but keeps room to be read when long ids take the width
            longest = max((len(row[i]) for row in rows), default=0)
            table.add_column(column, overflow="fold", min_width=min(max(longest, len(column)), FOLDED_MIN))
    for row in rows:
        table.add_row(*row)
    width = table_width(table)
    if width == console.width:
        console.print(table)
    else:  # Console.print never goes wider than the console: print through one of that width
        Console(width=width, force_terminal=console.is_terminal).print(table)


def table_width(table: Any) -> int:
    """The width to print ``table`` at: the console's (a terminal's, or 80 columns in a pipe, a
    file or a CI log), unless its whole id columns need more — then as wide as they need: a line
    may wrap on screen, but an id is never cropped; the other columns fold within the width."""
    wants = console.measure(table, options=console.options.update_width(UNBOUNDED))
    return max(console.width, wants.minimum)


def note_stale(store: Any, kinds: Iterable[str] | None = None, enabled: bool = True) -> None:
    """One line on stderr for each stored result this command prints that is stale (computed
    from other data than is stored now, ``clew.store.freshness``) and the command refreshing
    it; nothing when they are current. Not with ``--json`` or data on stdout (``enabled``
    False): a machine reads ``clew status --json``'s ``results`` instead."""
    if not enabled:
        return
    for fresh in store.freshness(kinds):
        if fresh.stale:
            err_console.print(f"note: the {fresh.sentence()}", markup=False, highlight=False, soft_wrap=True)


def summary_rows(summary: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """A step's summary as (measure, value) rows: nested dicts flattened to ``a.b`` names, lists
    joined, so a summary prints as a table and never as a Python dict."""
    rows: list[tuple[str, str]] = []
    for key, value in summary.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows += summary_rows(value, f"{name}.") if value else [(name, "-")]
        elif isinstance(value, (list, tuple)):
            rows.append((name, ", ".join(str(v) for v in value) or "-"))
        else:
            rows.append((name, "" if value is None else str(value)))
    return rows


@contextmanager
def step_progress(enabled: bool = True) -> Iterator[Callable[[str, int, int], None] | None]:
    """A bar over a command's steps, driven by ``(step, done, total)`` callbacks (the pipeline,
    the FtM export; total 0 when unknown); like :func:`byte_progress`, None when disabled."""
    if not enabled:
        yield None
        return
    bar = progress()
    task: list = []

    def update(name: str, done: int, total: int) -> None:
        if not task:
            bar.start()
            task.append(bar.add_task(name, total=total or None))
        bar.update(task[0], description=name[:40], completed=done, total=total or None)

    try:
        yield update
    finally:
        if task:
            bar.stop()


def progress() -> Progress:
    """The progress bar every long command shows (on stderr, so --json output stays clean)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=False,
    )


@contextmanager
def byte_progress(enabled: bool = True) -> Iterator[Callable[[str, int, int], None] | None]:
    """A bar driven by ``(name, done, total)`` callbacks (ingest reports bytes); None when disabled.

    The bar appears at the first callback, so an error found before any work prints alone.
    """
    if not enabled:
        yield None
        return
    bar = progress()
    task: list = []

    def update(name: str, done: int, total: int) -> None:
        if not task:
            bar.start()
            task.append(bar.add_task("ingest", total=total))
        bar.update(task[0], description=name[:40], completed=done, total=total)

    try:
        yield update
    finally:
        if task:
            bar.stop()


def who(store: Any, ids: Iterable[str | None]) -> dict[str, str]:
    """subject id -> its display label (name, variants, country, top identifiers) for a table's
    "who" column (``clew.service.display``); ids that are None are left out."""
    from clew.service.display import displays

    return {sid: d.label() for sid, d in displays(store, [i for i in ids if i]).items()}


def with_names(store: Any, ids: Iterable[str | None]) -> dict[str, str]:
    """subject id -> ``id`` and, on a second line, its display name and country: for tables too
    crowded for a "who" column (the id stays whole on its own line)."""
    from clew.service.display import displays

    out = {}
    for sid, d in displays(store, [i for i in ids if i]).items():
        name = " · ".join(p for p in (d.name, d.country) if p)
        out[sid] = f"{sid}\n{name}" if name else sid
    return out
