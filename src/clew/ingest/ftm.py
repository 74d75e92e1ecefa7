"""FtM entity streams: one JSON object a line, as ``ftm`` and Aleph export them."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from followthemoney import model

from clew.errors import FormatError, Location
from clew.ingest.ids import line_entity_id
from clew.ingest.lines import MAX_LINE, read_lines
from clew.ingest.records import Reader, RecordResult, SourceContext, lower_name

SUFFIXES = (".ftm.json", ".ftm.jsonl", ".jsonl", ".ijson")
PARSER = "orjson"  # the JSON parser of every line; bench/ingest.py measures against the same one
loads = orjson.loads
SCHEMATA = frozenset(model.schemata)  # FtM's schema names


class FtMReader(Reader):
    """``{"id", "schema", "properties"}`` a line; any FtM schema; ``id`` optional."""

    name = "ftm"
    splittable = True

    def matches_name(self, path: Path, ctx: SourceContext) -> bool:
        return lower_name(path).endswith(SUFFIXES)

    def sniff(self, path: Path, head: bytes) -> bool:
        first = head.removeprefix(codecs.BOM_UTF8).lstrip().split(b"\n", 1)[0]
        return first.startswith(b"{") and b'"schema"' in first

    def read(self, path: Path, ctx: SourceContext) -> Iterator[RecordResult]:
        return self.read_span(path, ctx, 0, None, 1)

    def read_span(
        self, path: Path, ctx: SourceContext, start: int, end: int | None, first_line: int
    ) -> Iterator[RecordResult]:
        try:
            fh = path.open("rb")
        except OSError as exc:
            raise FormatError(f"cannot read: {exc.strerror or exc}", Location(file=str(path))) from exc
        with fh:
            if start == 0 and fh.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8:
                start = 3  # a UTF-8 byte-order mark is not part of the first record
            fh.seek(start)
            position = self.position = start
            for line in read_lines(fh, first=first_line):
                if end is not None and position >= end:  # this line starts the next span
                    return
                position = self.position = position + line.size
                locator = f"line {line.number}"
                if line.oversized:
                    yield RecordResult.fail(
                        locator,
                        line.number,
                        f"line of {line.oversized} bytes exceeds the {MAX_LINE} byte limit of a record",
                        "(record)",
                        line.data,
                    )
                    continue
                if not line.data or line.data.isspace():
                    continue
                yield parse_entity(line.data, line.number, locator, ctx.sha256, line.complete)


def parse_entity(data: bytes, number: int, locator: str, sha256: str, complete: bool = True) -> RecordResult:
    """One JSON line to an entity result, or an error naming the field."""
    try:
        obj = loads(data)
    except orjson.JSONDecodeError as exc:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as uexc:
            return RecordResult.fail(
                locator, number, f"invalid UTF-8 at byte {uexc.start}", "(encoding)", data
            )
        if not complete:
            return RecordResult.fail(
                locator, number, f"truncated record: the file ends mid-record ({exc})", "(record)", data
            )
        return RecordResult.fail(locator, number, f"malformed JSON: {exc}", "(record)", data)
    if not isinstance(obj, dict):
        return RecordResult.fail(locator, number, "not a JSON object", "(record)", data)
    schema = obj.get("schema")
    if not isinstance(schema, str) or not schema:
        return RecordResult.fail(locator, number, "no schema", "schema", data)
    if schema not in SCHEMATA:
        return RecordResult.fail(locator, number, f"unknown FtM schema {schema!r}", "schema", data)
    entity_id = obj.get("id")
    if entity_id is None or entity_id == "":
        entity_id = line_entity_id(sha256, locator)
    elif type(entity_id) is not str:
        if not isinstance(entity_id, int) or isinstance(entity_id, bool):
            return RecordResult.fail(locator, number, "id is not a string", "id", data)
        entity_id = str(entity_id)
    props = obj.get("properties") or {}
    if not isinstance(props, dict):
        return RecordResult.fail(locator, number, "properties is not an object", "properties", data)
    for values in props.values():  # the usual case: lists of non-blank strings, kept as they are
        if type(values) is not list or not values:
            break
        for v in values:
            if type(v) is not str or not v or v.isspace():
                break
        else:
            continue
        break
    else:
        return RecordResult(locator, number, entity={"id": entity_id, "schema": schema, "properties": props})
    clean: dict[str, list[str]] = {}
    for prop, values in props.items():
        out = _strings(values)
        if out is None:
            return RecordResult.fail(
                locator, number, "property values must be strings", f"properties.{prop}", data
            )
        if out:
            clean[prop] = out
    return RecordResult(locator, number, entity={"id": entity_id, "schema": schema, "properties": clean})


def _strings(values: Any) -> list[str] | None:
    """Non-blank strings of a property (scalars listed, numbers and booleans as text); None if invalid."""
    if type(values) is list:  # the usual case, checked without building a new list
        for v in values:
            if type(v) is not str or not v or v.isspace():
                break
        else:
            return values
    else:
        values = [values]
    out: list[str] = []
    for value in values:
        if isinstance(value, str):
            if value.strip():
                out.append(value)
        elif value is None:
            continue
        elif isinstance(value, bool | int | float):
            out.append(str(value).lower() if isinstance(value, bool) else str(value))
        else:
            return None
    return out
