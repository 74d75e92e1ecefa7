"""Every list page has a CSV and a JSON twin (issue 14 item 3, after Datasette's ``.json``):
the page, the CSV and the JSON are made from the same rows and the same declared columns, so
they cannot disagree. CSV goes through Clew's one CSV writer (formula injection neutralised)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi.responses import Response

from clew.csvout import Writer
from clew.errors import NotFound
from clew.service.base import jsonable

FORMATS = ("csv", "json")


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    numeric: bool = False


def cell(row: Mapping[str, Any], key: str) -> Any:
    value = row.get(key)
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value


def twin(fmt: str, name: str, columns: Iterable[Column], rows: Iterable[Mapping[str, Any]]) -> Response:
    """The list as ``name.csv`` or ``name.json`` (a download; ``no-store`` like every response)."""
    columns = list(columns)
    if fmt not in FORMATS:
        raise NotFound(f"no format {fmt!r}: use .csv or .json")
    if fmt == "json":
        listed = [{c.key: jsonable(r.get(c.key)) for c in columns} for r in rows]
        body = json.dumps(listed, ensure_ascii=False)
        media = "application/json"
    else:
        out = io.StringIO()
        writer = Writer(out, [c.key for c in columns])
        writer.rows([cell(r, c.key) for c in columns] for r in rows)
        body, media = out.getvalue(), "text/csv; charset=utf-8"
    disposition = f'attachment; filename="{name}.{fmt}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})
