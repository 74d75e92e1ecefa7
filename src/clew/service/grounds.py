"""What each role rests on, item by item, as the analysis stored it (issue 14 item 4).

A role's evidence is the JSON its analysis stored in ``subject_roles``: the money step names
accounts, seller accounts and the subjects paying or paid; the network step groups, syndicates
and structural measures; the evidence step the records that show access to children; the media
step lists and series (counts, never content). :func:`grounds` walks that JSON and says of each
stored value what it is, without adding anything: a **record** (an entity id the operation
holds: its provenance is one click away), a **subject** (its page), a **syndicate** (its
members), or a **figure** the analysis computed (a measure, a count, a rule's words), which has
no record behind it. Strings that are none of these are shown as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from clew.service.base import Result, rounded
from clew.service.display import chunks
from clew.store.base import Store

ITEMS = 60
"""Items listed per role at most: the analyses already cap their evidence (five accounts, five
records per indicator), so only an unusual role reaches it; the rest is counted, and the whole
evidence is in ``clew network subject ID --json`` and the API's subject document."""


@dataclass(frozen=True)
class Ground(Result):
    key: str  # where in the evidence, in words: "accounts · seller accounts"
    value: str  # the stored value as written
    kind: str  # record | subject | syndicate | figure | words
    label: str | None = None  # a record's schema, a subject's name


@dataclass(frozen=True)
class Grounds(Result):
    items: tuple[Ground, ...]
    more: int  # items beyond :data:`ITEMS`


def _leaves(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, (*path, str(k).replace("_", " ")))
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _leaves(v, path)
    else:
        yield " · ".join(path), value


def _known(store: Store, strings: list[str]) -> dict[str, tuple[str, str | None]]:
    """string -> (kind, label) for the strings that are subjects, records or syndicates."""
    out: dict[str, tuple[str, str | None]] = {}
    for batch in chunks(strings):
        for r in store.select("syndicates", {"syndicate_id": batch}, ["syndicate_id"]):
            out[r["syndicate_id"]] = ("syndicate", None)
        for r in store.select("fragments", {"entity_id": batch}, ["entity_id", "schema"]):
            out[r["entity_id"]] = ("record", r["schema"])
        for r in store.select("subjects", {"subject_id": batch}, ["subject_id", "name"]):
            out[r["subject_id"]] = ("subject", r["name"])
    return out


def grounds(store: Store, evidence: list[Any]) -> list[Grounds]:
    """For each role's evidence (parsed JSON, or None when withheld) its items, in stored order."""
    leaves = [list(_leaves(e)) if e is not None else [] for e in evidence]
    strings = sorted({v for items in leaves for _, v in items if isinstance(v, str)})
    known = _known(store, strings)
    out = []
    for items in leaves:
        shown = []
        for key, value in items[:ITEMS]:
            if isinstance(value, str):
                kind, label = known.get(value, ("words", None))
                shown.append(Ground(key, value, kind, label))
            else:
                shown.append(Ground(key, _figure(value), "figure"))
        out.append(Grounds(tuple(shown), max(0, len(items) - ITEMS)))
    return out


def _figure(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "none" if value is None else str(rounded(value))
