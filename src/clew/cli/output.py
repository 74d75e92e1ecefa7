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


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")


# columns that hold ids: kept on one line whole (other columns fold around them)
ID_COLUMNS = frozenset(
    {"subject", "record", "account", "id", "left", "right", "from", "to", "payer", "beneficiary"}
    | {"syndicate", "entity", "holder"}
)


def print_table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A rich table; no cell is ever cut short (``subj-6ae…``): id columns stay whole on one
    line, other cells fold onto more lines."""
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column in ID_COLUMNS)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


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
