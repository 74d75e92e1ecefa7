"""Rows written and read in batches: the batch size, rows stamped with their operation, and
the positional ``INSERT`` that ``SQLStore.insert_rows`` hands to the driver's ``executemany``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import String, literal

from clew.store.base import Row

# rows per INSERT batch and per fetch of a streamed read: one round trip per BATCH rows
BATCH = 5000
# streamed reads, set per statement: on a Connection, execution_options() sets them in place, and a
# later INSERT in the same transaction would then run through a PostgreSQL server-side cursor
STREAM = {"yield_per": BATCH}


def batches(rows: Iterable[Row], operation: str) -> Iterator[list[Row]]:
    """``rows`` in lists of ``BATCH``, each row given its ``operation``."""
    batch: list[Row] = []
    for row in rows:
        batch.append({**row, "operation": operation})
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def bulk_insert_sql(
    dialect: Any, table: Any, columns: Sequence[str], operation: str, ignore: bool
) -> str | None:
    """``INSERT`` of positional rows in the dialect's own paramstyle, ``operation`` as a literal.

    SQLite skips clashes with ``INSERT OR IGNORE``, PostgreSQL with ``ON CONFLICT DO NOTHING``;
    ``None`` when the dialect offers neither a positional paramstyle nor (for ``ignore``) a
    known way to skip, and the caller falls back to the generic insert.
    """
    if "operation" in columns:
        raise ValueError("insert_rows fills in operation itself")
    missing = [c for c in columns if c not in table.c]
    if missing:
        raise ValueError(f"{table.name} has no column(s) {', '.join(missing)}")
    n = len(columns)
    style = dialect.paramstyle
    if style == "qmark":
        marks = ["?"] * n
    elif style in ("format", "pyformat"):
        marks = ["%s"] * n
    elif style in ("numeric", "numeric_dollar"):
        sign = ":" if style == "numeric" else "$"
        marks = [f"{sign}{i}" for i in range(1, n + 1)]
    else:
        return None
    if ignore and dialect.name not in ("sqlite", "postgresql"):
        return None
    # the dialect's own literal rendering escapes quotes (and doubles % for the format styles)
    op = str(literal(operation, String()).compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in ("operation", *columns))
    verb = "INSERT OR IGNORE INTO" if ignore and dialect.name == "sqlite" else "INSERT INTO"
    tail = " ON CONFLICT DO NOTHING" if ignore and dialect.name == "postgresql" else ""
    return f"{verb} {quote(table.name)} ({names}) VALUES ({', '.join([op, *marks])}){tail}"
