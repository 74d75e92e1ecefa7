"""The checks that keep a CSV reader from losing data silently (issue 10 item 2): a record that
spans lines it must not, an unbalanced quote that swallows the rest of the file, and the count
of physical lines against records kept. What they find is a :class:`BadRow`, quarantined or
listed as a note with its line and column."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path


@dataclass(frozen=True)
class BadRow:
    """A record the CSV reader could not split into cells, or split suspiciously: it is
    quarantined with its first line (``field`` names the column when known). A ``note`` is a
    check's finding about records that were kept (the line count): listed with the quarantined
    records, so it is seen with its line and field, but not counted as one set aside."""

    error: str
    field: str
    raw: str
    note: bool = False


@dataclass
class LineCount:
    """Physical lines against records (issue 10 item 2): every line after the header is in a
    record kept, a record quarantined, or a blank line. Records whose quoted cells hold line
    breaks make the record count differ from the line count — legitimately (an address on two
    lines) or because an unbalanced quote swallowed rows — so the difference is reported with
    the lines of those records, never silent; the records themselves are kept."""

    header: list[str]
    records: int = 0
    blank: int = 0
    quarantined: int = 0
    spans: list[tuple[int, str, int]] = field(default_factory=list)  # (line, column, lines)

    def kept(self, line: int, cells: list[str], spanned: int) -> list[str]:
        self.records += 1
        if spanned > 1:
            column = next((i for i, c in enumerate(cells) if "\n" in c or "\r" in c), 0)
            name = self.header[column] if column < len(self.header) else "(extra)"
            self.spans.append((line, name, spanned))
        return cells

    def report(self, lines: int) -> tuple[int, BadRow] | None:
        """The report, when any kept record spans lines; ``lines``: the lines after the header."""
        if not self.spans:
            return None
        inside = sum(lines - 1 for _, _, lines in self.spans)
        where = ", ".join(str(line) for line, _, _ in self.spans[:10])
        where += " …" if len(self.spans) > 10 else ""
        first, column, _ = self.spans[0]
        return first, BadRow(
            f"line count check: {lines} lines after the header but {self.records} records kept "
            f"({self.quarantined} lines quarantined, {self.blank} blank): {inside} line(s) are inside quoted "
            f"cells that span lines, in the records on lines {where}; those records are kept — check them "
            "for an unbalanced quote that swallowed rows",
            column,
            f"records spanning lines: {where}",
            note=True,
        )


def quote_closed(path: Path, start: int, delim: str) -> bool:
    """True when the record starting on line ``start`` ends before the end of the file with its
    quotes closed (read again from there, strictly: the lenient reader takes an unclosed quote
    to run to the end of the file without a word)."""
    with path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
        try:
            next(csv.reader(islice(fh, start - 1, None), delimiter=delim, strict=True), None)
        except csv.Error as exc:
            return "unexpected end of data" not in str(exc)
    return True


def unclosed(cells: list[str], header: list[str], delim: str, line: int, spanned: int) -> BadRow:
    """The last record, whose quote opened on ``line`` is never closed: it swallowed the rest."""
    column = next((i for i, c in enumerate(cells) if "\n" in c or "\r" in c), len(cells) - 1)
    name = header[column] if column < len(header) else "(extra)"
    return BadRow(
        f"unbalanced quote: the quote opened on line {line} is never closed, so the cell runs to the end "
        f"of the file and swallows {spanned - 1} lines; record quarantined",
        name,
        delim.join(cells),
    )


def spanning(cells: list[str], header: list[str], delim: str, lines: int, multiline: bool) -> BadRow | None:
    """A :class:`BadRow` when a record of ``lines`` physical lines must not span them."""
    if lines <= 1:
        return None
    for name, cell in zip([*header, *["(extra)"] * len(cells)], cells, strict=False):
        if "\n" not in cell and "\r" not in cell:
            continue
        inner = cell.splitlines()[1:]
        rowlike = sum(1 for text in inner if text.count(delim) >= max(1, len(header) - 1))
        if not multiline or rowlike:
            why = (
                "a line break inside a cell, which this format never has"
                if not multiline
                else f"{rowlike} of the lines inside it look like rows"
            )
            return BadRow(
                f"unbalanced quote? cell runs over {lines} lines ({why}); record quarantined",
                name,
                delim.join(cells),
            )
    return None
