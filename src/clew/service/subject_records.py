"""The records a subject is made of, and the names they give it.

Each record with the source file and locator of every fragment it was read from, so the subject
page can send the analyst back to the evidence (a fragment whose source the operation's store
does not return is left out); the names with how many records give each, most first (ties by
name), so the spelling most sources agree on leads.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from clew.model.entity import Record
from clew.service.base import Result
from clew.service.display import name_counts
from clew.store.base import Store


@dataclass(frozen=True)
class NameVariant(Result):
    name: str
    records: int  # how many of the subject's records give it


@dataclass(frozen=True)
class SourceRef(Result):
    source_id: int
    path: str
    label: str | None
    kind: str | None
    locator: str


@dataclass(frozen=True)
class RecordView(Result):
    entity_id: str
    schema: str
    name: str | None
    sources: tuple[SourceRef, ...]


def names(records: list[Record]) -> tuple[NameVariant, ...]:
    """Every name the records give, with how many give it: most first, then alphabetically."""
    counts: Counter = Counter()
    for record in records:
        counts.update(name_counts([record])[0].keys())
    return tuple(NameVariant(n, c) for n, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def records(store: Store, found: list[Record]) -> tuple[RecordView, ...]:
    """Each record with its best name and the sources (file, locator) it was read from."""
    ids = [r.id for r in found]
    places = list(store.select("fragments", {"entity_id": ids}, ["entity_id", "source_id", "locator"]))
    sources = {
        s["id"]: s
        for s in store.select("sources", {"id": sorted({p["source_id"] for p in places})},
                              ["id", "path", "label", "kind"])
    }  # fmt: skip
    refs: dict[str, list[SourceRef]] = defaultdict(list)
    for p in places:
        s = sources.get(p["source_id"])
        if s:
            refs[p["entity_id"]].append(SourceRef(s["id"], s["path"], s["label"], s["kind"], p["locator"]))
    return tuple(
        RecordView(r.id, r.schema, next(iter(name_counts([r])[0]), None), tuple(refs[r.id])) for r in found
    )
