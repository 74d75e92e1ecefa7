"""Readers of hash-list files, one per format, in a named registry.

Each reader turns a file into entries ``{"md5", "sha1", "sha256", "pdq", "category",
"series", "line"}`` (hashes lower-case hex, missing ones None), or ``{"line", "error"}`` for a
malformed entry (the error names file, line and field). Readers are liberal in what
they accept (column names case-insensitive, upper- or lower-case hex, ``,``/``;``/tab CSV,
VICS 1.x and 2.0, hash set and case export) because no normative VICS schema is public.

``REGISTRY``: format name -> :class:`ListFormat` (``sniff(head) -> bool``, ``read(path) -> entries``).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clew.errors import FormatError, Location

HEX = {"md5": 32, "sha1": 40, "sha256": 64, "pdq": 64}
ALIASES = {
    "md5": "md5",
    "sha1": "sha1",
    "sha-1": "sha1",
    "sha256": "sha256",
    "sha-256": "sha256",
    "pdq": "pdq",
    "category": "category",
    "series": "series",
    "series name": "series",
}
Entry = dict[str, Any]


@dataclass(frozen=True)
class ListFormat:
    name: str
    sniff: Callable[[str], bool]
    read: Callable[[Path], Iterator[Entry]]
    default_kind: str | None = None  # a format that is always of one kind (NSRL: known-good)


def clean_hash(kind: str, value: Any, where: Location) -> str | None:
    """Lower-case hex of the right length, None if empty; FormatError naming where if malformed."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if text.startswith("0x"):
        text = text[2:]
    if not text:
        return None
    if len(text) != HEX[kind] or not re.fullmatch(r"[0-9a-f]+", text):
        raise FormatError(f"not a {kind.upper()} hash: {str(value)[:80]!r}", where)
    return text


def _entry(path: Path, line: int, values: dict[str, Any]) -> Entry:
    """An entry; ``{"line", "error"}`` instead when a hash is malformed (the reader goes on)."""
    entry: Entry = {"line": line}
    for kind in HEX:
        try:
            entry[kind] = clean_hash(kind, values.get(kind), Location(str(path), line, kind))
        except FormatError as exc:
            return {"line": line, "error": str(exc)}
    for key in ("category", "series"):
        value = values.get(key)
        entry[key] = None if value in (None, "") else str(value).strip()
    return entry


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 text: {exc}", Location(str(path))) from exc


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str] | str]]:
    """``(line, row)`` per CSV record, or ``(line, error)`` for a record that cannot be read:
    invalid UTF-8 (naming the column), more cells than the header, a cell over the CSV field
    limit. The reader goes on after each (issue 10 item 5)."""
    with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
        head = fh.read(4096)
        fh.seek(0)
        delimiter = max(",;\t", key=lambda d: head.split("\n", 1)[0].count(d))
        reader = csv.DictReader(fh, delimiter=delimiter)
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                limit = "field limit" in str(exc)
                why = f"a cell is larger than {csv.field_size_limit()} bytes" if limit else str(exc)
                yield reader.line_num, f"{Location(str(path), reader.line_num)}: unreadable CSV record: {why}"
                continue
            yield reader.line_num, _clean_row(path, reader.line_num, row)


def _clean_row(path: Path, line: int, row: dict[str | None, Any]) -> dict[str, str] | str:
    if None in row:
        extra = len(row[None]) if isinstance(row[None], list) else 1
        return f"{Location(str(path), line)}: {extra} more cell(s) than the header has columns"
    out: dict[str, str] = {}
    for key, value in row.items():
        name, text = (key or "").strip().lower(), (value or "").strip()
        if any("\udc80" <= ch <= "\udcff" for ch in text):
            return f"{Location(str(path), line, name)}: invalid UTF-8"
        out[name] = text
    return out


def _good_rows(path: Path) -> Iterator[tuple[int, dict[str, str]] | Entry]:
    """:func:`_rows` with each unreadable record already an error entry."""
    for line, row in _rows(path):
        yield {"line": line, "error": row} if isinstance(row, str) else (line, row)


# -- CSV: md5,sha1,sha256,pdq,category,series ----------------------------------------------------
def _sniff_csv(head: str) -> bool:
    first = re.split(r"[,;\t]", head.split("\n", 1)[0].strip().lower())
    return any(c.strip().strip('"') in HEX for c in first)


def read_csv(path: Path) -> Iterator[Entry]:
    for item in _good_rows(path):
        if isinstance(item, dict):
            yield item
            continue
        line, row = item
        values = {ALIASES[k]: v for k, v in row.items() if k in ALIASES}
        if any(values.get(k) for k in HEX):
            yield _entry(path, line, values)


# -- Interpol ICSE export (as IPED reads it) -----------------------------------------------------
def _sniff_icse(head: str) -> bool:
    first = head.split("\n", 1)[0].lower()
    return "image id" in first and "series name" in first


def read_icse(path: Path) -> Iterator[Entry]:
    for item in _good_rows(path):
        if isinstance(item, dict):
            yield item
            continue
        line, row = item
        values = {"md5": row.get("md5"), "sha1": row.get("sha1"), "series": row.get("series name")}
        values["category"] = row.get("media type") or None
        if values["md5"] or values["sha1"]:
            yield _entry(path, line, values)


