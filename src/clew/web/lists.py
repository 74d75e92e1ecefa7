"""Every list page has a CSV and a JSON twin (issue 14 item 3, after Datasette's ``.json``):
the page, the CSV and the JSON are made from the same rows and the same declared columns, so
they cannot disagree. CSV goes through Clew's one CSV writer (formula injection neutralised)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

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
    if isinstance(value, dict):  # {"PH": 13, "US": 8} -> "PH 13; US 8"
        return "; ".join(f"{k} {v}" for k, v in value.items())
    return value


def href(path: str, params: Mapping[str, Any], **change: Any) -> str:
    """``path`` with ``params`` updated by ``change`` as its query (``None`` removes one). Only
    facet values and page numbers go there: opaque codes and ids, never search terms (E6)."""
    merged = {k: v for k, v in {**params, **change}.items() if v not in (None, "")}
    return path + ("?" + urlencode(sorted(merged.items())) if merged else "")


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
