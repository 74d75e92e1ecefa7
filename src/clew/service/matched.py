"""Which items a subject's hash-match counts are made of (issue 14 item 4), hashes and places
only — never content, never a description (Clew holds no material, checklist C3).

``media_matches`` names each matched item: a media **record** (an Image/Video/Document entity
id; its provenance — source file, line, acquisition record — is a row of the subject page) or a
**file** hashed by ``clew media hash`` (its path as stored, inside a zip ``archive.zip!inner``).
A hashed file has no source record with a line: what exists is the exhibit label it was hashed
under and its hashes (``media_files``), and that is what is shown. Only callers holding
``sensitive.read`` may ask (the dossier asks only then).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clew.service.base import Result
from clew.service.display import chunks
from clew.service.ties import held
from clew.store.base import Store

ITEMS = 20
"""Items listed per list and series at most: a page must stay readable for a collector holding
hundreds of matches; the rest is counted, and every match is in the API's subject document."""


@dataclass(frozen=True)
class MatchedItem(Result):
    item: str  # the record's entity id, or the hashed file's path as stored
    item_kind: str  # record | file
    match: str  # md5 | sha1 | sha256 | pdq | possibly-new
    record: bool  # a record the operation holds: its provenance row is on the page
    sha256: str | None = None
    pdq: str | None = None
    md5: str | None = None  # file items: the hashes ``clew media hash`` computed
    sha1: str | None = None
    exhibit: str | None = None  # file items: the ``--source`` label it was hashed under


@dataclass(frozen=True)
class Series(Result):
    list: str  # list name, or "possibly-new"
    series: str | None
    matches: int
    items: tuple[MatchedItem, ...]  # the first ITEMS, records and files as stored
    more: int


def _files(store: Store, paths: list[str]) -> dict[str, dict[str, Any]]:
    columns = ["path", "source", "md5", "sha1", "sha256", "pdq"]
    out: dict[str, dict[str, Any]] = {}
    for batch in chunks(sorted(set(paths))):
        for r in store.select("media_files", {"path": batch}, columns, ["id"]):
            out.setdefault(r["path"], r)
    return out


def per_series(store: Store, rows: list[dict[str, Any]]) -> list[Series]:
    """The subject's ``media_matches`` rows grouped per list and series, each with its items."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in sorted(rows, key=lambda r: (r["item_kind"], r["item"], r["match"])):
        groups.setdefault((r["list_name"] or "possibly-new", r["series"] or ""), []).append(r)
    records = held(store, (r["item"] for r in rows if r["item_kind"] == "record"))
    files = _files(store, [r["item"] for r in rows if r["item_kind"] == "file"])
    out = []
    for (name, series), found in sorted(groups.items()):
        items = []
        for r in found[:ITEMS]:
            f = files.get(r["item"], {}) if r["item_kind"] == "file" else {}
            items.append(
                MatchedItem(
                    r["item"],
                    r["item_kind"],
                    r["match"],
                    record=r["item_kind"] == "record" and r["item"] in records,
                    sha256=r["sha256"] or f.get("sha256"),
                    pdq=r["pdq"] or f.get("pdq"),
                    md5=f.get("md5"),
                    sha1=f.get("sha1"),
                    exhibit=f.get("source"),
                )
            )
        out.append(Series(name, series or None, len(found), tuple(items), max(0, len(found) - ITEMS)))
    return out