# -- NIST NSRL RDS 2.x NSRLFile.txt (known-good) --------------------------------------------------
def _sniff_nsrl(head: str) -> bool:
    return head.lstrip().lower().startswith('"sha-1","md5"')


def read_nsrl(path: Path) -> Iterator[Entry]:
    for item in _good_rows(path):
        if isinstance(item, dict):
            yield item
            continue
        line, row = item
        product = row.get("productcode")
        values = {"md5": row.get("md5"), "sha1": row.get("sha-1"), "category": f"NSRL product {product}"}
        yield _entry(path, line, values)


# -- Project VIC VICS JSON (1.x odata.metadata / 2.0 @odata.context; #Media or #Cases) ------------
def _sniff_vics(head: str) -> bool:
    return head.lstrip().startswith("{") and ("odata" in head.lower() or '"value"' in head)


def _ci(obj: dict, key: str) -> Any:
    for k, v in obj.items():
        if k.lower() == key.lower():
            return v
    return None


def _profile(context: str) -> str:
    match = re.search(r"DataModels/([\d.]+)\.xml(?:/([A-Za-z]+))?", context or "")
    if not match:
        return "VICS"
    return f"VICS {match.group(1)}" + (f" {match.group(2)}" if match.group(2) else "")


def _media_of(doc: dict) -> Iterator[dict]:
    for item in _ci(doc, "value") or []:
        if not isinstance(item, dict):
            continue
        nested = _ci(item, "Media")
        if isinstance(nested, list):  # case export: value[*].Media[*]
            yield from (m for m in nested if isinstance(m, dict))
        else:
            yield item


def read_vics(path: Path) -> Iterator[Entry]:
    try:
        doc = json.loads(_read_text(path))
    except ValueError as exc:
        raise FormatError(f"not JSON: {exc}", Location(str(path))) from exc
    except RecursionError as exc:
        raise FormatError("JSON nested too deeply to be a VICS file", Location(str(path))) from exc
    if not isinstance(doc, dict) or not isinstance(_ci(doc, "value"), list):
        raise FormatError("no 'value' array: not a VICS file", Location(str(path)))
    profile = _profile(_ci(doc, "@odata.context") or _ci(doc, "odata.metadata") or "")
    for n, media in enumerate(_media_of(doc), start=1):
        values: dict[str, Any] = {k: _ci(media, k) for k in ("MD5", "SHA1", "SHA256")}
        values = {k.lower(): v for k, v in values.items()}
        alts = _ci(media, "AlternativeHashes") or []
        if not isinstance(alts, list) or not all(isinstance(a, dict) for a in alts):
            where = Location(str(path), n, "AlternativeHashes")
            yield {"line": n, "error": f"{where}: must be a list of objects with HashName and HashValue"}
            continue
        for alt in alts:
            name = str(_ci(alt, "HashName") or "").lower().replace("-", "")
            if name in HEX:
                values.setdefault(name, None)
                values[name] = values[name] or _ci(alt, "HashValue")
        category = _ci(media, "Category")
        values["category"] = None if category in (None, "") else f"{profile} category {category}"
        values["series"] = _ci(media, "Series")
        if any(values.get(k) for k in HEX):
            yield _entry(path, n, values)


# -- plain PDQ list: one 64-hex hash a line (ThreatExchange / HMA exports), optional fields after --
_TOKEN = re.compile(r"[\s,;]+")


def _lines(head: str) -> list[str]:
    return [t for t in (x.strip() for x in head.splitlines()) if t and not t.startswith("#")]


def _sniff_pdq_lines(head: str) -> bool:
    lines = _lines(head)[:-1] or _lines(head)  # the 4 KiB head may cut its last line
    return bool(lines) and all(re.fullmatch(r"[0-9a-fA-F]{64}", _TOKEN.split(x, 1)[0]) for x in lines)


def read_pdq_lines(path: Path) -> Iterator[Entry]:
    for n, text in enumerate(_read_text(path).splitlines(), 1):
        text = text.strip()
        if text and not text.startswith("#"):
            yield _entry(path, n, {"pdq": _TOKEN.split(text, 1)[0]})


REGISTRY: dict[str, ListFormat] = {
    "nsrl": ListFormat("nsrl", _sniff_nsrl, read_nsrl, default_kind="known-good"),
    "vics": ListFormat("vics", _sniff_vics, read_vics),
    "icse": ListFormat("icse", _sniff_icse, read_icse),
    "csv": ListFormat("csv", _sniff_csv, read_csv),
    "pdq-lines": ListFormat("pdq-lines", _sniff_pdq_lines, read_pdq_lines),
}


def detect(path: Path) -> ListFormat:
    """The first format (in registry order) whose sniff accepts the file's first 4 KiB."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096).decode("utf-8-sig", errors="replace")
    except OSError as exc:
        raise FormatError(f"unreadable: {exc.strerror or exc}", Location(str(path))) from exc
    for fmt in REGISTRY.values():
        if fmt.sniff(head):
            return fmt
    raise FormatError(
        "not a known hash-list format (CSV with md5/sha1/sha256/pdq header, VICS JSON, NSRL, ICSE, "
        "one PDQ hash a line)",
        Location(str(path), 1),
    )
