"""CSV and Excel files mapped to FtM entities by a mapping file (see ``clew.ingest.mapping``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from clew.errors import FormatError, Location, MappingError
from clew.ingest.csvchecks import BadRow
from clew.ingest.csvrows import checked_rows, read_csv_rows, row_result
from clew.ingest.mapping import Query, check_columns, load_mapping
from clew.ingest.records import Reader, RecordResult, SourceContext, lower_name
from clew.ingest.statement import payment_rows
from clew.ingest.statement_spec import Statement, load_statement

MAPPING_SUFFIXES = (".mapping.yml", ".mapping.yaml")


def mapping_for(path: Path) -> Path | None:
    """``<name>.mapping.yml`` next to ``<name>.csv``/``.xlsx``, if present."""
    for suffix in MAPPING_SUFFIXES:
        candidate = path.with_name(path.stem + suffix)
        if candidate.is_file():
            return candidate
    return None


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
