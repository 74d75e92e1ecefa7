"""The one CSV writer for every CSV Clew writes: cells that a spreadsheet would run as a
formula are neutralised (CSV / formula injection, OWASP).

A seized file named ``=HYPERLINK("http://…")`` or an account name ``@SUM(…)`` becomes a
live formula when an analyst opens an export in Excel or LibreOffice. So, as OWASP's
"CSV Injection" page says, a **text** cell that begins with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is written with a leading ``'`` (the cell shows as text, with the
apostrophe, and nothing is evaluated); the csv module quotes cells holding quotes,
delimiters or line breaks. This applies to text even when it looks like a number
(``"-12"`` in a name column, ``"+44 20…"`` phone numbers): the writer cannot know the text
is harmless, and a prefixed phone number still reads correctly.

**Numbers stay numbers**: a cell given as ``int``, ``float`` or ``Decimal`` (amounts,
sizes, scores) is written as is, ``-12.5`` included; a number cannot hold a formula.
JSON outputs keep every raw value; :func:`restore` undoes the prefix when Clew reads one of
its own CSVs back (:func:`reader`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from clew.errors import Location, OutputError

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """The value to write for one cell: ``None`` -> ``""``; a number unchanged; text that
    begins with a dangerous character prefixed with ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return "'" + text if _needs_prefix(text) else text


def _needs_prefix(text: str) -> bool:
    # also text already starting with ``'`` then a dangerous character, so that restore()
    # gives back exactly what was written
    return text.lstrip("'").startswith(DANGEROUS)


def restore(text: str) -> str:
    """Inverse of :func:`neutralise` for text cells read back from a Clew CSV."""
    return text[1:] if text.startswith("'") and _needs_prefix(text) else text


class Writer:
    """``csv.writer`` that neutralises every cell; ``\\n`` line ends, UTF-8 without BOM.

    A carriage return inside a cell is quoted too: with ``\\n`` line ends the csv module quotes
    only cells holding ``\\n``, and a bare CR ends the row for spreadsheets and for the csv
    reader — ``a\\r=HYPERLINK(…)`` would start a new row with a live formula. Such a row is
    written with every text cell quoted (``QUOTE_NONNUMERIC``: numbers stay bare)."""

    def __init__(self, fh: IO[str], header: Sequence[str] | None = None) -> None:
        self._writer = csv.writer(fh, lineterminator="\n")
        self._quoted = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
        if header is not None:
            self.row(header)

    def row(self, cells: Iterable[Any]) -> None:
        values = [neutralise(c) for c in cells]
        cr = any(isinstance(v, str) and "\r" in v for v in values)
        (self._quoted if cr else self._writer).writerow(values)

    def rows(self, rows: Iterable[Iterable[Any]]) -> None:
        for cells in rows:
            self.row(cells)


def write(path: Path, header: Sequence[str], rows: Iterable[Iterable[Any] | Mapping[str, Any]]) -> int:
    """Write ``header`` and ``rows`` (sequences, or mappings keyed by the header) to ``path``
    (its folder is created); returns the number of rows. A full disk or any other write
    failure is an :class:`~clew.errors.OutputError` naming the file (the partial file is removed)."""
    n = 0
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = Writer(fh, header)
            for row in rows:
                writer.row([row.get(h) for h in header] if isinstance(row, Mapping) else row)
                n += 1
    except OSError as exc:
        if path.is_file():
            path.unlink(missing_ok=True)
        raise OutputError(f"cannot write: {exc.strerror or exc}", Location(file=str(path))) from exc
    return n


def reader(fh: IO[str]) -> Iterator[dict[str, str]]:
    """Rows of a CSV Clew wrote, as dicts, with the formula prefix removed."""
    for row in csv.DictReader(fh):
        yield {k: restore(v) if isinstance(v, str) else v for k, v in row.items()}
