"""CSV and Excel files mapped to FtM entities by a mapping file (see ``clew.ingest.mapping``)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any

from clew.errors import FormatError, Location, MappingError
from clew.ingest.mapping import Query, check_columns, load_mapping
from clew.ingest.records import Reader, RecordResult, SourceContext, lower_name
from clew.ingest.statement import Statement, load_statement, payment_rows

FIELD_LIMIT = 8 * 2**20  # a cell over 8 MiB is an attack or a broken export, not a value
csv.field_size_limit(FIELD_LIMIT)
MAPPING_SUFFIXES = (".mapping.yml", ".mapping.yaml")


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


def mapping_for(path: Path) -> Path | None:
    """``<name>.mapping.yml`` next to ``<name>.csv``/``.xlsx``, if present."""
    for suffix in MAPPING_SUFFIXES:
        candidate = path.with_name(path.stem + suffix)
        if candidate.is_file():
            return candidate
    return None


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
                bad = _spanning(cells, header, delim, spanned, multiline)
                if bad is not None:
                    count.quarantined += spanned
                    yield start, bad
                elif spanned > 1:
                    pending = (start, cells, spanned)
                else:
                    yield start, count.kept(start, cells, 1)
            if pending is not None:
                start, cells, spanned = pending
                if _closed(path, start, delim):
                    yield start, count.kept(start, cells, spanned)
                else:
                    count.quarantined += spanned
                    yield start, _unclosed(cells, header, delim, start, spanned)
            report = count.report(reader.line_num)
            if report is not None:
                yield report

    return header, rows(), fh.buffer.tell


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


def _closed(path: Path, start: int, delim: str) -> bool:
    """True when the record starting on line ``start`` ends before the end of the file with its
    quotes closed (read again from there, strictly: the lenient reader takes an unclosed quote
    to run to the end of the file without a word)."""
    with path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
        try:
            next(csv.reader(islice(fh, start - 1, None), delimiter=delim, strict=True), None)
        except csv.Error as exc:
            return "unexpected end of data" not in str(exc)
    return True


def _unclosed(cells: list[str], header: list[str], delim: str, line: int, spanned: int) -> BadRow:
    """The last record, whose quote opened on ``line`` is never closed: it swallowed the rest."""
    column = next((i for i, c in enumerate(cells) if "\n" in c or "\r" in c), len(cells) - 1)
    name = header[column] if column < len(header) else "(extra)"
    return BadRow(
        f"unbalanced quote: the quote opened on line {line} is never closed, so the cell runs to the end "
        f"of the file and swallows {spanned - 1} lines; record quarantined",
        name,
        delim.join(cells),
    )


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    return f"a cell is larger than {FIELD_LIMIT} bytes" if "field limit" in text else text


def _spanning(cells: list[str], header: list[str], delim: str, lines: int, multiline: bool) -> BadRow | None:
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


class MappedReader(Reader):
    """``*.csv``/``*.xlsx`` with a mapping: each row gives the entities the mapping describes."""

    name = "mapped"

    def matches_name(self, path: Path, ctx: SourceContext) -> bool:
        name = lower_name(path)
        return name.endswith((".csv", ".xlsx")) and (ctx.mapping is not None or mapping_for(path) is not None)

    def read(self, path: Path, ctx: SourceContext) -> Iterator[RecordResult]:
        mapping_path = ctx.mapping or mapping_for(path)
        if mapping_path is None:
            raise MappingError(
                "no mapping file (give --mapping or put NAME.mapping.yml next to it)",
                Location(file=str(path)),
            )
        statement = load_statement(mapping_path)
        if statement is not None:
            yield from self._statement(path, mapping_path, statement, ctx)
            return
        queries = load_mapping(mapping_path)
        if lower_name(path).endswith(".xlsx"):
            yield from self._xlsx(path, mapping_path, queries)
        else:
            yield from self._csv(path, mapping_path, queries)

    def _csv(self, path: Path, mapping_path: Path, queries: list[Query]) -> Iterator[RecordResult]:
        delimiter = next((q.delimiter for q in queries if q.delimiter), None)
        header, rows, tell = read_csv_rows(path, delimiter)
        for query in queries:
            check_columns(mapping_path, path, query, header)
        for line, cells in rows:
            self.position = tell()
            yield from self._row(path, header, line, cells, f"line {line}", queries)

    def _statement(
        self, path: Path, mapping_path: Path, spec: Statement, ctx: SourceContext
    ) -> Iterator[RecordResult]:
        """A bank or e-wallet statement (``clew.ingest.statement``): a payment a row."""
        if lower_name(path).endswith(".xlsx"):
            raise MappingError(
                "a statement mapping reads CSV (save the sheet as CSV)", Location(file=str(path))
            )
        header, rows, tell = read_csv_rows(path, spec.delimiter, skip=spec.skip_rows)
        check_columns(mapping_path, path, spec.wanted, header, 1 + spec.skip_rows)
        for item in checked_rows(self, path, header, rows, tell):
            if isinstance(item, RecordResult):
                yield item
            else:
                line, locator, row, cells = item
                yield from payment_rows(
                    spec, row, line, locator, ctx.owner, (spec.delimiter or ",").join(cells)
                )

    def _xlsx(self, path: Path, mapping_path: Path, queries: list[Query]) -> Iterator[RecordResult]:
        import openpyxl

        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:
            raise FormatError(f"not a readable Excel workbook: {exc}", Location(file=str(path))) from exc
        share = path.stat().st_size / len(queries)  # of the progress ``position``, per query
        try:
            for done, query in enumerate(queries):
                if query.sheet is not None and query.sheet not in book.sheetnames:
                    raise MappingError(
                        f"mapping {mapping_path} names sheet {query.sheet!r}, which the workbook lacks",
                        Location(file=str(path), field=query.sheet),
                    )
                sheet = book[query.sheet] if query.sheet is not None else book.worksheets[0]
                rows = sheet.iter_rows(values_only=True)
                header = [_cell(c) or "" for c in next(rows, ())]
                check_columns(mapping_path, path, query, header)
                last = sheet.max_row or 0  # the sheet's declared dimension (0: none declared)
                for index, values in enumerate(rows, start=2):
                    if last:  # a compressed workbook has no byte offset per row: count rows instead
                        self.position = int(share * (done + min(index, last) / last))
                    cells = [_cell(v) or "" for v in values]
                    while cells and not cells[-1]:
                        cells.pop()
                    if cells:
                        yield from self._row(
                            path, header, index, cells, f"sheet {sheet.title} row {index}", [query]
                        )
        finally:
            book.close()

    def _row(
        self,
        path: Path,
        header: list[str],
        line: int,
        cells: list[str] | BadRow,
        locator: str,
        queries: list[Query],
    ) -> Iterator[RecordResult]:
        row, error = row_result(path, header, line, cells, locator)
        if error is not None:
            yield error
            return
        assert row is not None
        for query in queries:
            for entity in query.map(row):
                yield RecordResult(locator, line, entity=entity)


def _cell(value: Any) -> str | None:
    """An Excel cell as the text the analyst sees (integral floats without ``.0``)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
