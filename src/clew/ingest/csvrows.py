"""CSV files read as ``(line, cells)`` rows, checked as they are read: no cell, record or line
lost without a quarantined :class:`~clew.ingest.csvchecks.BadRow` saying where (the checks are
``clew.ingest.csvchecks``); then rows as column dicts, or the error naming line and column."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from clew.errors import FormatError, Location
from clew.ingest.csvchecks import BadRow, LineCount, quote_closed, spanning, unclosed
from clew.ingest.records import Reader, RecordResult

FIELD_LIMIT = 8 * 2**20  # a cell over 8 MiB is an attack or a broken export, not a value
csv.field_size_limit(FIELD_LIMIT)


def has_bad_utf8(text: str) -> bool:
    """True when ``text`` was decoded with surrogateescape from invalid UTF-8."""
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_csv_rows(
    path: Path, delimiter: str | None = None, *, multiline: bool = True, skip: int = 0
) -> tuple[list[str], Iterator[tuple[int, list[str] | BadRow]], Callable[[], int]]:
    """Header, ``(line, cells)`` rows, and a function giving the bytes read so far (for the
    reader's ``position``). Invalid UTF-8 is kept escaped for the caller to flag.

    Silent losses are turned into quarantined :class:`BadRow` s (issue 10 item 2): a cell
    over :data:`FIELD_LIMIT` or any other ``csv.Error`` (the reader resumes at the next
    line); a record spanning lines when ``multiline`` is False (formats whose cells never
    hold line breaks, like P2P logs); and, when it is True, a quoted cell that swallowed
    whole lines looking like rows of the file (as many delimiters as the header) — the sign
    of an unbalanced quote, which would otherwise eat the rest of the file into one cell."""
    try:
        fh = path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as exc:
        raise FormatError(f"cannot read: {exc.strerror or exc}", Location(file=str(path))) from exc
    for _ in range(skip):  # a preamble above the table (a bank's account details)
        fh.readline()
    first = fh.readline()
    if not first.strip():
        fh.close()
        raise FormatError("no header row", Location(file=str(path), line=1 + skip))
    delim = delimiter or sniff_delimiter(first)
    header = [h.strip() for h in next(csv.reader(io.StringIO(first), delimiter=delim))]

    def rows() -> Iterator[tuple[int, list[str] | BadRow]]:
        count = LineCount(header)
        pending: tuple[int, list[str], int] | None = None  # a record spanning lines, held back
        with fh:
            reader = csv.reader(fh, delimiter=delim)
            line = 1 + skip
            while True:
                start, before = line + 1, reader.line_num
                try:
                    cells = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    line = reader.line_num + 1 + skip
                    yield start, BadRow(f"unreadable CSV record: {_csv_message(exc)}", "(row)", "")
                    continue
                line = reader.line_num + 1 + skip
                if pending is not None:  # not the last record: its quote was closed
                    yield pending[0], count.kept(pending[0], pending[1], pending[2])
                    pending = None
                if not cells:
                    count.blank += reader.line_num - before
                    continue
                spanned = reader.line_num - before
                bad = spanning(cells, header, delim, spanned, multiline)
                if bad is not None:
                    count.quarantined += spanned
                    yield start, bad
                elif spanned > 1:
                    pending = (start, cells, spanned)
                else:
                    yield start, count.kept(start, cells, 1)
            if pending is not None:
                start, cells, spanned = pending
                if quote_closed(path, start, delim):
                    yield start, count.kept(start, cells, spanned)
                else:
                    count.quarantined += spanned
                    yield start, unclosed(cells, header, delim, start, spanned)
            report = count.report(reader.line_num)
            if report is not None:
                yield report

    return header, rows(), fh.buffer.tell


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    return f"a cell is larger than {FIELD_LIMIT} bytes" if "field limit" in text else text


def row_result(
    path: Path, header: list[str], line: int, cells: list[str] | BadRow, locator: str
) -> tuple[dict[str, str | None] | None, RecordResult | None]:
    """Cells as a column dict, or an error (bad UTF-8 naming the column, too many cells,
    a :class:`BadRow` of the CSV reader)."""
    if isinstance(cells, BadRow):
        failed = RecordResult.fail(locator, line, cells.error, cells.field, cells.raw)
        return None, replace(failed, note=cells.note)
    if len(cells) > len(header):
        return None, RecordResult.fail(
            locator,
            line,
            f"{len(cells)} cells but {len(header)} columns in the header",
            "(row)",
            ",".join(cells),
        )
    row: dict[str, str | None] = {}
    for name, cell in zip(header, cells, strict=False):
        if has_bad_utf8(cell):
            return None, RecordResult.fail(locator, line, "invalid UTF-8", name, ",".join(cells))
        row[name] = cell.strip() or None
    return row, None


def checked_rows(
    reader: Reader,
    path: Path,
    header: list[str],
    rows: Iterator[tuple[int, list[str] | BadRow]],
    tell: Callable[[], int],
) -> Iterator[RecordResult | tuple[int, str, dict[str, str | None], list[str]]]:
    """``(line, locator, row, cells)`` of each good row, the error of each bad one; moves the
    reader's progress ``position``."""
    for line, cells in rows:
        reader.position = tell()
        locator = f"line {line}"
        row, error = row_result(path, header, line, cells, locator)
        if error is not None:
            yield error
        else:
            assert row is not None and isinstance(cells, list)
            yield line, locator, row, cells
